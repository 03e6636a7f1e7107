#include "sw/workload/StreamWorkload.h"

#include <cmath>
#include <cstring>

#include "sw/nn/Arena.h"
#include "sw/probe/Probe.h"

namespace sttvp::sw {

void StreamWorkload::Free::operator()(unsigned char* p) const { Arena::instance().deallocate(p); }

StreamWorkload::StreamWorkload(const StreamParams& params)
    : params_(params), lines_((params.bytes + kLineBytes - 1) / kLineBytes) {
  // From the arena: the same addresses, hence the same sets, banks and channels, in every run.
  auto* p = static_cast<unsigned char*>(Arena::instance().allocate(lines_ * kLineBytes));
  std::memset(p, 0, lines_ * kLineBytes);
  buffer_.reset(p);
}

bool StreamWorkload::written(std::uint64_t line) const {
  const double f = params_.write_fraction;
  return std::floor(static_cast<double>(line + 1) * f) > std::floor(static_cast<double>(line) * f);
}

void StreamWorkload::run(Executor& executor) {
  const unsigned n = executor.workers();
  for (std::uint64_t pass = 0; pass < params_.passes; ++pass) {
    if (pass > 0 && params_.gap_ns > 0)
      executor.parallel([&](unsigned) { sw::idle(params_.gap_ns); });
    executor.parallel([&](unsigned w) {
      const std::uint64_t begin = lines_ * w / n;
      const std::uint64_t end = lines_ * (w + 1) / n;
      unsigned char* base = buffer_.get();
      for (std::uint64_t line = begin; line < end; ++line) {
        unsigned char* p = base + line * kLineBytes;
        sw::read(p, kLineBytes);
        if (written(line)) {
          p[0] = static_cast<unsigned char>(p[0] + 1);
          sw::write(p, kLineBytes);
        }
      }
    });
  }
}

}  // namespace sttvp::sw
