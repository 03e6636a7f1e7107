// Runs a list of programs as child processes, at most `slots` at a time, in list order, until
// all have run or a stop signal arrives. On SIGINT/SIGTERM it launches nothing more, sends
// SIGTERM to the running children's process groups and, if they have not ended after a grace
// period (or a second signal arrives), SIGKILL.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace sttvp {

class StopSignals;

class JobPool {
 public:
  struct Task {
    std::vector<std::string> argv;  // argv[0]: the program
    std::string log;                // its stdout and stderr
  };
  struct Finished {
    std::size_t task = 0;
    int status = 0;  // exit code, or 128 + signal
    double seconds = 0;
  };
  struct Hooks {
    std::function<void(std::size_t task)> before_start;  // e.g. prepare the job's folder
    std::function<void(const Finished&)> finished;
    std::function<void()> tick;  // about every `tick_seconds` and after each event
  };
  struct Outcome {
    int stop_signal = 0;               // 0: every task ran
    std::vector<std::size_t> stopped;  // tasks that were running and were terminated
    std::size_t never_started = 0;
  };

  JobPool(unsigned slots, StopSignals& signals) : slots_(slots ? slots : 1), signals_(signals) {}

  double tick_seconds = 0.5;
  double grace_seconds = 5;

  Outcome run(const std::vector<Task>& tasks, const Hooks& hooks);
  std::size_t running() const { return running_.size(); }

 private:
  struct Child {
    pid_t pid;
    std::size_t task;
    double started;
  };
  void reap(const Hooks& hooks);
  void terminate(Outcome& outcome);

  unsigned slots_;
  StopSignals& signals_;
  std::vector<Child> running_;
};

}  // namespace sttvp
