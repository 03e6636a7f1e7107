// One IDX file (the format of MNIST and Fashion-MNIST), read whole into memory.
//
// Layout: a 4-byte magic number 0x00 0x00 TYPE NDIMS, then NDIMS big-endian uint32 dimensions,
// then the product of the dimensions in elements of TYPE, row-major, nothing after. Only TYPE 0x08
// (unsigned byte) is supported, which is what MNIST and Fashion-MNIST use: images are
// 0x00000803 (count x rows x cols), labels 0x00000801 (count). gzip-compressed files (".gz", as
// Debian's dataset-fashion-mnist installs them) must be decompressed first.
//
// Every problem throws sttvp::InputError naming the file and the byte offset ("offset N") where it
// was found; for a truncated file that is the offset at which the data ran out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sttvp::sw {

class IdxFile {
 public:
  static constexpr std::uint8_t kTypeUbyte = 0x08;
  static constexpr std::uint32_t kImagesMagic = 0x00000803;  // unsigned bytes, 3 dimensions
  static constexpr std::uint32_t kLabelsMagic = 0x00000801;  // unsigned bytes, 1 dimension

  // Reads and validates `path`. With `expected_magic` nonzero, any other magic number is an error.
  static IdxFile read(const std::string& path, std::uint32_t expected_magic = 0);

  // Writes a well-formed unsigned-byte IDX file; `data` must hold the product of `dims` bytes.
  // Throws InputError if the file cannot be written, std::invalid_argument on a size mismatch.
  static void write(const std::string& path, const std::vector<std::uint32_t>& dims,
                    const std::vector<std::uint8_t>& data);

  const std::string& path() const { return path_; }
  std::uint32_t magic() const { return 0x0800u | static_cast<std::uint32_t>(dims_.size()); }
  const std::vector<std::uint32_t>& dims() const { return dims_; }
  // Items along the first dimension (images or labels) and the bytes of one item.
  std::size_t count() const { return dims_.front(); }
  std::size_t item_bytes() const { return item_bytes_; }
  // File offset of the first data byte, and of item i (for error messages).
  std::size_t header_bytes() const { return 4 + 4 * dims_.size(); }
  std::size_t offset_of(std::size_t item) const { return header_bytes() + item * item_bytes_; }

  const std::uint8_t* data() const { return bytes_.data() + header_bytes(); }
  const std::uint8_t* item(std::size_t i) const { return data() + i * item_bytes_; }

 private:
  IdxFile() = default;

  std::string path_;
  std::vector<std::uint32_t> dims_;
  std::size_t item_bytes_ = 0;
  std::vector<std::uint8_t> bytes_;  // the whole file, header included
};

}  // namespace sttvp::sw
