// Software mitigation: a non-finite guard on the gradients. Before the update, every share's
// parameter gradient is scanned; if any value is NaN or infinite the step's update is skipped
// (the minibatch is dropped), so one corrupted step cannot poison the weights and the optimizer
// state. The optimizer's step counter (Adam's bias correction) has already advanced for the
// skipped step, as for any dropped minibatch.
//
// Cost: one read of every share's gradient per step, timed on the host (seconds()); reported to
// the probe so a simulated run pays for it.
#pragma once

#include <cstdint>
#include <vector>

#include "sw/train/Trainer.h"
#include "sw/train/TrainerHooks.h"

namespace sttvp::sw {

class GradientGuard final : public TrainerHooks {
 public:
  explicit GradientGuard(const Trainer& trainer);

  bool before_update(std::uint64_t step) override;

  std::uint64_t skipped_steps() const { return skipped_; }
  // -1: none.
  std::int64_t first_skipped_step() const { return first_skipped_; }
  double seconds() const { return seconds_; }

 private:
  std::vector<BufferInfo> gradients_;
  std::uint64_t skipped_ = 0;
  std::int64_t first_skipped_ = -1;
  double seconds_ = 0;
};

}  // namespace sttvp::sw
