#include "platform/InterruptHandler.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>

namespace sttvp {

namespace {

std::atomic<bool> g_installed{false};
std::atomic<int> g_deferrals{0};  // live Deferral objects
std::atomic<int> g_pending{0};    // first signal that arrived while deferred
bool g_tty = false;               // stderr is a terminal: clear a progress line first
// What the line says after the signal's name; only read when no deferral is live.
char g_outcome[4096] = "no results written";

void put(const char* s) {
  std::size_t n = std::strlen(s);
  while (n > 0) {
    const ssize_t w = ::write(STDERR_FILENO, s, n);
    if (w <= 0) return;
    s += w;
    n -= static_cast<std::size_t>(w);
  }
}

// Async-signal-safe: write(2) and _exit(2) only.
[[noreturn]] void say_and_exit(int sig) {
  if (g_tty) put("\r\033[K");
  put("sttvp: interrupted by ");
  put(sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "a signal");
  put("; ");
  put(g_outcome);
  put("\n");
  ::_exit(128 + sig);
}

extern "C" void on_stop_signal(int sig) {
  if (g_deferrals.load() > 0) {
    int none = 0;
    g_pending.compare_exchange_strong(none, sig);
    return;
  }
  say_and_exit(sig);
}

}  // namespace

void InterruptHandler::install() {
  if (g_installed.exchange(true)) return;
  g_tty = ::isatty(STDERR_FILENO) == 1;
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

bool InterruptHandler::installed() { return g_installed.load(); }

InterruptHandler::Deferral::Deferral() { g_deferrals.fetch_add(1); }

InterruptHandler::Deferral::~Deferral() { end(); }

void InterruptHandler::Deferral::results_complete(const std::string& dir) {
  std::snprintf(g_outcome, sizeof g_outcome, "results complete in %s", dir.c_str());
}

void InterruptHandler::Deferral::end() {
  if (!active_) return;
  active_ = false;
  // A signal arriving after the decrement is handled by the handler itself.
  if (g_deferrals.fetch_sub(1) == 1 && g_pending.load() != 0 && g_installed.load())
    say_and_exit(g_pending.load());
}

}  // namespace sttvp
