#include "sw/nn/Tensor.h"

#include <algorithm>

#include "sw/nn/Arena.h"

namespace sttvp::sw {

void Tensor::Free::operator()(float* p) const { Arena::instance().deallocate(p); }

Tensor::Tensor(std::size_t count) : size_(count) {
  if (count == 0) return;
  // Whole lines, so that the zero fill covers the padding of the last one.
  const std::size_t bytes = (count * sizeof(float) + kAlignment - 1) / kAlignment * kAlignment;
  auto* p = static_cast<float*>(Arena::instance().allocate(bytes));
  std::fill(p, p + bytes / sizeof(float), 0.0f);
  data_.reset(p);
}

void Tensor::fill(float value) { std::fill(data(), data() + size_, value); }

}  // namespace sttvp::sw
