// IdxFile on synthetic files written into a fresh temp folder: round trip and every malformed case,
// each error naming the file and the byte offset.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/common/InputError.h"
#include "sw/data/IdxFile.h"

namespace sttvp::sw {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

class IdxFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "sttvp-idx-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::string write_raw(const std::string& name, const Bytes& bytes) const {
    const std::string p = path(name);
    std::ofstream out(p, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    return p;
  }

  // An IDX header of element type `type` followed by `data`.
  static Bytes idx(std::uint8_t type, const std::vector<std::uint32_t>& dims, const Bytes& data) {
    Bytes b{0, 0, type, static_cast<std::uint8_t>(dims.size())};
    for (const std::uint32_t d : dims) {
      for (int shift = 24; shift >= 0; shift -= 8)
        b.push_back(static_cast<std::uint8_t>(d >> shift));
    }
    b.insert(b.end(), data.begin(), data.end());
    return b;
  }

  // Expects InputError for `file` at `where` with `text` in the message.
  static void expect_error(const std::function<void()>& body, const std::string& file,
                           const std::string& where, const std::string& text) {
    try {
      body();
      ADD_FAILURE() << "no InputError; expected " << where << ": " << text;
    } catch (const InputError& e) {
      EXPECT_EQ(e.file(), file);
      EXPECT_EQ(e.where(), where) << e.what();
      EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
      EXPECT_EQ(std::string(e.what()).rfind(file, 0), 0u) << e.what();
    }
  }

  fs::path dir_;
};

Bytes iota_bytes(std::size_t n) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(i * 37 + 11);
  return b;
}

TEST_F(IdxFileTest, WriteThenReadRoundTripsImages) {
  const Bytes data = iota_bytes(3 * 2 * 4);
  IdxFile::write(path("images"), {3, 2, 4}, data);
  const IdxFile f = IdxFile::read(path("images"), IdxFile::kImagesMagic);
  EXPECT_EQ(f.path(), path("images"));
  EXPECT_EQ(f.magic(), 0x00000803u);
  EXPECT_EQ(f.dims(), (std::vector<std::uint32_t>{3, 2, 4}));
  EXPECT_EQ(f.count(), 3u);
  EXPECT_EQ(f.item_bytes(), 8u);
  EXPECT_EQ(f.header_bytes(), 16u);
  EXPECT_EQ(f.offset_of(2), 32u);
  EXPECT_EQ(Bytes(f.data(), f.data() + data.size()), data);
  EXPECT_EQ(*f.item(1), data[8]);
  EXPECT_EQ(fs::file_size(path("images")), 16u + data.size());
}

TEST_F(IdxFileTest, WritesTheStandardBigEndianHeader) {
  IdxFile::write(path("labels"), {258}, Bytes(258, 7));
  std::ifstream in(path("labels"), std::ios::binary);
  Bytes head(8);
  in.read(reinterpret_cast<char*>(head.data()), 8);
  EXPECT_EQ(head, (Bytes{0, 0, 8, 1, 0, 0, 1, 2}));
  const IdxFile f = IdxFile::read(path("labels"), IdxFile::kLabelsMagic);
  EXPECT_EQ(f.count(), 258u);
  EXPECT_EQ(f.item_bytes(), 1u);
}

TEST_F(IdxFileTest, AcceptsAnyMagicWhenNoneIsExpected) {
  const std::string p = write_raw("four", idx(0x08, {1, 1, 1, 2}, {5, 6}));
  EXPECT_EQ(IdxFile::read(p).magic(), 0x00000804u);
}

TEST_F(IdxFileTest, MissingFileNamesTheFile) {
  expect_error([&] { IdxFile::read(path("absent")); }, path("absent"), "", "No such file");
}

TEST_F(IdxFileTest, DirectoryIsRejected) {
  expect_error([&] { IdxFile::read(dir_.string()); }, dir_.string(), "", "is a directory");
}

TEST_F(IdxFileTest, EmptyFileIsTruncatedAtOffsetZero) {
  const std::string p = write_raw("empty", {});
  expect_error([&] { IdxFile::read(p); }, p, "offset 0", "truncated");
}

