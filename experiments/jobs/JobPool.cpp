#include "experiments/jobs/JobPool.h"

#include <signal.h>
#include <sys/wait.h>

#include <cerrno>

#include "experiments/jobs/Host.h"
#include "experiments/jobs/StopSignals.h"
#include "experiments/jobs/Subprocess.h"

namespace sttvp {

void JobPool::reap(const Hooks& hooks) {
  // Only our own pids are waited for, so children started elsewhere in the process (e.g. by
  // Subprocess::capture) are left to their owners.
  for (std::size_t i = 0; i < running_.size();) {
    int raw = 0;
    const pid_t r = ::waitpid(running_[i].pid, &raw, WNOHANG);
    if (r == 0 || (r < 0 && errno == EINTR)) {
      ++i;
      continue;
    }
    Finished f{running_[i].task, r < 0 ? -1 : Subprocess::exit_status(raw),
               Host::now_seconds() - running_[i].started};
    running_.erase(running_.begin() + static_cast<std::ptrdiff_t>(i));
    if (hooks.finished) hooks.finished(f);
  }
}

void JobPool::terminate(Outcome& outcome) {
  for (const auto& c : running_) {
    ::kill(-c.pid, SIGTERM);
    outcome.stopped.push_back(c.task);
  }
  const int signals_before = signals_.stop_count();
  const double deadline = Host::now_seconds() + grace_seconds;
  while (!running_.empty()) {
    for (std::size_t i = 0; i < running_.size();) {
      int raw = 0;
      const pid_t r = ::waitpid(running_[i].pid, &raw, WNOHANG);
      if (r == 0 || (r < 0 && errno == EINTR)) {
        ++i;
      } else {
        running_.erase(running_.begin() + static_cast<std::ptrdiff_t>(i));
      }
    }
    if (running_.empty()) break;
    if (Host::now_seconds() > deadline || signals_.stop_count() > signals_before)
      for (const auto& c : running_) ::kill(-c.pid, SIGKILL);
    signals_.wait(0.1);
  }
}

JobPool::Outcome JobPool::run(const std::vector<Task>& tasks, const Hooks& hooks) {
  Outcome outcome;
  std::size_t next = 0;
  double last_tick = 0;
  while (next < tasks.size() || !running_.empty()) {
    if (signals_.stop_signal() != 0) {
      outcome.stop_signal = signals_.stop_signal();
      outcome.never_started = tasks.size() - next;
      terminate(outcome);
      return outcome;
    }
    while (next < tasks.size() && running_.size() < slots_) {
      if (hooks.before_start) hooks.before_start(next);
      const pid_t pid = Subprocess::spawn(tasks[next].argv, tasks[next].log);
      running_.push_back({pid, next, Host::now_seconds()});
      ++next;
    }
    reap(hooks);
    const double t = Host::now_seconds();
    if (hooks.tick && t - last_tick >= tick_seconds) {
      hooks.tick();
      last_tick = t;
    }
    if (!running_.empty() && running_.size() >= slots_)
      signals_.wait(tick_seconds);
    else if (next >= tasks.size() && !running_.empty())
      signals_.wait(tick_seconds);
  }
  if (hooks.tick) hooks.tick();
  return outcome;
}

}  // namespace sttvp
