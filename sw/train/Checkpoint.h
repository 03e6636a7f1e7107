// A copy of everything an update writes that later steps read: the weights, biases and optimizer
// state vectors of every layer (found through Trainer::buffers). restore() writes it back, which
// undoes every step since save() except the optimizer's step counter and the sample order, which
// go on (training resumes from the current step, not from the checkpoint's, so the faults and
// the data of the steps in between are not replayed).
#pragma once

#include <cstdint>
#include <vector>

#include "sw/train/Trainer.h"

namespace sttvp::sw {

class Checkpoint {
 public:
  explicit Checkpoint(const Trainer& trainer);

  void save(std::uint64_t step);
  // Throws std::logic_error if nothing was saved.
  void restore();
  bool saved() const { return saved_; }
  std::uint64_t step() const { return step_; }
  // Floats in one copy.
  std::size_t size() const { return copy_.size(); }
  // The saved floats, buffer after buffer (to store the copy elsewhere)...
  const std::vector<float>& values() const { return copy_; }
  // ...and a copy stored elsewhere taken back as saved at `step` (std::invalid_argument if its
  // size is not size()).
  void load(std::uint64_t step, std::vector<float> values);

 private:
  std::vector<BufferInfo> buffers_;
  std::vector<float> copy_;
  bool saved_ = false;
  std::uint64_t step_ = 0;
};

}  // namespace sttvp::sw
