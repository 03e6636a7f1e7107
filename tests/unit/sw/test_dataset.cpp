// Dataset on synthetic IDX files written into a fresh temp folder (scaling, padding, first-N,
// directory names, malformed pairs), plus a check of the real data/mnist when it has been fetched.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "models/common/InputError.h"
#include "sw/data/Dataset.h"
#include "sw/data/IdxFile.h"

namespace sttvp::sw {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

// Pixel j of image i in the synthetic sets; covers every byte value 0..255.
std::uint8_t pixel(std::size_t i, std::size_t j) {
  return static_cast<std::uint8_t>((i * 97 + j * 13) % 256);
}

class DatasetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "sttvp-dataset-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // Writes `count` images of rows x cols and their labels (i % 10) under the given names.
  void write_set(std::size_t count, std::uint32_t rows, std::uint32_t cols,
                 const std::string& images = "images", const std::string& labels = "labels") {
    Bytes pixels(count * rows * cols);
    for (std::size_t i = 0; i < count; ++i) {
      for (std::size_t j = 0; j < rows * cols; ++j) pixels[i * rows * cols + j] = pixel(i, j);
    }
    IdxFile::write(path(images), {static_cast<std::uint32_t>(count), rows, cols}, pixels);
    Bytes l(count);
    for (std::size_t i = 0; i < count; ++i) l[i] = static_cast<std::uint8_t>(i % 10);
    IdxFile::write(path(labels), {static_cast<std::uint32_t>(count)}, l);
  }

  static void expect_error(const std::function<void()>& body, const std::string& file,
                           const std::string& where, const std::string& text) {
    try {
      body();
      ADD_FAILURE() << "no InputError; expected " << where << ": " << text;
    } catch (const InputError& e) {
      EXPECT_EQ(e.file(), file);
      EXPECT_EQ(e.where(), where) << e.what();
      EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
    }
  }

  fs::path dir_;
};

bool aligned64(const void* p) { return reinterpret_cast<std::uintptr_t>(p) % 64 == 0; }

TEST_F(DatasetTest, UnitScaleRoundTripsEveryPixelAndLabel) {
  write_set(12, 28, 28);
  const Dataset d = Dataset::load(path("images"), path("labels"), DatasetOptions::mlp());
  ASSERT_EQ(d.size(), 12u);
  EXPECT_EQ(d.rows(), 28u);
  EXPECT_EQ(d.cols(), 28u);
  EXPECT_EQ(d.image_size(), 784u);
  EXPECT_EQ(d.classes(), 10u);
  EXPECT_EQ(d.source(), path("images"));
  for (std::size_t i = 0; i < d.size(); ++i) {
    EXPECT_EQ(d.label(i), i % 10);
    EXPECT_TRUE(aligned64(d.image(i))) << i;
    for (std::size_t j = 0; j < 784; ++j) {
      ASSERT_EQ(d.image(i)[j], static_cast<float>(pixel(i, j) / 255.0)) << i << "," << j;
    }
  }
  EXPECT_EQ(d.image(1), d.images() + 784);
  EXPECT_EQ(d.class_counts(), (std::vector<std::size_t>{2, 2, 1, 1, 1, 1, 1, 1, 1, 1}));
}

TEST_F(DatasetTest, LeNet5ScalesToPlusMinusOneAndPadsWithMinusOne) {
  write_set(3, 28, 28);
  const Dataset d = Dataset::load(path("images"), path("labels"), DatasetOptions::lenet5());
  ASSERT_EQ(d.size(), 3u);
  ASSERT_EQ(d.rows(), 32u);
  ASSERT_EQ(d.cols(), 32u);
  EXPECT_TRUE(aligned64(d.images()));
  for (std::size_t i = 0; i < d.size(); ++i) {
    EXPECT_TRUE(aligned64(d.image(i)));
    for (std::size_t r = 0; r < 32; ++r) {
      for (std::size_t c = 0; c < 32; ++c) {
        const float v = d.image(i)[r * 32 + c];
        if (r < 2 || r >= 30 || c < 2 || c >= 30) {
          ASSERT_EQ(v, -1.0f) << "padding at " << r << "," << c;
        } else {
          const std::uint8_t p = pixel(i, (r - 2) * 28 + (c - 2));
          ASSERT_EQ(v, static_cast<float>(-1.0 + 2.0 * p / 255.0)) << r << "," << c;
        }
      }
    }
  }
  // The first pixels of image 0 are bytes 0, 13, 26, ...; byte 0 is exactly -1.
  EXPECT_EQ(d.image(0)[2 * 32 + 2], -1.0f);
  EXPECT_FLOAT_EQ(d.image(0)[2 * 32 + 3], -1.0f + 26.0f / 255.0f);
}

