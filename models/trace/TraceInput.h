// A trace file read front to back in large blocks: traces can be many gigabytes and are never
// loaded whole. "-" reads standard input, so a tracer can be piped straight in.
//
// The readers look at a window of buffered bytes, consume what they parsed and ask for more;
// unconsumed bytes are kept at the front of the buffer when it is refilled.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sttvp {

class TraceInput {
 public:
  // Throws InputError(path, "", ...) if the file cannot be opened.
  explicit TraceInput(std::string path, std::size_t block_bytes = std::size_t{1} << 20);
  ~TraceInput();
  TraceInput(const TraceInput&) = delete;
  TraceInput& operator=(const TraceInput&) = delete;

  const std::string& path() const { return path_; }

  // Buffered bytes from the current position.
  const unsigned char* data() const { return buffer_.data() + begin_; }
  std::size_t size() const { return end_ - begin_; }
  // File offset of data()[0].
  std::uint64_t offset() const { return offset_; }
  bool at_eof() const { return eof_; }

  // Reads until at least `want` bytes are buffered or the file ends; returns size().
  // Throws InputError on a read error.
  std::size_t fill(std::size_t want);
  void consume(std::size_t n) {
    begin_ += n;
    offset_ += n;
  }

 private:
  std::string path_;
  int fd_ = -1;
  bool owns_fd_ = false;
  std::vector<unsigned char> buffer_;
  std::size_t begin_ = 0, end_ = 0;
  std::size_t block_;
  std::uint64_t offset_ = 0;
  bool eof_ = false;
};

}  // namespace sttvp
