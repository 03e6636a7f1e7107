// The local process pool, on small shell commands: exit statuses, the slot limit, logs, and
// stopping on SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

#include "experiments/jobs/JobPool.h"
#include "experiments/jobs/StopSignals.h"
#include "experiments/jobs/Subprocess.h"
#include "tests/support/TempDir.h"

namespace sttvp {
namespace {

using test::TempDir;

JobPool::Task sh(const std::string& script, const std::string& log) {
  return {{"/bin/sh", "-c", script}, log};
}

std::string slurp(const std::string& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(JobPool, RunsEveryTaskAndReportsItsStatus) {
  TempDir dir;
  StopSignals signals;
  JobPool pool(2, signals);
  pool.tick_seconds = 0.05;
  std::vector<JobPool::Task> tasks{sh("echo out; echo err >&2", dir.file("0.log")),
                                   sh("exit 3", dir.file("1.log")),
                                   sh("kill -9 $$", dir.file("2.log")),
                                   {{"/nonexistent/program"}, dir.file("3.log")}};
  std::vector<int> status(tasks.size(), -99);
  std::vector<std::size_t> started;
  JobPool::Hooks hooks;
  hooks.before_start = [&](std::size_t i) { started.push_back(i); };
  hooks.finished = [&](const JobPool::Finished& f) { status[f.task] = f.status; };
  const auto outcome = pool.run(tasks, hooks);
  EXPECT_EQ(outcome.stop_signal, 0);
  EXPECT_EQ(started, (std::vector<std::size_t>{0, 1, 2, 3}));
  EXPECT_EQ(status, (std::vector<int>{0, 3, 128 + SIGKILL, 127}));
  EXPECT_EQ(slurp(dir.file("0.log")), "out\nerr\n");
  EXPECT_NE(slurp(dir.file("3.log")).find("cannot start /nonexistent/program"), std::string::npos);
}

TEST(JobPool, NeverRunsMoreThanItsSlots) {
  TempDir dir;
  StopSignals signals;
  JobPool pool(2, signals);
  pool.tick_seconds = 0.02;
  std::vector<JobPool::Task> tasks;
  for (int i = 0; i < 6; ++i) tasks.push_back(sh("sleep 0.1", dir.file(std::to_string(i))));
  std::size_t most = 0;
  JobPool::Hooks hooks;
  hooks.tick = [&] { most = std::max(most, pool.running()); };
  hooks.before_start = [&](std::size_t) { most = std::max(most, pool.running() + 1); };
  pool.run(tasks, hooks);
  EXPECT_EQ(most, 2u);
}

TEST(JobPool, SigtermStopsLaunchingAndTerminatesRunningChildren) {
  TempDir dir;
  StopSignals signals;
  JobPool pool(2, signals);
  pool.tick_seconds = 0.05;
  std::vector<JobPool::Task> tasks;
  for (int i = 0; i < 5; ++i) tasks.push_back(sh("sleep 30", dir.file(std::to_string(i))));
  std::size_t finished = 0;
  JobPool::Hooks hooks;
  hooks.finished = [&](const JobPool::Finished&) { ++finished; };
  hooks.tick = [&] {
    if (pool.running() == 2) ::kill(::getpid(), SIGTERM);
  };
  const auto t0 = std::chrono::steady_clock::now();
  const auto outcome = pool.run(tasks, hooks);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(outcome.stop_signal, SIGTERM);
  EXPECT_EQ(outcome.stopped.size(), 2u);
  EXPECT_EQ(outcome.never_started, 3u);
  EXPECT_EQ(finished, 0u);
  EXPECT_EQ(pool.running(), 0u);
  EXPECT_LT(seconds, 10) << "children were terminated, not waited for";
}

TEST(Subprocess, CapturesBothStreamsAndTheStatus) {
  const auto r = Subprocess::capture({"/bin/sh", "-c", "echo to-out; echo to-err >&2; exit 4"});
  EXPECT_EQ(r.status, 4);
  EXPECT_EQ(r.out, "to-out\n");
  EXPECT_EQ(r.err, "to-err\n");
  const auto missing = Subprocess::capture({"no-such-program-sttvp"});
  EXPECT_EQ(missing.status, 127);
  EXPECT_NE(missing.err.find("cannot start"), std::string::npos);
}

}  // namespace
}  // namespace sttvp