TEST_F(DatasetTest, ExtremeBytesMapExactlyToTheScaleEnds) {
  const Bytes pixels{0, 255, 51, 102};
  DatasetOptions o;
  o.scale_min = -1.0f;
  o.scale_max = 1.0f;
  const Dataset d = Dataset::from_bytes(2, 2, pixels, {7}, o);
  EXPECT_EQ(d.image(0)[0], -1.0f);
  EXPECT_EQ(d.image(0)[1], 1.0f);
  EXPECT_FLOAT_EQ(d.image(0)[2], -0.6f);
  EXPECT_FLOAT_EQ(d.image(0)[3], -0.2f);
  EXPECT_EQ(d.source(), "<memory>");
  const Dataset u = Dataset::from_bytes(2, 2, pixels, {7}, DatasetOptions::mlp());
  EXPECT_EQ(u.image(0)[0], 0.0f);
  EXPECT_EQ(u.image(0)[1], 1.0f);
  EXPECT_FLOAT_EQ(u.image(0)[2], 0.2f);
}

TEST_F(DatasetTest, SymmetricScaleUnpaddedAndOtherPadding) {
  write_set(2, 28, 28);
  DatasetOptions o;
  o.scale_min = -1.0f;
  const Dataset flat = Dataset::load(path("images"), path("labels"), o);
  EXPECT_EQ(flat.rows(), 28u);
  EXPECT_EQ(flat.image(1)[5], static_cast<float>(-1.0 + 2.0 * pixel(1, 5) / 255.0));
  o.padding = 1;
  const Dataset padded = Dataset::load(path("images"), path("labels"), o);
  EXPECT_EQ(padded.rows(), 30u);
  EXPECT_EQ(padded.image(1)[0], -1.0f);
  EXPECT_EQ(padded.image(1)[31 + 5], flat.image(1)[5]);
}

TEST_F(DatasetTest, MaxSamplesKeepsTheFirstN) {
  write_set(20, 28, 28);
  const Dataset all = Dataset::load(path("images"), path("labels"), DatasetOptions::lenet5());
  DatasetOptions o = DatasetOptions::lenet5();
  o.max_samples = 7;
  const Dataset some = Dataset::load(path("images"), path("labels"), o);
  ASSERT_EQ(some.size(), 7u);
  for (std::size_t i = 0; i < 7; ++i) {
    EXPECT_EQ(some.label(i), all.label(i));
    for (std::size_t j = 0; j < some.image_size(); ++j)
      ASSERT_EQ(some.image(i)[j], all.image(i)[j]);
  }
  o.max_samples = 1000;  // more than there are: all of them
  EXPECT_EQ(Dataset::load(path("images"), path("labels"), o).size(), 20u);
}

TEST_F(DatasetTest, FirstCopiesThePrefix) {
  write_set(10, 28, 28);
  const Dataset all = Dataset::load(path("images"), path("labels"), DatasetOptions::mlp());
  const Dataset three = all.first(3);
  ASSERT_EQ(three.size(), 3u);
  EXPECT_NE(three.images(), all.images());
  EXPECT_TRUE(aligned64(three.images()));
  EXPECT_EQ(three.rows(), 28u);
  EXPECT_EQ(three.label(2), 2);
  EXPECT_EQ(three.image(2)[100], all.image(2)[100]);
  EXPECT_EQ(all.first(50).size(), 10u);
  EXPECT_TRUE(all.first(0).empty());
}

