// A labelled sample set in memory, as the trainer consumes it: samples as floats, one after
// another (N x C x H x W) in one 64-byte-aligned buffer, and one class label per sample, both in
// the Arena (reproducible simulated addresses).
//
// Real images come from the loader (sw/Dataset), which owns the one implementation of pixel
// scaling and padding: from_dataset() copies its floats. Synthetic sets (tests) fill the vectors
// directly. The simulated platform uses host addresses as simulated addresses: do not resize a
// set while a trainer uses it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sw/nn/AlignedAllocator.h"

namespace sttvp::sw {

class Dataset;

struct TrainingData {
  std::size_t channels = 1;
  std::size_t height = 0;
  std::size_t width = 0;
  std::size_t classes = 10;
  std::vector<float, AlignedAllocator<float>> images;
  std::vector<std::uint8_t, AlignedAllocator<std::uint8_t>> labels;

  std::size_t size() const { return labels.size(); }
  std::size_t sample_size() const { return channels * height * width; }
  // Throws std::invalid_argument unless the image count matches the labels and every label is
  // below `classes`.
  void validate() const;
  // The first n samples (n clamped to size()).
  TrainingData head(std::size_t n) const;

  // The images and labels of a loaded data set (one channel, its padded rows x cols).
  static TrainingData from_dataset(const Dataset& dataset);
};

}  // namespace sttvp::sw
