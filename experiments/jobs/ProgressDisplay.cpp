#include "experiments/jobs/ProgressDisplay.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace sttvp {

ProgressDisplay::ProgressDisplay(bool enabled, std::uint64_t roi_begin, std::uint64_t roi_end,
                                 std::FILE* out, double every_s)
    : enabled_(enabled),
      roi_begin_(roi_begin),
      roi_end_(roi_end),
      out_(out),
      terminal_(::isatty(::fileno(out)) == 1),
      every_s_(every_s),
      start_(Clock::now()),
      last_step_(start_),
      last_draw_(start_) {}

ProgressDisplay::~ProgressDisplay() { clear(); }

std::string ProgressDisplay::clock(double seconds) {
  const auto s = static_cast<long long>(std::max(0.0, seconds) + 0.5);
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
  return buf;
}

double ProgressDisplay::eta_seconds(const sw::TrainingProgress& p) const {
  // Remaining steps of each kind, each at its own measured rate (the other's if none yet).
  const std::uint64_t lo = std::max(p.step, roi_begin_);
  const std::uint64_t hi = std::min(p.total, roi_end_);
  const std::uint64_t sim_left = hi > lo ? hi - lo : 0;
  const std::uint64_t native_left = p.total - p.step - sim_left;
  const double native_rate = native_steps_ ? native_s_ / native_steps_ : -1;
  const double sim_rate = sim_steps_ ? sim_s_ / sim_steps_ : -1;
  if (native_rate < 0 && sim_rate < 0) return -1;
  return native_left * (native_rate >= 0 ? native_rate : sim_rate) +
         sim_left * (sim_rate >= 0 ? sim_rate : native_rate);
}

void ProgressDisplay::update(const sw::TrainingProgress& p) {
  const Clock::time_point now = Clock::now();
  const double step_s = std::chrono::duration<double>(now - last_step_).count();
  last_step_ = now;
  (p.simulated ? sim_s_ : native_s_) += step_s;
  ++(p.simulated ? sim_steps_ : native_steps_);
  if (!enabled_) return;
  const double since_draw = std::chrono::duration<double>(now - last_draw_).count();
  if (terminal_ ? drawn_ && p.step != p.total && since_draw < 0.2 : since_draw < every_s_) return;
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double eta = eta_seconds(p);
  const double epoch = p.steps_per_epoch ? static_cast<double>(p.step) / p.steps_per_epoch : 0;
  std::fprintf(out_, "%strain: step %llu/%llu (epoch %.2f)%s  loss %.4f  %s elapsed, ETA %s%s",
               terminal_ ? "\r\033[K" : "", static_cast<unsigned long long>(p.step),
               static_cast<unsigned long long>(p.total), epoch, p.simulated ? " simulated" : "",
               p.loss, clock(elapsed).c_str(), eta < 0 ? "?" : clock(eta).c_str(),
               terminal_ ? "" : "\n");
  std::fflush(out_);
  drawn_ = terminal_;
}

void ProgressDisplay::clear() {
  if (!drawn_) return;
  std::fprintf(out_, "\r\033[K");
  std::fflush(out_);
  drawn_ = false;
}

}  // namespace sttvp
