// Synthetic validation workload: sweep a buffer `passes` times, line by line, reading every line
// and also writing `write_fraction` of them (spread evenly: line i is written when
// floor((i + 1) * f) > floor(i * f)). The buffer is split into one contiguous chunk per worker.
// Between passes every worker idles `gap_ns` (a known write-to-read distance).
#pragma once

#include <cstdint>
#include <memory>

#include "sw/workload/Executor.h"

namespace sttvp::sw {

struct StreamParams {
  std::uint64_t bytes = 0;
  std::uint64_t passes = 1;
  double write_fraction = 0;
  double gap_ns = 0;
};

class StreamWorkload final : public Workload {
 public:
  static constexpr std::size_t kLineBytes = 64;

  explicit StreamWorkload(const StreamParams& params);
  void run(Executor& executor) override;

  const unsigned char* buffer() const { return buffer_.get(); }
  std::uint64_t lines() const { return lines_; }
  bool written(std::uint64_t line) const;

 private:
  struct Free {
    void operator()(unsigned char* p) const;
  };
  StreamParams params_;
  std::uint64_t lines_;
  std::unique_ptr<unsigned char, Free> buffer_;
};

}  // namespace sttvp::sw
