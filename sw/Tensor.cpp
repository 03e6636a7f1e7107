#include "sw/Tensor.h"

#include <algorithm>
#include <cstdlib>
#include <new>

namespace sttvp::sw {

void Tensor::Free::operator()(float* p) const { std::free(p); }

Tensor::Tensor(std::size_t count) : size_(count) {
  if (count == 0) return;
  // aligned_alloc wants a size that is a multiple of the alignment.
  const std::size_t bytes = (count * sizeof(float) + kAlignment - 1) / kAlignment * kAlignment;
  auto* p = static_cast<float*>(std::aligned_alloc(kAlignment, bytes));
  if (p == nullptr) throw std::bad_alloc();
  std::fill(p, p + bytes / sizeof(float), 0.0f);
  data_.reset(p);
}

void Tensor::fill(float value) { std::fill(data(), data() + size_, value); }

}  // namespace sttvp::sw
