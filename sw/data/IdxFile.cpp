#include "sw/data/IdxFile.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <stdexcept>

#include "models/common/InputError.h"

namespace sttvp::sw {
namespace {

constexpr std::size_t kUnknown = std::numeric_limits<std::size_t>::max();

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

std::string at(std::size_t offset) { return "offset " + std::to_string(offset); }

std::string hex32(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08X", static_cast<unsigned>(v));
  return buf;
}

std::string hex8(unsigned v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", v);
  return buf;
}

std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

// The IDX element types other than unsigned byte: known, but not supported here.
const char* other_type_name(unsigned type) {
  switch (type) {
    case 0x09:
      return "signed byte";
    case 0x0B:
      return "int16";
    case 0x0C:
      return "int32";
    case 0x0D:
      return "float32";
    case 0x0E:
      return "float64";
    default:
      return nullptr;
  }
}

std::string describe_magic(std::uint32_t magic) {
  if (magic == IdxFile::kImagesMagic) return "unsigned-byte images, 3 dimensions";
  if (magic == IdxFile::kLabelsMagic) return "unsigned-byte labels, 1 dimension";
  return "unsigned bytes, " + std::to_string(magic & 0xFFu) + " dimensions";
}

std::string dims_text(const std::vector<std::uint32_t>& dims) {
  std::string out;
  for (std::size_t i = 0; i < dims.size(); ++i) out += (i ? "x" : "") + std::to_string(dims[i]);
  return out;
}

// Product of dims[first..], or kUnknown if it does not fit in size_t.
std::size_t product(const std::vector<std::uint32_t>& dims, std::size_t first) {
  std::size_t p = 1;
  for (std::size_t i = first; i < dims.size(); ++i) {
    if (dims[i] != 0 && p > kUnknown / dims[i]) return kUnknown;
    p *= dims[i];
  }
  return p;
}

std::vector<std::uint8_t> read_all(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw InputError(path, "", "is a directory, not an IDX file");
  }
  errno = 0;
  FilePtr file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    throw InputError(path, "", std::string("cannot open: ") + std::strerror(errno));
  }
  std::vector<std::uint8_t> bytes;
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec) bytes.reserve(size);
  std::uint8_t chunk[1 << 16];
  for (;;) {
    const std::size_t n = std::fread(chunk, 1, sizeof chunk, file.get());
    bytes.insert(bytes.end(), chunk, chunk + n);
    if (n < sizeof chunk) break;
  }
  if (std::ferror(file.get())) {
    throw InputError(path, at(bytes.size()), std::string("read error: ") + std::strerror(errno));
  }
  return bytes;
}

}  // namespace

IdxFile IdxFile::read(const std::string& path, std::uint32_t expected_magic) {
  IdxFile idx;
  idx.path_ = path;
  idx.bytes_ = read_all(path);
  const std::vector<std::uint8_t>& b = idx.bytes_;
  const std::size_t size = b.size();

  if (size >= 2 && b[0] == 0x1F && b[1] == 0x8B) {
    throw InputError(path, at(0),
                     "gzip-compressed file; decompress it first (gzip -dc FILE > NAME, "
                     "NAME without .gz)");
  }
  if (size < 4) {
    throw InputError(path, at(size), "truncated: the file ends inside the 4-byte magic number");
  }
  const std::uint32_t magic = be32(b.data());
  if (b[0] != 0 || b[1] != 0) {
    throw InputError(path, at(0), "wrong magic number " + hex32(magic) + ": not an IDX file");
  }
  if (b[2] != kTypeUbyte) {
    if (const char* name = other_type_name(b[2])) {
      throw InputError(path, at(2),
                       "unsupported data type " + hex8(b[2]) + " (" + name +
                           "); only 0x08 (unsigned byte) is supported");
    }
    throw InputError(path, at(0),
                     "wrong magic number " + hex32(magic) + ": unknown data type " + hex8(b[2]));
  }
  const std::size_t ndims = b[3];
  if (ndims == 0) {
    throw InputError(path, at(3), "wrong magic number " + hex32(magic) + ": zero dimensions");
  }
  if (expected_magic != 0 && magic != expected_magic) {
    throw InputError(path, at(0),
                     "wrong magic number " + hex32(magic) + " (" + describe_magic(magic) +
                         "), expected " + hex32(expected_magic) + " (" +
                         describe_magic(expected_magic) + ")");
  }

  const std::size_t header = 4 + 4 * ndims;
  if (size < header) {
    throw InputError(path, at(size),
                     "truncated: the file ends inside the header (" + std::to_string(ndims) +
                         " dimensions need " + std::to_string(header) + " header bytes)");
  }
  for (std::size_t i = 0; i < ndims; ++i) idx.dims_.push_back(be32(b.data() + 4 + 4 * i));
  idx.item_bytes_ = product(idx.dims_, 1);
  const std::size_t need = product(idx.dims_, 0);
  const std::size_t available = size - header;
  const std::string shape = dims_text(idx.dims_);

  if (available < need) {
    std::string where_in;
    if (idx.item_bytes_ != 0 && idx.item_bytes_ != kUnknown) {
      where_in = ", in item " + std::to_string(available / idx.item_bytes_) + " of " +
                 std::to_string(idx.dims_[0]);
    }
    const std::string needed =
        need == kUnknown ? "more bytes than fit in memory" : std::to_string(need) + " data bytes";
    throw InputError(path, at(size),
                     "truncated: the data ends here" + where_in + " (" + shape + " needs " +
                         needed + " from offset " + std::to_string(header) + ")");
  }
  if (available > need) {
    throw InputError(path, at(header + need),
                     std::to_string(available - need) + " trailing bytes after the data (" + shape +
                         " ends here)");
  }
  return idx;
}

void IdxFile::write(const std::string& path, const std::vector<std::uint32_t>& dims,
                    const std::vector<std::uint8_t>& data) {
  if (dims.empty() || dims.size() > 255) {
    throw std::invalid_argument("IdxFile::write: an IDX file has 1 to 255 dimensions");
  }
  if (product(dims, 0) != data.size()) {
    throw std::invalid_argument("IdxFile::write: " + dims_text(dims) + " does not match " +
                                std::to_string(data.size()) + " data bytes");
  }
  std::vector<std::uint8_t> header{0, 0, kTypeUbyte, static_cast<std::uint8_t>(dims.size())};
  for (const std::uint32_t d : dims) {
    for (int shift = 24; shift >= 0; shift -= 8)
      header.push_back(static_cast<std::uint8_t>((d >> shift) & 0xFFu));
  }
  errno = 0;
  FilePtr file(std::fopen(path.c_str(), "wb"));
  if (!file) throw InputError(path, "", std::string("cannot write: ") + std::strerror(errno));
  const bool ok =
      std::fwrite(header.data(), 1, header.size(), file.get()) == header.size() &&
      (data.empty() || std::fwrite(data.data(), 1, data.size(), file.get()) == data.size());
  const bool closed = std::fclose(file.release()) == 0;
  if (!ok || !closed)
    throw InputError(path, "", std::string("cannot write: ") + std::strerror(errno));
}

}  // namespace sttvp::sw
