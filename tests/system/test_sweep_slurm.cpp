// `sttvp sweep --slurm --wait` against a real single-node Slurm that the test starts on this
// machine (scripts/slurm-local.sh) and always stops again. Skipped, saying why, only where Slurm
// cannot run at all (packages missing, not root).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "tests/support/TempDir.h"
#include "tests/system/RunSttvp.h"
#include "tests/system/SweepTestSupport.h"

namespace sttvp::test {
namespace {

namespace fs = std::filesystem;

// Runs a shell command and captures its stdout.
Outcome shell(const std::string& command) {
  Outcome o;
  FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) return o;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) o.out.append(buf, n);
  const int raw = ::pclose(p);
  o.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return o;
}

// A private Slurm cluster for the life of the object. Its watchdog also stops it if this
// process dies without running the destructor.
class LocalSlurm {
 public:
  explicit LocalSlurm(std::string dir) : dir_(std::move(dir)) {
    const auto t0 = std::chrono::steady_clock::now();
    start_ = shell("SLURM_LOCAL_OWNER=" + std::to_string(::getpid()) + " bash '" + script() +
                   "' start '" + dir_ + "' 2>&1");
    start_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  ~LocalSlurm() { shell("bash '" + script() + "' stop '" + dir_ + "' 2>&1"); }
  LocalSlurm(const LocalSlurm&) = delete;
  LocalSlurm& operator=(const LocalSlurm&) = delete;

  const Outcome& start() const { return start_; }
  double start_seconds() const { return start_seconds_; }
  std::string conf() const { return dir_ + "/slurm.conf"; }
  std::string pid(const std::string& daemon) const {
    std::string p = slurp(dir_ + "/run/" + daemon + ".pid");
    while (!p.empty() && (p.back() == '\n' || p.back() == ' ')) p.pop_back();
    return p;
  }

 private:
  static std::string script() { return std::string(STTVP_SOURCE_DIR) + "/scripts/slurm-local.sh"; }
  std::string dir_;
  Outcome start_;
  double start_seconds_ = 0;
};

// With sbatch installed but no controller running, --slurm says so in one line, with how to
// start the local one, before it writes anything (sbatch itself would retry for seconds).
TEST(SweepSlurmTest, NoControllerIsOneLineBeforeAnythingIsWritten) {
  if (shell("command -v scontrol").status != 0) GTEST_SKIP() << "Slurm is not installed";
  TempDir dir;
  // A cluster whose controller would listen on port 1: nothing answers there.
  const std::string conf = dir.write("slurm.conf",
                                     "ClusterName=none\nSlurmctldHost=localhost(127.0.0.1)\n"
                                     "SlurmctldPort=1\nNodeName=localhost CPUs=1\n"
                                     "PartitionName=p Nodes=localhost Default=YES\n");
  const std::string spec =
      dir.write("spec.json", R"({"config": ")" + std::string(STTVP_SOURCE_DIR) +
                                 R"(/configs/skylake-sram.json", "grid": {"llc.ways": [8, 16]}})");
  const Outcome o = run_sttvp("sweep '" + spec + "' --slurm --out '" + dir.file("out") + "'",
                              dir.path(), "export SLURM_CONF='" + conf + "'");
  EXPECT_EQ(o.status, 1) << o.err;
  EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
  EXPECT_NE(o.err.find("no Slurm controller is reachable (scontrol ping: Slurmctld(primary) at "),
            std::string::npos)
      << o.err;
  EXPECT_NE(o.err.find("scripts/slurm-local.sh start DIR"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(dir.file("out")));
}

