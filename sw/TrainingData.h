// A labelled image set in memory, as the trainer consumes it: images as floats, sample after
// sample (N x C x H x W), and one class label per sample. Loaders (IDX files, ...) fill it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sttvp::sw {

struct TrainingData {
  std::size_t channels = 1;
  std::size_t height = 0;
  std::size_t width = 0;
  std::size_t classes = 10;
  std::vector<float> images;
  std::vector<std::uint8_t> labels;

  std::size_t size() const { return labels.size(); }
  std::size_t sample_size() const { return channels * height * width; }
  // Throws std::invalid_argument unless the image count matches the labels and every label is
  // below `classes`.
  void validate() const;
  // The first n samples (n clamped to size()).
  TrainingData head(std::size_t n) const;

  // Grey-scale bytes (count x height x width) to floats as tiny-dnn's parse_mnist_images:
  // v = lo + (hi - lo) * byte / 255, then `pad` pixels of value lo on every side (LeNet:
  // lo = -1, hi = 1, pad = 2 gives 32 x 32 images; the MLP uses pad = 0).
  static TrainingData from_bytes(const std::uint8_t* pixels, const std::uint8_t* labels,
                                 std::size_t count, std::size_t height, std::size_t width, float lo,
                                 float hi, std::size_t pad);
};

}  // namespace sttvp::sw
