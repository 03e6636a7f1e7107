#include "sw/TrainingData.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace sttvp::sw {

void TrainingData::validate() const {
  if (images.size() != labels.size() * sample_size()) {
    throw std::invalid_argument("TrainingData: " + std::to_string(images.size()) + " floats for " +
                                std::to_string(labels.size()) + " samples of " +
                                std::to_string(sample_size()));
  }
  for (std::uint8_t label : labels) {
    if (label >= classes) {
      throw std::invalid_argument("TrainingData: label " + std::to_string(label) +
                                  " not below the class count " + std::to_string(classes));
    }
  }
}

TrainingData TrainingData::head(std::size_t n) const {
  TrainingData out = *this;
  n = std::min(n, size());
  out.labels.resize(n);
  out.images.resize(n * sample_size());
  return out;
}

TrainingData TrainingData::from_bytes(const std::uint8_t* pixels, const std::uint8_t* labels,
                                      std::size_t count, std::size_t height, std::size_t width,
                                      float lo, float hi, std::size_t pad) {
  TrainingData data;
  data.height = height + 2 * pad;
  data.width = width + 2 * pad;
  data.images.assign(count * data.sample_size(), lo);
  data.labels.assign(labels, labels + count);
  const float scale = (hi - lo) / 255.0f;
  for (std::size_t s = 0; s < count; ++s) {
    for (std::size_t y = 0; y < height; ++y) {
      const std::uint8_t* src = pixels + (s * height + y) * width;
      float* dst = data.images.data() + s * data.sample_size() + (y + pad) * data.width + pad;
      for (std::size_t x = 0; x < width; ++x) dst[x] = lo + scale * static_cast<float>(src[x]);
    }
  }
  return data;
}

}  // namespace sttvp::sw
