#include "experiments/jobs/StatusLine.h"

#include <unistd.h>

#include <iostream>

namespace sttvp {

StatusLine::StatusLine(std::string prefix, bool quiet)
    : prefix_(std::move(prefix)), quiet_(quiet), tty_(::isatty(2) == 1) {}

void StatusLine::say(const std::string& message) {
  clear();
  std::cerr << prefix_ << ": " << message << std::endl;
}

void StatusLine::progress(const std::string& line, bool event) {
  if (quiet_) return;
  if (tty_) {
    std::cerr << "\r\033[K" << prefix_ << ": " << line << std::flush;
    shown_ = true;
  } else if (event) {
    std::cerr << prefix_ << ": " << line << std::endl;
  }
}

void StatusLine::clear() {
  if (shown_) std::cerr << "\r\033[K" << std::flush;
  shown_ = false;
}

}  // namespace sttvp
