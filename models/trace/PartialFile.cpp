#include "models/trace/PartialFile.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace sttvp {

PartialFile::PartialFile(std::string path)
    : path_(std::move(path)),
      partial_(path_ == "-" ? "" : path_ + ".partial"),
      buffer_(std::size_t{1} << 20) {
  fd_ = partial_.empty() ? ::dup(STDOUT_FILENO)
                         : ::open(partial_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw std::runtime_error(shown() + ": cannot create: " + std::string(std::strerror(errno)));
}

PartialFile::~PartialFile() {
  if (fd_ >= 0) {
    ::close(fd_);
    if (!partial_.empty()) ::unlink(partial_.c_str());
  }
}

void PartialFile::flush() {
  std::size_t done = 0;
  while (done < used_) {
    const ssize_t w = ::write(fd_, buffer_.data() + done, used_ - done);
    if (w < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(shown() + ": write failed: " + std::string(std::strerror(errno)));
    }
    done += static_cast<std::size_t>(w);
  }
  bytes_ += used_;
  used_ = 0;
}

std::uint64_t PartialFile::finish() {
  flush();
  if (::close(fd_) != 0) {
    fd_ = -1;
    if (!partial_.empty()) ::unlink(partial_.c_str());
    throw std::runtime_error(shown() +
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
