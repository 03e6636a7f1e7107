// Watches a training run for NaN and infinite values: after every layer's forward pass it counts
// the non-finite values the layer produced (its output, the live part of the share's buffer), and
// the driver reports each step's loss (end_step). The first step with a non-finite loss or layer
// output is the run's first non-finite step; whether the run diverged (its parameters became
// non-finite) is the driver's call (sw/InjectionRun).
//
// Counting costs one pass over the activations per step (a few percent of a LeNet-5 step); it
// reads memory only, so a monitored run is bit-identical to an unmonitored one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sw/nn/Loss.h"
#include "sw/train/Trainer.h"
#include "sw/train/TrainerHooks.h"

namespace sttvp::sw {

class DivergenceMonitor final : public TrainerHooks {
 public:
  explicit DivergenceMonitor(const Trainer& trainer);

  void begin_step(std::uint64_t step) override {
    step_ = step;
    step_count_ = 0;
  }
  void after_forward(unsigned share, std::size_t layer, std::size_t n) override;
  // The driver's report of step `step`: samples with a non-finite output or loss.
  void end_step(std::uint64_t step, const LossResult& result);

  // -1: none yet.
  std::int64_t first_nonfinite_step() const { return first_step_; }
  std::int64_t first_nonfinite_loss_step() const { return first_loss_step_; }
  // Non-finite outputs of each layer, summed over steps and shares, and the first step of each.
  const std::vector<std::uint64_t>& nonfinite_outputs() const { return outputs_; }
  const std::vector<std::int64_t>& first_nonfinite_output_step() const { return first_output_; }
  // Training samples whose loss or network output was non-finite.
  std::uint64_t nonfinite_samples() const { return samples_; }
  // Non-finite values (any layer) in the current step so far.
  std::uint64_t step_nonfinite() const { return step_count_; }

 private:
  void note(std::int64_t step);

  const Trainer& trainer_;
  std::uint64_t step_ = 0;
  std::uint64_t step_count_ = 0;
  std::int64_t first_step_ = -1;
  std::int64_t first_loss_step_ = -1;
  std::vector<std::uint64_t> outputs_;
  std::vector<std::int64_t> first_output_;
  std::uint64_t samples_ = 0;
};

}  // namespace sttvp::sw
