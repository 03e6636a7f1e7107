#include "models/trace/BinaryTraceWriter.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "models/trace/BinaryTraceFormat.h"

namespace sttvp {

using namespace bintrace;

BinaryTraceWriter::BinaryTraceWriter(std::string path)
    : path_(std::move(path)),
      partial_(path_ == "-" ? "" : path_ + ".partial"),
      buffer_(std::size_t{1} << 20) {
  fd_ = partial_.empty() ? ::dup(STDOUT_FILENO)
                         : ::open(partial_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw std::runtime_error((partial_.empty() ? "standard output" : partial_) +
                             ": cannot create: " + std::string(std::strerror(errno)));
  std::memcpy(buffer_.data(), kMagic, sizeof kMagic);
  const std::uint32_t header[2] = {kVersion, 0};
  for (unsigned i = 0; i < 2; ++i)
    for (unsigned b = 0; b < 4; ++b)
      buffer_[sizeof kMagic + 4 * i + b] = static_cast<unsigned char>(header[i] >> (8 * b));
  used_ = kHeaderBytes;
}

BinaryTraceWriter::~BinaryTraceWriter() {
  if (fd_ >= 0) {
    ::close(fd_);
    if (!partial_.empty()) ::unlink(partial_.c_str());
  }
}

void BinaryTraceWriter::encode(const TraceAccess& a) {
  unsigned char* p = buffer_.data() + used_;
  std::uint64_t& stream_end = a.kind == AccessKind::Fetch ? fetch_end_ : data_end_;
  const bool sequential = a.addr == stream_end;
  const unsigned size_code = a.size <= kMaxInlineSize ? a.size : kVarintSize;
  unsigned n = 0;
  p[n++] = static_cast<unsigned char>(static_cast<unsigned>(a.kind) |
                                      (sequential ? kSequentialBit : 0u) | size_code << kSizeShift);
  if (size_code == kVarintSize) n += put_varint(p + n, a.size);
  if (!sequential) n += put_varint(p + n, zigzag(static_cast<std::int64_t>(a.addr - stream_end)));
  stream_end = a.addr + a.size;
  used_ += n;
  ++records_;
}

void BinaryTraceWriter::flush() {
  std::size_t done = 0;
  while (done < used_) {
    const ssize_t w = ::write(fd_, buffer_.data() + done, used_ - done);
    if (w < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(partial_ + ": write failed: " + std::string(std::strerror(errno)));
    }
    done += static_cast<std::size_t>(w);
  }
  bytes_ += used_;
  used_ = 0;
}

std::uint64_t BinaryTraceWriter::finish() {
  if (buffer_.size() - used_ < kSlack) flush();
  buffer_[used_++] = kEndTag;
  used_ += put_varint(buffer_.data() + used_, records_);
  flush();
  if (::close(fd_) != 0) {
    fd_ = -1;
    ::unlink(partial_.c_str());
    throw std::runtime_error(partial_ +
                             ": cannot complete the file: " + std::string(std::strerror(errno)));
  }
  fd_ = -1;
  if (!partial_.empty() && std::rename(partial_.c_str(), path_.c_str()) != 0) {
    ::unlink(partial_.c_str());
    throw std::runtime_error(path_ +
                             ": cannot move into place: " + std::string(std::strerror(errno)));
  }
  return bytes_;
}

}  // namespace sttvp
