// The progress line of a sweep: jobs done out of the total, failures, running jobs, elapsed time
// and an estimate of the time left.
//
// The estimate extrapolates this invocation's rate (jobs ended per second of wall time, which
// already reflects how many run in parallel) to the jobs not yet ended; jobs skipped because an
// earlier invocation finished them do not count towards the rate.
#pragma once

#include <cstddef>
#include <string>

namespace sttvp {

class SweepProgress {
 public:
  SweepProgress(std::size_t total, std::size_t already_done)
      : total_(total), done_(already_done), skipped_(already_done) {}

  void job_done() { ++done_; }
  void job_failed() { ++failed_; }
  void set_running(std::size_t n) { running_ = n; }
  // Counts from a folder that others fill (a Slurm array): absolute numbers, not increments.
  void set_counts(std::size_t done, std::size_t failed) {
    done_ = done;
    failed_ = failed;
  }

  std::size_t done() const { return done_; }
  std::size_t failed() const { return failed_; }
  std::size_t total() const { return total_; }
  std::size_t remaining() const { return total_ - done_ - failed_; }

  // Seconds left, or a negative value while there is nothing to extrapolate from.
  double eta_seconds(double elapsed) const;
  // "3/12 done, 1 failed, 2 running, 0:07 elapsed, ETA 0:21"
  std::string line(double elapsed) const;
  // "0:07", "12:05", "1:02:03"
  static std::string clock(double seconds);

 private:
  std::size_t total_, done_, skipped_, failed_ = 0, running_ = 0;
};

}  // namespace sttvp
