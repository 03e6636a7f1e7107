#include "experiments/jobs/StopSignals.h"

#include <atomic>
#include <cerrno>
#include <cmath>
#include <ctime>

namespace sttvp {

namespace {

std::atomic<int> g_signal{0};
std::atomic<int> g_count{0};

void note(int sig) {
  if (sig == SIGCHLD) return;
  int expected = 0;
  g_signal.compare_exchange_strong(expected, sig);
  g_count.fetch_add(1);
}

extern "C" void on_signal(int sig) { note(sig); }

}  // namespace

StopSignals::StopSignals() {
  g_signal = 0;
  g_count = 0;
  sigemptyset(&set_);
  sigaddset(&set_, SIGINT);
  sigaddset(&set_, SIGTERM);
  sigaddset(&set_, SIGCHLD);
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGINT, &sa, &old_int_);
  sigaction(SIGTERM, &sa, &old_term_);
  sigaction(SIGCHLD, &sa, &old_chld_);
  pthread_sigmask(SIG_BLOCK, &set_, &old_mask_);
}

StopSignals::~StopSignals() {
  pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
  sigaction(SIGINT, &old_int_, nullptr);
  sigaction(SIGTERM, &old_term_, nullptr);
  sigaction(SIGCHLD, &old_chld_, nullptr);
}

void StopSignals::wait(double seconds) {
  if (seconds < 0) seconds = 0;
  struct timespec timeout {};
  timeout.tv_sec = static_cast<time_t>(seconds);
  timeout.tv_nsec = static_cast<long>((seconds - std::floor(seconds)) * 1e9);
  const int sig = sigtimedwait(&set_, nullptr, &timeout);
  if (sig > 0) note(sig);
}

int StopSignals::stop_signal() const { return g_signal.load(); }

int StopSignals::stop_count() const { return g_count.load(); }

}  // namespace sttvp
