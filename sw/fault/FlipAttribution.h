// Attribution of the simulated LLC's retention flips (closed loop) to the training's tensors.
//
// With dram.store = host, a simulated address is the host address of the data, so the byte
// address that Llc's flip observer reports (address, bit in the byte, permanent or transient)
// falls in one of the trainer's buffers (Trainer::buffers: activations, gradients, weights,
// optimizer state, scratch) or in a data set. This maps it back: region, element (float index),
// bit of the float (0-31, little-endian: byte b of the float holds bits 8b to 8b + 7), and
// counts the flips per region.
//
// The same memory can be listed under two roles (the output of layer l-1 is the input of layer
// l; the input gradient of layer l is the output gradient of layer l-1); a flip there is counted
// once, for the role that reads it next: the input of layer l, the output gradient of layer l-1.
// The other name is kept as an alias.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sw/data/TrainingData.h"
#include "sw/nn/BufferInfo.h"
#include "sw/train/Trainer.h"

namespace sttvp::sw {

class FlipAttribution {
 public:
  struct Region {
    std::string name;     // "layer1.tanh.input[share0]", "train.images"
    std::string aliases;  // other roles of the same memory, ';'-separated
    std::string kind;     // buffer kind name (input, weights, ...) or "data"
    int layer = -1;
    int share = -1;
    std::uintptr_t begin = 0;  // bytes [begin, end)
    std::uintptr_t end = 0;
    bool floats = true;  // holds float32 values (labels do not)
    std::uint64_t flips = 0;
    std::uint64_t permanent = 0;
    std::uint64_t nonfinite = 0;  // flips that left the float NaN or infinite
    std::int64_t first_step = -1;
  };
  struct Hit {
    const Region* region = nullptr;  // null: no known buffer
    std::uint64_t element = 0;       // float index in the region
    unsigned bit = 0;                // bit of the float
  };

  explicit FlipAttribution(const std::vector<BufferInfo>& buffers);
  // Every buffer of the trainer, and the images and labels of the data sets.
  static FlipAttribution for_training(const Trainer& trainer, const TrainingData& train,
                                      const TrainingData& test);
  // Another named range, e.g. a data set (`floats`: holds float32 values).
  void add_region(const std::string& name, const void* data, std::size_t bytes, bool floats);

  Hit find(std::uint64_t addr, unsigned bit_in_byte) const;
  // Counts a flip that has just been applied at `addr` (the memory already holds the new value)
  // during training step `step`.
  void record(std::uint64_t addr, unsigned bit_in_byte, bool permanent, std::uint64_t step);

  std::uint64_t flips() const { return flips_; }
  std::uint64_t unattributed() const { return unattributed_; }
  const std::vector<Region>& regions() const { return regions_; }
  // Flips per layer (index layer + 1; index 0: regions of no layer, such as data sets).
  std::vector<std::uint64_t> flips_per_layer() const;

  // One row per region that received flips, plus an `unattributed` row if any:
  //   tensor,kind,layer,share,flips,permanent,transient,nonfinite,first_step,aliases
  std::string csv() const;
  static constexpr const char* kHeader =
      "tensor,kind,layer,share,flips,permanent,transient,nonfinite,first_step,aliases";

 private:
  std::vector<Region> regions_;  // sorted by begin
  std::uint64_t flips_ = 0;
  std::uint64_t unattributed_ = 0;
  std::uint64_t unattributed_permanent_ = 0;
};

}  // namespace sttvp::sw
