#include "sw/data/Dataset.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <new>
#include <stdexcept>

#include "models/common/InputError.h"
#include "sw/data/IdxFile.h"

namespace sttvp::sw {
namespace {

constexpr std::size_t kMaxPadding = 1024;

std::string at(std::size_t offset) { return "offset " + std::to_string(offset); }

void check_options(const DatasetOptions& o) {
  if (!std::isfinite(o.scale_min) || !std::isfinite(o.scale_max)) {
    throw std::invalid_argument("dataset options: scale_min and scale_max must be finite");
  }
  if (o.padding > kMaxPadding) {
    throw std::invalid_argument("dataset options: padding " + std::to_string(o.padding) +
                                " is more than " + std::to_string(kMaxPadding));
  }
  if (o.classes == 0 || o.classes > 256) {
    throw std::invalid_argument("dataset options: classes must be 1 to 256");
  }
}

// The float of every pixel byte: scale_min + (scale_max - scale_min) * p / 255, rounded once.
std::array<float, 256> pixel_table(const DatasetOptions& o) {
  std::array<float, 256> table{};
  const double lo = o.scale_min;
  const double span = static_cast<double>(o.scale_max) - lo;
  for (int p = 0; p < 256; ++p) table[p] = static_cast<float>(lo + span * p / 255.0);
  table[0] = o.scale_min;  // exact ends, whatever the rounding of the span
  table[255] = o.scale_max;
  return table;
}

// Candidate file names for one file of a split, standard name first.
std::vector<std::string> names(Dataset::Split split, bool labels) {
  const std::string set = split == Dataset::Split::Train ? "train" : "t10k";
  const std::string kind = labels ? "labels" : "images";
  const std::string type = labels ? "idx1-ubyte" : "idx3-ubyte";
  return {set + "-" + kind + "-" + type, set + "-" + kind + "." + type};
}

}  // namespace

DatasetOptions DatasetOptions::lenet5() {
  DatasetOptions o;
  o.scale_min = -1.0f;
  o.scale_max = 1.0f;
  o.padding = 2;
  return o;
}

DatasetOptions DatasetOptions::mlp() { return DatasetOptions{}; }

void Dataset::AlignedFree::operator()(float* p) const {
  ::operator delete (p, std::align_val_t{kAlignment});
}

Dataset Dataset::make(std::size_t count, std::size_t rows, std::size_t cols, unsigned classes) {
  Dataset d;
  d.rows_ = rows;
  d.cols_ = cols;
  d.classes_ = classes;
  d.labels_.resize(count);
  const std::size_t floats = count * rows * cols;
  if (floats != 0) {
    d.images_.reset(
        static_cast<float*>(::operator new (floats * sizeof(float), std::align_val_t{kAlignment})));
  }
  return d;
}

Dataset Dataset::convert(const std::uint8_t* pixels, const std::uint8_t* labels, std::size_t count,
                         std::size_t rows, std::size_t cols, const DatasetOptions& options) {
  const std::size_t pad = options.padding;
  Dataset d = make(count, rows + 2 * pad, cols + 2 * pad, options.classes);
  const std::array<float, 256> table = pixel_table(options);
  std::fill(d.images(), d.images() + count * d.image_size(), options.scale_min);
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint8_t* src = pixels + i * rows * cols;
    float* dst = d.image(i) + pad * d.cols_ + pad;
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t c = 0; c < cols; ++c) dst[r * d.cols_ + c] = table[src[r * cols + c]];
    }
  }
  std::copy(labels, labels + count, d.labels_.begin());
  return d;
}

