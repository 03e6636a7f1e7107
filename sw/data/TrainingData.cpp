#include "sw/data/TrainingData.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "sw/data/Dataset.h"

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

TrainingData TrainingData::from_dataset(const Dataset& dataset) {
  TrainingData data;
  data.height = dataset.rows();
  data.width = dataset.cols();
  data.classes = dataset.classes();
  data.images.assign(dataset.images(), dataset.images() + dataset.size() * dataset.image_size());
  data.labels.assign(dataset.labels().begin(), dataset.labels().end());
  return data;
}

}  // namespace sttvp::sw
