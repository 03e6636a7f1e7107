// A labelled image data set (MNIST, Fashion-MNIST) in memory, ready to feed a network.
//
// Images are float32, one after another in one contiguous buffer aligned to a 64-byte cache line
// (each image starts on a line too when its size in bytes is a multiple of 64, as for 28x28 and
// 32x32). A pixel byte p becomes scale_min + (scale_max - scale_min) * p / 255, computed in double
// and rounded once to float, so 0 and 255 map exactly to scale_min and scale_max; padding pixels
// are scale_min (the background). This is the preprocessing of tiny-dnn's parse_mnist_images():
// LeNet-5 uses [-1, 1] padded by 2 to 32x32, see DatasetOptions::lenet5(). Labels are uint8.
//
// The buffer never moves once created (the simulated platform uses host addresses as simulated
// addresses); a Dataset can be moved, not copied, and first(n) makes an explicit copy.
//
// A directory holds the four standard file names: train-images-idx3-ubyte,
// train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (what
// scripts/fetch-mnist.sh writes to data/mnist); the variants with a dot before "idx"
// (train-images.idx3-ubyte, ...) are accepted too. Debian's dataset-fashion-mnist installs the
// standard names gzip-compressed (/usr/share/datasets/fashion-mnist/*.gz): decompress them into a
// folder first (gzip -dc X.gz > DIR/X); a folder holding only the .gz gets an error saying so.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sttvp::sw {

struct DatasetOptions {
  // A pixel byte p becomes scale_min + (scale_max - scale_min) * p / 255.
  float scale_min = 0.0f;
  float scale_max = 1.0f;
  // Pixels added on every side, filled with scale_min (2 turns 28x28 into 32x32).
  std::size_t padding = 0;
  // Keep only the first N samples of the files (--train-samples); 0 keeps all.
  std::size_t max_samples = 0;
  // Image size the files must have (before padding); 0 accepts any.
  std::size_t rows = 28;
  std::size_t cols = 28;
  // Labels must be below this.
  unsigned classes = 10;

  // LeNet-5 as in tiny-dnn's MNIST example: [-1, 1], padded by 2 to 32x32 with -1.
  static DatasetOptions lenet5();
  // A fully-connected net: 28x28 unpadded, [0, 1] (set scale_min = -1 for [-1, 1]).
  static DatasetOptions mlp();
};

class Dataset {
 public:
  enum class Split { Train, Test };
  static constexpr std::size_t kAlignment = 64;

  // Reads an images file (magic 0x00000803) and its labels file (0x00000801). Throws
  // sttvp::InputError naming the file and the byte offset of any problem, std::invalid_argument
  // for options that make no sense.
  static Dataset load(const std::string& images_path, const std::string& labels_path,
                      const DatasetOptions& options);
  // Reads the files of `split` from a directory with the standard names (see above).
  static Dataset load_dir(const std::string& dir, Split split, const DatasetOptions& options);
  // The path of the images (or labels) file of `split` in `dir`; throws InputError if absent.
  static std::string find_file(const std::string& dir, Split split, bool labels);
  // Builds a data set from count x rows x cols pixel bytes and count labels (e.g. synthetic
  // data); checks sizes and labels with std::invalid_argument. `options.rows/cols` are ignored.
  static Dataset from_bytes(std::size_t rows, std::size_t cols,
                            const std::vector<std::uint8_t>& pixels,
                            const std::vector<std::uint8_t>& labels, const DatasetOptions& options);

  Dataset() = default;
  Dataset(Dataset&&) noexcept = default;
  Dataset& operator=(Dataset&&) noexcept = default;
  Dataset(const Dataset&) = delete;
  Dataset& operator=(const Dataset&) = delete;

  std::size_t size() const { return labels_.size(); }
  bool empty() const { return labels_.empty(); }
  // Image height and width after padding, and floats per image.
  std::size_t rows() const { return rows_; }
  std::size_t cols() const { return cols_; }
  std::size_t image_size() const { return rows_ * cols_; }
  unsigned classes() const { return classes_; }

  // size() x image_size() floats, 64-byte aligned; image i starts at images() + i * image_size().
  const float* images() const { return images_.get(); }
  float* images() { return images_.get(); }
  const float* image(std::size_t i) const { return images_.get() + i * image_size(); }
  float* image(std::size_t i) { return images_.get() + i * image_size(); }
  const std::vector<std::uint8_t>& labels() const { return labels_; }
  std::uint8_t label(std::size_t i) const { return labels_[i]; }

  // Samples per class, indexed by label.
  std::vector<std::size_t> class_counts() const;
  // A copy of the first min(n, size()) samples.
  Dataset first(std::size_t n) const;
  // Where the images came from (file path, or "<memory>").
  const std::string& source() const { return source_; }

 private:
  struct AlignedFree {
    void operator()(float* p) const;
  };
  static Dataset make(std::size_t count, std::size_t rows, std::size_t cols, unsigned classes);
  static Dataset convert(const std::uint8_t* pixels, const std::uint8_t* labels, std::size_t count,
                         std::size_t rows, std::size_t cols, const DatasetOptions& options);

  std::unique_ptr<float[], AlignedFree> images_;
  std::vector<std::uint8_t> labels_;
  std::size_t rows_ = 0;
  std::size_t cols_ = 0;
  unsigned classes_ = 10;
  std::string source_;
};

}  // namespace sttvp::sw