Dataset Dataset::load(const std::string& images_path, const std::string& labels_path,
                      const DatasetOptions& options) {
  check_options(options);
  const IdxFile images = IdxFile::read(images_path, IdxFile::kImagesMagic);
  const std::size_t rows = images.dims()[1];
  const std::size_t cols = images.dims()[2];
  if (options.rows != 0 && rows != options.rows) {
    throw InputError(images_path, at(8),
                     "images are " + std::to_string(rows) + " rows high, expected " +
                         std::to_string(options.rows));
  }
  if (options.cols != 0 && cols != options.cols) {
    throw InputError(images_path, at(12),
                     "images are " + std::to_string(cols) + " columns wide, expected " +
                         std::to_string(options.cols));
  }
  if (rows == 0 || cols == 0) {
    throw InputError(images_path, at(rows == 0 ? 8 : 12), "images have a zero dimension");
  }
  if (images.count() == 0) throw InputError(images_path, at(4), "holds no images");

  const IdxFile labels = IdxFile::read(labels_path, IdxFile::kLabelsMagic);
  if (labels.count() != images.count()) {
    throw InputError(labels_path, at(4),
                     "holds " + std::to_string(labels.count()) + " labels but " + images_path +
                         " holds " + std::to_string(images.count()) + " images");
  }
  for (std::size_t i = 0; i < labels.count(); ++i) {
    if (labels.data()[i] >= options.classes) {
      throw InputError(labels_path, at(labels.offset_of(i)),
                       "label " + std::to_string(labels.data()[i]) + " of item " +
                           std::to_string(i) + " is out of range 0-" +
                           std::to_string(options.classes - 1));
    }
  }

  std::size_t count = images.count();
  if (options.max_samples != 0) count = std::min(count, options.max_samples);
  Dataset d = convert(images.data(), labels.data(), count, rows, cols, options);
  d.source_ = images_path;
  return d;
}

std::string Dataset::find_file(const std::string& dir, Split split, bool labels) {
  namespace fs = std::filesystem;
  const std::vector<std::string> candidates = names(split, labels);
  std::error_code ec;
  for (const std::string& name : candidates) {
    const fs::path p = fs::path(dir) / name;
    if (fs::is_regular_file(p, ec)) return p.string();
  }
  for (const std::string& name : candidates) {
    const fs::path gz = fs::path(dir) / (name + ".gz");
    if (fs::is_regular_file(gz, ec)) {
      throw InputError(gz.string(), "",
                       "gzip-compressed IDX files are not read directly; decompress it into a "
                       "folder first: gzip -dc " +
                           gz.string() + " > DIR/" + name);
    }
  }
  throw InputError((fs::path(dir) / candidates[0]).string(), "",
                   "not found (nor " + candidates[1] + "); run scripts/fetch-mnist.sh for MNIST");
}

Dataset Dataset::load_dir(const std::string& dir, Split split, const DatasetOptions& options) {
  const std::string images = find_file(dir, split, false);
  const std::string labels = find_file(dir, split, true);
  return load(images, labels, options);
}

Dataset Dataset::from_bytes(std::size_t rows, std::size_t cols,
                            const std::vector<std::uint8_t>& pixels,
                            const std::vector<std::uint8_t>& labels,
                            const DatasetOptions& options) {
  check_options(options);
  if (rows == 0 || cols == 0 || pixels.size() != labels.size() * rows * cols) {
    throw std::invalid_argument("Dataset::from_bytes: " + std::to_string(pixels.size()) +
                                " pixel bytes are not " + std::to_string(labels.size()) +
                                " images of " + std::to_string(rows) + "x" + std::to_string(cols));
  }
  for (const std::uint8_t label : labels) {
    if (label >= options.classes) {
      throw std::invalid_argument("Dataset::from_bytes: label " + std::to_string(label) +
                                  " out of range");
    }
  }
  std::size_t count = labels.size();
  if (options.max_samples != 0) count = std::min(count, options.max_samples);
  Dataset d = convert(pixels.data(), labels.data(), count, rows, cols, options);
  d.source_ = "<memory>";
  return d;
}

std::vector<std::size_t> Dataset::class_counts() const {
  std::vector<std::size_t> counts(classes_, 0);
  for (const std::uint8_t label : labels_) ++counts[label];
  return counts;
}

Dataset Dataset::first(std::size_t n) const {
  const std::size_t count = std::min(n, size());
  Dataset d = make(count, rows_, cols_, classes_);
  if (count != 0) std::memcpy(d.images(), images(), count * image_size() * sizeof(float));
  std::copy(labels_.begin(), labels_.begin() + static_cast<std::ptrdiff_t>(count),
            d.labels_.begin());
  d.source_ = source_;
  return d;
}

}  // namespace sttvp::sw
