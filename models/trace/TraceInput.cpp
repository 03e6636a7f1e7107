#include "models/trace/TraceInput.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "models/common/InputError.h"

namespace sttvp {

TraceInput::TraceInput(std::string path, std::size_t block_bytes)
    : path_(std::move(path)), block_(block_bytes) {
  if (path_ == "-") {
    fd_ = STDIN_FILENO;
  } else {
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0)
      throw InputError(path_, "", std::string("cannot open trace: ") + std::strerror(errno));
    owns_fd_ = true;
#ifdef POSIX_FADV_SEQUENTIAL
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  }
  buffer_.resize(2 * block_);
}

TraceInput::~TraceInput() {
  if (owns_fd_) ::close(fd_);
}

std::size_t TraceInput::fill(std::size_t want) {
  while (size() < want && !eof_) {
    // Keep the unconsumed tail at the front; grow only if one request exceeds the buffer.
    if (begin_ > 0) {
      std::memmove(buffer_.data(), buffer_.data() + begin_, size());
      end_ -= begin_;
      begin_ = 0;
    }
    if (buffer_.size() - end_ < block_ / 2) buffer_.resize(buffer_.size() + block_);
    const ssize_t n = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw InputError(path_, "offset " + std::to_string(offset_ + size()),
                       std::string("read error: ") + std::strerror(errno));
    }
    if (n == 0) eof_ = true;
    end_ += static_cast<std::size_t>(n);
  }
  return size();
}

}  // namespace sttvp
