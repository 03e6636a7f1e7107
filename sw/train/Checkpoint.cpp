#include "sw/train/Checkpoint.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace sttvp::sw {

Checkpoint::Checkpoint(const Trainer& trainer) {
  std::size_t total = 0;
  for (BufferInfo& b : trainer.buffers()) {
    if (b.kind == BufferKind::Weights || b.kind == BufferKind::Bias ||
        b.kind == BufferKind::WeightState || b.kind == BufferKind::BiasState) {
      total += b.count;
      buffers_.push_back(std::move(b));
    }
  }
  copy_.resize(total);
}

void Checkpoint::save(std::uint64_t step) {
  float* out = copy_.data();
  for (const BufferInfo& b : buffers_) out = std::copy(b.data, b.data + b.count, out);
  saved_ = true;
  step_ = step;
}

void Checkpoint::load(std::uint64_t step, std::vector<float> values) {
  if (values.size() != copy_.size())
    throw std::invalid_argument("Checkpoint::load: " + std::to_string(values.size()) +
                                " values for a copy of " + std::to_string(copy_.size()));
  copy_ = std::move(values);
  saved_ = true;
  step_ = step;
}

void Checkpoint::restore() {
  if (!saved_) throw std::logic_error("Checkpoint::restore: nothing saved");
  const float* in = copy_.data();
  for (const BufferInfo& b : buffers_) {
    std::copy(in, in + b.count, b.data);
    in += b.count;
  }
}

}  // namespace sttvp::sw