TEST_F(DatasetTest, MovingKeepsTheBuffer) {
  write_set(2, 28, 28);
  Dataset a = Dataset::load(path("images"), path("labels"), DatasetOptions::mlp());
  const float* buffer = a.images();
  const Dataset b = std::move(a);
  EXPECT_EQ(b.images(), buffer);
}

TEST_F(DatasetTest, LoadsADirectoryWithTheStandardNames) {
  write_set(4, 28, 28, "train-images-idx3-ubyte", "train-labels-idx1-ubyte");
  write_set(3, 28, 28, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
  const Dataset train = Dataset::load_dir(dir_.string(), Dataset::Split::Train, {});
  const Dataset test = Dataset::load_dir(dir_.string(), Dataset::Split::Test, {});
  EXPECT_EQ(train.size(), 4u);
  EXPECT_EQ(test.size(), 3u);
  EXPECT_EQ(test.source(), path("t10k-images-idx3-ubyte"));
}

TEST_F(DatasetTest, AcceptsTheDottedNames) {
  write_set(2, 28, 28, "t10k-images.idx3-ubyte", "t10k-labels.idx1-ubyte");
  EXPECT_EQ(Dataset::find_file(dir_.string(), Dataset::Split::Test, true),
            path("t10k-labels.idx1-ubyte"));
  EXPECT_EQ(Dataset::load_dir(dir_.string(), Dataset::Split::Test, {}).size(), 2u);
}

TEST_F(DatasetTest, MissingDirectoryFileIsNamed) {
  expect_error([&] { Dataset::load_dir(dir_.string(), Dataset::Split::Train, {}); },
               path("train-images-idx3-ubyte"), "", "not found");
}

TEST_F(DatasetTest, OnlyGzipFilesGetAHint) {
  write_set(2, 28, 28, "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz");
  expect_error([&] { Dataset::load_dir(dir_.string(), Dataset::Split::Train, {}); },
               path("train-images-idx3-ubyte.gz"), "", "gzip -dc");
}

TEST_F(DatasetTest, WrongImageSizeIsADimensionMismatch) {
  write_set(2, 27, 28);
  expect_error([&] { Dataset::load(path("images"), path("labels"), {}); }, path("images"),
               "offset 8", "images are 27 rows high, expected 28");
  write_set(2, 28, 30);
  expect_error([&] { Dataset::load(path("images"), path("labels"), {}); }, path("images"),
               "offset 12", "images are 30 columns wide, expected 28");
}

TEST_F(DatasetTest, AnySizeIsAcceptedWhenNotRequired) {
  write_set(2, 5, 7);
  DatasetOptions o;
  o.rows = 0;
  o.cols = 0;
  o.padding = 2;
  const Dataset d = Dataset::load(path("images"), path("labels"), o);
  EXPECT_EQ(d.rows(), 9u);
  EXPECT_EQ(d.cols(), 11u);
  EXPECT_EQ(d.image(1)[2 * 11 + 2], static_cast<float>(pixel(1, 0) / 255.0));
}

TEST_F(DatasetTest, SwappedFilesAreAWrongMagic) {
  write_set(2, 28, 28);
  expect_error([&] { Dataset::load(path("labels"), path("images"), {}); }, path("labels"),
               "offset 0", "expected 0x00000803");
}

TEST_F(DatasetTest, CountMismatchNamesBothFiles) {
  write_set(5, 28, 28);
  IdxFile::write(path("labels"), {4}, {0, 1, 2, 3});
  expect_error([&] { Dataset::load(path("images"), path("labels"), {}); }, path("labels"),
               "offset 4", "holds 4 labels but " + path("images") + " holds 5 images");
}

TEST_F(DatasetTest, LabelOutOfRangeNamesItsOffset) {
  write_set(5, 28, 28);
  IdxFile::write(path("labels"), {5}, {0, 1, 2, 10, 4});
  expect_error([&] { Dataset::load(path("images"), path("labels"), {}); }, path("labels"),
               "offset 11", "label 10 of item 3 is out of range 0-9");
}

TEST_F(DatasetTest, EmptyImageFileIsRejected) {
  IdxFile::write(path("images"), {0, 28, 28}, {});
  IdxFile::write(path("labels"), {0}, {});
  expect_error([&] { Dataset::load(path("images"), path("labels"), {}); }, path("images"),
               "offset 4", "holds no images");
}

TEST_F(DatasetTest, TruncatedImagesFileNamesTheOffset) {
  write_set(3, 28, 28);
  fs::resize_file(path("images"), 16 + 2 * 784 + 100);
  expect_error([&] { Dataset::load(path("images"), path("labels"), {}); }, path("images"),
               "offset 1684", "in item 2 of 3");
}

TEST_F(DatasetTest, NonsenseOptionsAreRejected) {
  write_set(1, 28, 28);
  DatasetOptions o;
  o.padding = 5000;
  EXPECT_THROW(Dataset::load(path("images"), path("labels"), o), std::invalid_argument);
  o = {};
  o.classes = 0;
  EXPECT_THROW(Dataset::load(path("images"), path("labels"), o), std::invalid_argument);
  EXPECT_THROW(Dataset::from_bytes(2, 2, Bytes(3), {1}, {}), std::invalid_argument);
  EXPECT_THROW(Dataset::from_bytes(1, 1, Bytes(1), {10}, {}), std::invalid_argument);
}

// The real digits written by scripts/fetch-mnist.sh: 8,000 / 2,000, stratified, interleaved.
TEST(RealMnist, SplitCountsAndClassBalance) {
  const fs::path dir = fs::path(STTVP_SOURCE_DIR) / "data" / "mnist";
  if (!fs::exists(dir / "train-images-idx3-ubyte") || !fs::exists(dir / "t10k-images-idx3-ubyte")) {
    GTEST_SKIP() << dir.string() << " holds no MNIST IDX files; run scripts/fetch-mnist.sh";
  }
  const Dataset train =
      Dataset::load_dir(dir.string(), Dataset::Split::Train, DatasetOptions::lenet5());
  const Dataset test =
      Dataset::load_dir(dir.string(), Dataset::Split::Test, DatasetOptions::lenet5());
  ASSERT_EQ(train.size(), 8000u);
  ASSERT_EQ(test.size(), 2000u);
  EXPECT_EQ(train.rows(), 32u);

  // Per-class counts of the documented split (the first 80 % of every class in package order).
  const std::vector<std::size_t> train_counts{801, 902, 793, 826, 784, 690, 811, 856, 755, 782};
  const std::vector<std::size_t> test_counts{200, 225, 198, 206, 196, 173, 203, 214, 189, 196};
  EXPECT_EQ(train.class_counts(), train_counts);
  EXPECT_EQ(test.class_counts(), test_counts);
  for (std::size_t c = 0; c < 10; ++c) {
    const double share = static_cast<double>(train_counts[c]) / (train_counts[c] + test_counts[c]);
    EXPECT_NEAR(share, 0.8, 0.001) << "class " << c;
  }

  // Interleaved: every class within the first ten minibatches of 16, no long runs of one class.
  std::vector<std::size_t> seen(10, 0);
  for (std::size_t i = 0; i < 160; ++i) ++seen[train.label(i)];
  for (std::size_t c = 0; c < 10; ++c) EXPECT_GT(seen[c], 0u) << "class " << c;
  std::size_t run = 1;
  std::size_t longest = 1;
  for (std::size_t i = 1; i < train.size(); ++i) {
    run = train.label(i) == train.label(i - 1) ? run + 1 : 1;
    longest = std::max(longest, run);
  }
  EXPECT_LT(longest, 8u);

  // Real digits: mostly background, some full ink, within [-1, 1].
  std::size_t background = 0;
  std::size_t ink = 0;
  for (std::size_t j = 0; j < train.size() * train.image_size(); ++j) {
    const float v = train.images()[j];
    ASSERT_GE(v, -1.0f);
    ASSERT_LE(v, 1.0f);
    background += v == -1.0f;
    ink += v == 1.0f;
  }
  const double background_share = static_cast<double>(background) / (8000.0 * 1024);
  EXPECT_GT(background_share, 0.75);
  EXPECT_LT(background_share, 0.95);
  EXPECT_GT(ink, 8000u);
}

}  // namespace
}  // namespace sttvp::sw