TEST_F(IdxFileTest, FileEndingInsideTheMagicIsTruncated) {
  const std::string p = write_raw("short", {0, 0});
  expect_error([&] { IdxFile::read(p); }, p, "offset 2", "inside the 4-byte magic");
}

TEST_F(IdxFileTest, NonZeroLeadingBytesAreAWrongMagic) {
  const std::string p = write_raw("text", {'h', 'e', 'l', 'l', 'o'});
  expect_error([&] { IdxFile::read(p); }, p, "offset 0", "wrong magic number 0x68656C6C");
}

TEST_F(IdxFileTest, GzipFileGetsAHint) {
  const std::string p = write_raw("x.gz", {0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0});
  expect_error([&] { IdxFile::read(p); }, p, "offset 0", "gzip-compressed");
}

TEST_F(IdxFileTest, OtherIdxTypesAreUnsupported) {
  const std::string p = write_raw("floats", idx(0x0D, {1}, {0, 0, 0, 0}));
  expect_error([&] { IdxFile::read(p); }, p, "offset 2", "unsupported data type 0x0D (float32)");
}

TEST_F(IdxFileTest, UnknownTypeIsAWrongMagic) {
  const std::string p = write_raw("odd", idx(0x42, {1}, {0}));
  expect_error([&] { IdxFile::read(p); }, p, "offset 0", "unknown data type 0x42");
}

TEST_F(IdxFileTest, ZeroDimensionsAreRejected) {
  const std::string p = write_raw("nodims", {0, 0, 8, 0});
  expect_error([&] { IdxFile::read(p); }, p, "offset 3", "zero dimensions");
}

TEST_F(IdxFileTest, LabelsWhereImagesAreExpectedIsAWrongMagic) {
  IdxFile::write(path("labels"), {2}, {1, 2});
  expect_error([&] { IdxFile::read(path("labels"), IdxFile::kImagesMagic); }, path("labels"),
               "offset 0",
               "wrong magic number 0x00000801 (unsigned-byte labels, 1 dimension), "
               "expected 0x00000803");
}

TEST_F(IdxFileTest, FileEndingInsideTheHeaderIsTruncated) {
  const std::string p = write_raw("header", {0, 0, 8, 3, 0, 0, 0, 1, 0, 0});
  expect_error([&] { IdxFile::read(p); }, p, "offset 10", "inside the header");
}

TEST_F(IdxFileTest, TruncatedDataNamesTheOffsetAndItem) {
  // 5 items of 2x2 need 20 data bytes after the 16-byte header; 13 are there.
  const std::string p = write_raw("cut", idx(0x08, {5, 2, 2}, iota_bytes(13)));
  expect_error([&] { IdxFile::read(p); }, p, "offset 29",
               "truncated: the data ends here, in item 3 of 5 (5x2x2 needs 20 data bytes from "
               "offset 16)");
}

TEST_F(IdxFileTest, ImpossibleDimensionsAreTruncatedNotAllocated) {
  const std::string p =
      write_raw("huge", idx(0x08, {0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu}, iota_bytes(10)));
  expect_error([&] { IdxFile::read(p); }, p, "offset 26", "more bytes than fit in memory");
}

TEST_F(IdxFileTest, TrailingBytesAreRejectedWhereTheDataShouldEnd) {
  const std::string p = write_raw("long", idx(0x08, {2}, {1, 2, 3, 4, 5}));
  expect_error([&] { IdxFile::read(p); }, p, "offset 10", "3 trailing bytes");
}

TEST_F(IdxFileTest, WriteChecksItsArguments) {
  EXPECT_THROW(IdxFile::write(path("bad"), {2, 2}, Bytes(3)), std::invalid_argument);
  EXPECT_THROW(IdxFile::write(path("bad"), {}, Bytes{}), std::invalid_argument);
  EXPECT_THROW(IdxFile::write((dir_ / "no" / "such").string(), {1}, Bytes(1)), InputError);
}

}  // namespace
}  // namespace sttvp::sw
