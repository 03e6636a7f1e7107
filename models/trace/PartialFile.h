// The output file both trace writers share: it appears only when it is complete. Bytes collect in
// a buffer and go to "FILE.partial", which finish() closes and renames to FILE; a PartialFile
// destroyed without finish() (an error while converting) removes it, leaving nothing behind. The
// path "-" writes to standard output, as it comes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sttvp {

class PartialFile {
 public:
  // Throws std::runtime_error if the file cannot be created.
  explicit PartialFile(std::string path);
  ~PartialFile();
  PartialFile(const PartialFile&) = delete;
  PartialFile& operator=(const PartialFile&) = delete;

  // Room for at least `n` bytes (a record: far less than the 1 MiB buffer) at the end of the
  // buffer, flushed first when it has less; wrote() then counts the bytes put there.
  unsigned char* room(std::size_t n) {
    if (buffer_.size() - used_ < n) flush();
    return buffer_.data() + used_;
  }
  void wrote(std::size_t n) { used_ += n; }
  // Writes out the buffer and moves the file into place; returns its size in bytes. Throws
  // std::runtime_error naming the file on failure (and removes the partial file).
  std::uint64_t finish();

 private:
  void flush();
  // The name errors give: the partial file, or standard output.
  std::string shown() const { return partial_.empty() ? "standard output" : partial_; }

  std::string path_, partial_;
  int fd_ = -1;
  std::vector<unsigned char> buffer_;
  std::size_t used_ = 0;
  std::uint64_t bytes_ = 0;
};

}  // namespace sttvp
