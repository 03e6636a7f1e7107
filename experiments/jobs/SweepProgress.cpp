#include "experiments/jobs/SweepProgress.h"

#include <cmath>
#include <cstdio>

namespace sttvp {

double SweepProgress::eta_seconds(double elapsed) const {
  if (remaining() == 0) return 0;
  if (done_ + failed_ <= skipped_ || elapsed <= 0) return -1;
  const std::size_t ended = done_ + failed_ - skipped_;
  return elapsed / static_cast<double>(ended) * static_cast<double>(remaining());
}

std::string SweepProgress::clock(double seconds) {
  const long s = std::lround(seconds < 0 ? 0 : seconds);
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

std::string SweepProgress::line(double elapsed) const {
  std::string out = std::to_string(done_) + "/" + std::to_string(total_) + " done, " +
                    std::to_string(failed_) + " failed";
  if (running_ > 0) out += ", " + std::to_string(running_) + " running";
  out += ", " + clock(elapsed) + " elapsed";
  const double eta = eta_seconds(elapsed);
  out += eta < 0 ? ", ETA --" : ", ETA " + clock(eta);
  return out;
}

}  // namespace sttvp
