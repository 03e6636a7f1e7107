// The progress line of `sttvp train` (and of `run`'s training workloads) on stderr: steps done
// out of the total, epoch, running loss, elapsed time and an estimate of the time left. On a
// terminal it is redrawn in place at most five times a second; elsewhere (a Slurm or nohup log)
// it is printed as a plain line every few seconds. Off with --quiet.
//
// Simulated steps are far slower than native ones, so the estimate keeps one rate per kind of
// step (seconds per step measured so far) and applies each to the remaining steps of its kind.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

#include "sw/workload/TrainingWorkload.h"

namespace sttvp {

class ProgressDisplay {
 public:
  // Simulated steps are [roi_begin, roi_end) when simulating; pass roi_begin == roi_end if none.
  // Lines go to `out`; off a terminal, one every `every_s` seconds.
  ProgressDisplay(bool enabled, std::uint64_t roi_begin, std::uint64_t roi_end,
                  std::FILE* out = stderr, double every_s = 5);
  ~ProgressDisplay();

  void update(const sw::TrainingProgress& progress);
  // Erases the line (before other output); the next update draws it again.
  void clear();

  // "0:07", "12:05", "1:02:03"
  static std::string clock(double seconds);

 private:
  using Clock = std::chrono::steady_clock;
  double eta_seconds(const sw::TrainingProgress& p) const;

  bool enabled_;
  std::uint64_t roi_begin_, roi_end_;
  std::FILE* out_;
  bool terminal_;
  double every_s_;
  Clock::time_point start_, last_step_, last_draw_;
  bool drawn_ = false;
  double native_s_ = 0, sim_s_ = 0;  // host time of the steps seen, per kind
  std::uint64_t native_steps_ = 0, sim_steps_ = 0;
};

}  // namespace sttvp