TEST(SweepSlurmTest, SweepRunsAsAJobArrayOnARealSlurmAndResubmitsOnlyUnfinishedJobs) {
  TempDir dir;
  ::chmod(dir.path().c_str(), 0711);  // munged (user munge) must reach its socket inside
  LocalSlurm slurm(dir.file("cluster"));
  if (slurm.start().status == 3) GTEST_SKIP() << "Slurm cannot run here: " << slurm.start().out;
  ASSERT_EQ(slurm.start().status, 0) << slurm.start().out;
  ::setenv("SLURM_CONF", slurm.conf().c_str(), 1);

  // The daemons listen on the loopback address only.
  const Outcome listening = shell("ss -Hltnp 2>&1");
  std::size_t daemon_sockets = 0;
  std::stringstream lines(listening.out);
  for (std::string line; std::getline(lines, line);) {
    for (const char* daemon : {"slurmctld", "slurmd"}) {
      if (line.find("pid=" + slurm.pid(daemon) + ",") == std::string::npos) continue;
      ++daemon_sockets;
      EXPECT_NE(line.find(" 127.0.0.1:"), std::string::npos) << daemon << " listens beyond "
                                                             << "localhost: " << line;
    }
  }
  EXPECT_GE(daemon_sockets, 2u) << listening.out;

  const std::string spec = dir.write(
      "spec.json", tiny_spec(R"({"llc.ways": [8, 16], "workload.write_fraction": [0, 1]})"));
  const std::string out = dir.file("sweep");
  const std::string err = dir.file("stderr.txt");
  const std::string command = "cd '" + std::string(STTVP_SOURCE_DIR) + "' && timeout 120 '" +
                              STTVP_EXE + "' sweep '" + spec + "' --slurm --wait --poll 0.5 " +
                              "--sbatch-arg=--time=5 --out '" + out + "' 2>'" + err + "'";
  const auto t0 = std::chrono::steady_clock::now();
  Outcome first = shell(command);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  first.err = slurp(err);
  ASSERT_EQ(first.status, 0) << first.err;
  RecordProperty("slurm_start_seconds", std::to_string(slurm.start_seconds()));
  RecordProperty("sweep_seconds", std::to_string(seconds));
  std::cout << "slurm up in " << slurm.start_seconds() << " s; 4-job sweep in " << seconds
            << " s\n";

  // The job id alone on stdout, as sbatch --parsable gives it.
  ASSERT_FALSE(first.out.empty());
  EXPECT_EQ(first.out.find_first_not_of("0123456789"), first.out.size() - 1) << first.out;
  EXPECT_NE(first.err.find("submitted Slurm job " + first.out.substr(0, first.out.size() - 1)),
            std::string::npos)
      << first.err;
  const std::string script = slurp(out + "/sweep.sbatch");
  EXPECT_EQ(script.rfind("#!", 0), 0u);
  EXPECT_NE(script.find("#SBATCH --array=0-3\n"), std::string::npos) << script;
  const auto ids = job_ids(out);
  ASSERT_EQ(ids.size(), 4u);
  std::vector<FileStamp> stamps;
  for (const auto& id : ids) {
    EXPECT_TRUE(fs::exists(out + "/jobs/" + id + "/stats.json"))
        << slurp(out + "/jobs/" + id + "/log.txt");
    EXPECT_EQ(slurp(out + "/jobs/" + id + "/exit_status"), "0\n");
    stamps.push_back(stamp(out + "/jobs/" + id + "/stats.json"));
  }
  auto rows = csv_lines(out + "/results.csv");
  ASSERT_EQ(rows.size(), 5u);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(rows[i + 1].rfind(ids[i] + ",done,", 0), 0u);
  EXPECT_FALSE(fs::is_empty(out + "/slurm")) << "Slurm's own task output";

  // Two jobs lost: the next submission is an array over just those two. Submitted without
  // --wait, it is still queued or running when the same command comes again, which must not
  // clear its folders and run its jobs twice.
  fs::remove(out + "/jobs/" + ids[0] + "/stats.json");
  fs::remove(out + "/jobs/" + ids[2] + "/stats.json");
  const std::string no_wait =
      command.substr(0, command.find(" --wait")) + command.substr(command.find(" --wait") + 7);
  Outcome second = shell(no_wait);
  second.err = slurp(err);
  ASSERT_EQ(second.status, 0) << second.err;
  EXPECT_NE(second.err.find("skipped 2 finished job(s)"), std::string::npos) << second.err;
  EXPECT_NE(slurp(out + "/sweep.sbatch").find("#SBATCH --array=0-1\n"), std::string::npos);
  const std::string job_id = second.out.substr(0, second.out.find('\n'));
  Outcome refused = shell(command);
  refused.err = slurp(err);
  EXPECT_EQ(refused.status, 1) << refused.err;
  EXPECT_NE(refused.err.find("Slurm job " + job_id + " from an earlier submission is still"),
            std::string::npos)
      << refused.err;

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!shell("squeue --noheader --jobs=" + job_id + " 2>/dev/null").out.empty() &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  Outcome collect = shell("'" + std::string(STTVP_EXE) + "' sweep collect '" + out + "' 2>&1");
  ASSERT_EQ(collect.status, 0) << collect.out;
  EXPECT_EQ(stamp(out + "/jobs/" + ids[1] + "/stats.json"), stamps[1]);
  EXPECT_EQ(stamp(out + "/jobs/" + ids[3] + "/stats.json"), stamps[3]);
  rows = csv_lines(out + "/results.csv");
  ASSERT_EQ(rows.size(), 5u);
  for (std::size_t i = 0; i < 4; ++i)
    EXPECT_EQ(rows[i + 1].rfind(ids[i] + ",done,", 0), 0u) << rows[i + 1];
  ::unsetenv("SLURM_CONF");
}

}  // namespace
}  // namespace sttvp::test
