#include "models/trace/LackeyTraceWriter.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace sttvp {

LackeyTraceWriter::LackeyTraceWriter(std::string path)
    : path_(std::move(path)),
      partial_(path_ == "-" ? "" : path_ + ".partial"),
      buffer_(std::size_t{1} << 20) {
  fd_ = partial_.empty() ? ::dup(STDOUT_FILENO)
                         : ::open(partial_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw std::runtime_error((partial_.empty() ? "standard output" : partial_) +
                             ": cannot create: " + std::string(std::strerror(errno)));
}

LackeyTraceWriter::~LackeyTraceWriter() {
  if (fd_ >= 0) {
    ::close(fd_);
    if (!partial_.empty()) ::unlink(partial_.c_str());
  }
}

void LackeyTraceWriter::write(const TraceAccess& a) {
  if (buffer_.size() - used_ < 64) flush();
  // Lackey's own layout: "I  addr,size" and " K addr,size", at least 8 hex digits.
  static const char* prefix[] = {"I  ", " L ", " S ", " M "};
  const int n = std::snprintf(buffer_.data() + used_, buffer_.size() - used_, "%s%08llx,%u\n",
                              prefix[static_cast<unsigned>(a.kind)],
                              static_cast<unsigned long long>(a.addr), a.size);
  used_ += static_cast<std::size_t>(n);
  ++records_;
}

void LackeyTraceWriter::flush() {
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

std::uint64_t LackeyTraceWriter::finish() {
  flush();
  const int rc = ::close(fd_);
  fd_ = -1;
  if (rc != 0 || (!partial_.empty() && std::rename(partial_.c_str(), path_.c_str()) != 0)) {
    if (!partial_.empty()) ::unlink(partial_.c_str());
    throw std::runtime_error(path_ +
                             ": cannot complete the file: " + std::string(std::strerror(errno)));
  }
  return bytes_;
}

}  // namespace sttvp
