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
// Folders to rmdir before that line; g_cleanup_count is 0 while the list is being changed.
constexpr int kMaxCleanup = 8;
char g_cleanup[kMaxCleanup][4096];
std::atomic<int> g_cleanup_count{0};

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
  for (int i = 0, n = g_cleanup_count.load(); i < n; ++i) ::rmdir(g_cleanup[i]);
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

void InterruptHandler::set_cleanup(const std::vector<std::string>& folders) {
  g_cleanup_count.store(0);
  int n = 0;
  for (const std::string& f : folders) {
    if (n == kMaxCleanup || f.size() >= sizeof g_cleanup[0]) break;
    std::memcpy(g_cleanup[n++], f.c_str(), f.size() + 1);
  }
  g_cleanup_count.store(n);
}

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
