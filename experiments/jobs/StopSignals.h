// Catches SIGINT and SIGTERM (and notices SIGCHLD) for as long as it lives, so a sweep can stop
// launching jobs and end its children cleanly instead of dying with them half-done.
//
// The three signals are blocked and collected with sigtimedwait(), which doubles as the sweep's
// sleep: wait() returns early when a child ends or a stop is asked for. Handlers are installed
// too, for a signal that another thread happens to receive. Children must not inherit the
// blocked mask: Subprocess resets it in the child before exec.
#pragma once

#include <signal.h>

namespace sttvp {

class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // Sleeps up to `seconds`, less if a child ends or a stop signal arrives.
  void wait(double seconds);
  // SIGINT or SIGTERM once one has arrived, else 0.
  int stop_signal() const;
  // How many stop signals have arrived (a second one asks for a harder stop).
  int stop_count() const;

 private:
  sigset_t set_{};
  sigset_t old_mask_{};
  struct sigaction old_int_ {
  }, old_term_{}, old_chld_{};
};

}  // namespace sttvp
