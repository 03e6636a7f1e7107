#include "sw/fault/DivergenceMonitor.h"

#include "sw/nn/NonFinite.h"

namespace sttvp::sw {

DivergenceMonitor::DivergenceMonitor(const Trainer& trainer)
    : trainer_(trainer),
      outputs_(trainer.network().layer_count(), 0),
      first_output_(trainer.network().layer_count(), -1) {}

void DivergenceMonitor::note(std::int64_t step) {
  if (first_step_ < 0 || step < first_step_) first_step_ = step;
}

void DivergenceMonitor::after_forward(unsigned share, std::size_t layer, std::size_t n) {
  const Layer& l = trainer_.network().layer(layer);
  const float* y = trainer_.workspace(share).activation(layer + 1).data();
  const std::size_t count = count_nonfinite(y, n * l.out_size());
  if (count == 0) return;
  outputs_[layer] += count;
  step_count_ += count;
  const auto step = static_cast<std::int64_t>(step_);
  if (first_output_[layer] < 0) first_output_[layer] = step;
  note(step);
}

void DivergenceMonitor::end_step(std::uint64_t step, const LossResult& result) {
  if (result.nonfinite == 0) return;
  samples_ += result.nonfinite;
  const auto s = static_cast<std::int64_t>(step);
  if (first_loss_step_ < 0) first_loss_step_ = s;
  note(s);
}

}  // namespace sttvp::sw
