// Trace replay on the real executable: agreement with Cachegrind on a real program traced by
// Valgrind Lackey, the binary trace format, the resolved config reproducing a replay, and bad
// traces (exit status 2, one line naming the file and the line or byte offset, no output).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <map>
#include <sstream>

#include "tests/support/TempDir.h"
#include "tests/system/RunSttvp.h"

namespace sttvp::test {
namespace {

namespace fs = std::filesystem;

int shell(const std::string& command) {
  const int raw = std::system(command.c_str());
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

bool have_valgrind() { return shell("valgrind --version >/dev/null 2>&1") == 0; }

// The totals of a cachegrind.out file: its "events:" names with the "summary:" values.
std::map<std::string, double> cachegrind_totals(const std::string& path) {
  std::istringstream in(slurp(path));
  std::vector<std::string> events;
  std::map<std::string, double> totals;
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::string head;
    fields >> head;
    if (head == "events:") {
      for (std::string e; fields >> e;) events.push_back(e);
    } else if (head == "summary:") {
      double v;
      for (std::size_t i = 0; i < events.size() && fields >> v; ++i) totals[events[i]] = v;
    }
  }
  return totals;
}

double stat(const nlohmann::json& j) { return j.get<double>(); }

// The program of tests/system/data/replay_kernel.c, its Lackey trace and Cachegrind's verdict on
// the same run, at Cachegrind's geometry in configs/cachegrind.json.
TEST(ReplaySystemTest, LackeyTraceReplayMatchesCachegrindD1AndLlMisses) {
  if (!have_valgrind())
    GTEST_SKIP() << "valgrind is not installed (scripts/setup.sh installs it); the Cachegrind "
                    "comparison needs it";
  TempDir dir;
  const std::string d = dir.path();
  ASSERT_EQ(shell("cc -O1 -mavx2 -mno-fma -o '" + d +
                  "/kernel' '" STTVP_SOURCE_DIR "/tests/system/data/replay_kernel.c' 2>'" + d +
                  "/cc.log'"),
            0)
      << slurp(d + "/cc.log");
  // Same binary, same environment, same folder: Valgrind lays the process out identically.
  ASSERT_EQ(shell("cd '" + d +
                  "' && valgrind --tool=lackey --trace-mem=yes --log-file=trace.lackey"
                  " ./kernel >lackey.out 2>lackey.err"),
            0)
      << slurp(d + "/lackey.err");
  ASSERT_EQ(shell("cd '" + d +
                  "' && valgrind --tool=cachegrind --cache-sim=yes"
                  " --I1=32768,8,64 --D1=32768,8,64 --LL=8388608,16,64"
                  " --cachegrind-out-file=cachegrind.out ./kernel >cachegrind.stdout 2>cg.err"),
            0)
      << slurp(d + "/cg.err");
  ASSERT_EQ(slurp(d + "/lackey.out"), slurp(d + "/cachegrind.stdout")) << "the same run";
  auto cg = cachegrind_totals(d + "/cachegrind.out");
  ASSERT_TRUE(cg.count("D1mr") && cg.count("DLmw") && cg.count("Ir"))
      << slurp(d + "/cachegrind.out");
  const double cg_d1 = cg["D1mr"] + cg["D1mw"];
  const double cg_ll = cg["ILmr"] + cg["DLmr"] + cg["DLmw"];

  Outcome o = run_sttvp("replay --trace '" + d + "/trace.lackey' --format lackey --config " +
                            "configs/cachegrind.json --out '" + d + "/lackey' --quiet",
                        d);
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(o.out.empty()) << "--quiet";
  const auto s = read_json(d + "/lackey/stats.json");
  const auto& core = s["cores"][0];
  // Every LL miss of Cachegrind is a line fill for an L1 miss (it has no write-backs): our LLC's
  // read misses. (Write-backs into our LLC hit, since it is inclusive.)
  const double d1 = stat(core["l1d"]["misses"]), ll = stat(s["llc"]["read_misses"]);
  std::cout << std::fixed << std::setprecision(0) << "Cachegrind: Ir " << cg["Ir"] << ", I1 misses "
            << cg["I1mr"] << ", D1 misses " << cg_d1 << ", LL misses " << cg_ll
            << "\nsttvp:      instructions " << stat(core["instructions"]) << ", L1I misses "
            << stat(core["l1i"]["misses"]) << ", L1D misses " << d1 << ", LLC misses " << ll
            << "\n";
  EXPECT_EQ(stat(core["instructions"]), cg["Ir"]) << "every fetch record replayed";
  EXPECT_GT(cg_d1, 100000) << "the program exercises the D1";
  EXPECT_GT(cg_ll, 100000) << "and the LL beyond its capacity";
  EXPECT_NEAR(d1, cg_d1, 0.01 * cg_d1);
  EXPECT_NEAR(ll, cg_ll, 0.01 * cg_ll);
  EXPECT_TRUE(s["llc"].contains("misses"));

  // The same trace in the binary format replays to the same statistics.
  o = run_sttvp("trace-convert --in '" + d + "/trace.lackey' --from lackey --out '" + d +
                    "/trace.bin' --quiet",
                d);
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_LT(fs::file_size(d + "/trace.bin") * 5, fs::file_size(d + "/trace.lackey"));
  fs::remove(d + "/trace.lackey");
  o = run_sttvp("replay --trace '" + d + "/trace.bin' --format bin --config " +
                    "configs/cachegrind.json --out '" + d + "/bin' --quiet",
                d);
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(slurp(d + "/bin/stats.json"), slurp(d + "/lackey/stats.json"));
}

// A synthetic trace: a loop's code, a stack and an array.
std::string synthetic_trace() {
  std::ostringstream t;
  t << "==42== Lackey, an example Valgrind tool\n";
  char line[64];
  for (int i = 0; i < 20000; ++i) {
    std::snprintf(line, sizeof line, "I  %08x,4\n", 0x401000 + 4 * (i % 64));
    t << line;
    std::snprintf(line, sizeof line, " L %010llx,8\n", 0x1ffefff000ull - 8 * (i % 32));
    t << line;
    std::snprintf(line, sizeof line, " %c %08x,8\n", "SM"[i % 2], 0x600000 + 8 * i);
    t << line;
  }
  t << "==42== \n";
  return t.str();
}

TEST(ReplaySystemTest, ReplayOnAHostStorePresetSwitchesToASparseStoreAndIsReproducible) {
  TempDir dir;
  const std::string trace = dir.write("t.lackey", synthetic_trace());
  Outcome o = run_sttvp("replay --trace '" + trace + "' --config configs/skylake-sram.json" +
                            " --set cores.count=1 --out '" + dir.file("a") + "'",
                        dir.path());
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.out.find("trace workload"), std::string::npos) << o.out;
  const auto config = read_json(dir.file("a/config.json"));
  EXPECT_EQ(config["dram"]["store"], "sparse");
  EXPECT_EQ(config["workload"]["kind"], "trace");
  EXPECT_EQ(config["workload"]["trace"], trace);
  EXPECT_EQ(config["workload"].count("bytes"), 0u) << "the stream settings are gone";
  const auto s = read_json(dir.file("a/stats.json"));
  EXPECT_EQ(s["cores"][0]["instructions"], 20000);
  EXPECT_EQ(s["cores"][0]["line_reads"], 20000);
  EXPECT_EQ(s["cores"][0]["line_writes"], 20000);
  EXPECT_EQ(s["cores"][0]["l1d"]["misses"], 5 + 20000 * 8 / 64) << "stack lines, array lines";
  EXPECT_TRUE(s["cores"][0].contains("l2")) << "the preset's L2 is there";
  EXPECT_FALSE(s["cores"][0].contains("l1i")) << "and it has no L1I";

  // The resolved config alone reproduces the replay.
  o = run_sttvp(
      "run --config '" + dir.file("a/config.json") + "' --out '" + dir.file("b") + "' --quiet",
      dir.path());
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(slurp(dir.file("a/stats.json")), slurp(dir.file("b/stats.json")));
}

TEST(ReplaySystemTest, TraceConvertRoundTripsAndReportsItsWork) {
  TempDir dir;
  const std::string trace = dir.write("t.lackey", synthetic_trace());
  Outcome o =
      run_sttvp("trace-convert --in '" + trace + "' --out '" + dir.file("t.bin") + "'", dir.path());
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.out.find("records  60000 (I 20000, L 20000, S 10000, M 10000)"), std::string::npos)
      << o.out;
  o = run_sttvp("trace-convert --in '" + dir.file("t.bin") + "' --from bin --to lackey --out '" +
                    dir.file("back.lackey") + "' --quiet",
                dir.path());
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(o.out.empty());
  // Lackey's own lines, minus its "==pid==" messages.
  std::string expected, text = synthetic_trace();
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("==", 0) != 0) expected += line + "\n";
  EXPECT_EQ(slurp(dir.file("back.lackey")), expected);
}

// The output is checked before the input is read: a device stays a device, a symbolic link is
// written through (the link stays), "-" is standard output (the summary then goes to stderr).
TEST(ReplaySystemTest, TraceConvertWritesThroughLinksAndToStandardOutputButNeverOverADevice) {
  TempDir dir;
  const std::string trace = dir.write("t.lackey", " L 00001000,8\n S 00002000,4\n");
  Outcome o =
      run_sttvp("trace-convert --in '" + trace + "' --to bin --out /dev/full --quiet", dir.path());
  EXPECT_EQ(o.status, 2) << o.err;
  EXPECT_NE(o.err.find("--out: /dev/full: is a device, not a regular file"), std::string::npos)
      << o.err;
  EXPECT_TRUE(fs::is_character_file("/dev/full"));

  fs::create_symlink("real.lackey", dir.file("link.lackey"));
  o = run_sttvp("trace-convert --in '" + trace + "' --to lackey --out '" + dir.file("link.lackey") +
                    "' --quiet",
                dir.path());
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(fs::is_symlink(dir.file("link.lackey")));
  EXPECT_EQ(slurp(dir.file("real.lackey")), " L 00001000,8\n S 00002000,4\n");

  o = run_sttvp("trace-convert --in '" + trace + "' --to lackey --out -", dir.path());
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.out, " L 00001000,8\n S 00002000,4\n");
  EXPECT_NE(o.err.find("records  2"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(STTVP_SOURCE_DIR "/-"));
}

// A valid run that says nothing is pointed out: an empty trace, a VCD window after the end.
TEST(ReplaySystemTest, EmptyTraceAndVcdWindowAfterTheEndAreWarnedAbout) {
  TempDir dir;
  const std::string trace = dir.write("empty.lackey", "==1== Lackey, an example Valgrind tool\n");
  Outcome o = run_sttvp("replay --trace '" + trace + "' --out '" + dir.file("out") + "' --quiet",
                        dir.path());
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.err,
            "sttvp: warning: " + trace + " holds no memory accesses; the results are empty\n");
  o = run_sttvp("run --config configs/skylake-sram.json --set workload.bytes=65536 --out '" +
                    dir.file("run") + "' --vcd '" + dir.file("t.vcd") +
                    "' --vcd-start-ns 1e9 --quiet",
                dir.path());
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.err.find("sttvp: warning: --vcd-start-ns 1e+09 is after the end of the simulation"),
            std::string::npos)
      << o.err;
  EXPECT_TRUE(fs::exists(dir.file("t.vcd")));
}

struct BadTrace {
  const char* name;
  std::string args;     // TRACE: the trace written from `content`; OUT: the output path
  std::string content;  // written to TRACE
  std::vector<std::string> expect;
};

void PrintTo(const BadTrace& c, std::ostream* os) { *os << c.name; }

class BadTraceTest : public ::testing::TestWithParam<BadTrace> {};

TEST_P(BadTraceTest, ExitsWithStatusTwoAndOneLineAndNoOutput) {
  const BadTrace& c = GetParam();
  TempDir dir;
  const std::string trace = dir.write("bad.trace", c.content);
  const std::string out = dir.file("out");
  std::string args = c.args;
  for (auto [key, value] : {std::pair<std::string, std::string>{"TRACE", trace}, {"OUT", out}})
    for (auto p = args.find(key); p != std::string::npos; p = args.find(key))
      args.replace(p, key.size(), value);
  Outcome o = run_sttvp(args, dir.path());
  EXPECT_EQ(o.status, 2) << o.err;
  ASSERT_FALSE(o.err.empty());
  EXPECT_EQ(o.err.find('\n'), o.err.size() - 1) << "exactly one line: " << o.err;
  for (auto f : c.expect) {
    if (f == "TRACE") f = trace;
    EXPECT_NE(o.err.find(f), std::string::npos) << o.err;
  }
  EXPECT_TRUE(o.out.empty()) << o.out;
  EXPECT_FALSE(fs::exists(out)) << "no output";
  EXPECT_FALSE(fs::exists(out + ".partial")) << "no partial output";
}

const std::string kReplay = "replay --trace TRACE --config configs/cachegrind.json --out OUT";
const std::string kGood = "I  0401ab70,3\n L 1fff000718,8\n";
const std::string kBinHeader = std::string("STTVPTRC\x01\0\0\0\0\0\0\0", 16);

INSTANTIATE_TEST_SUITE_P(
    Cases, BadTraceTest,
    ::testing::Values(
        BadTrace{"MalformedLackeyLine", kReplay, kGood + " L 1fff000718;8\n", {"TRACE", "line 3"}},
        BadTrace{"LackeyLogOfAnotherTool",
                 kReplay,
                 "==1== Memcheck, a memory error detector\n==1== \nHello\n",
                 {"TRACE", "line 3", "access kind"}},
        BadTrace{"AddressBeyondUserSpace",
                 kReplay,
                 kGood + "I  ffffffffff600000,4\n",
                 {"TRACE", "line 3", "outside the simulated memory"}},
        BadTrace{"TruncatedBinary",
                 kReplay + " --format bin",
                 kBinHeader + "\x41\x10",
                 {"TRACE", "offset 18", "end record"}},
        BadTrace{"TextGivenAsBinary",
                 kReplay + " --format bin",
                 kGood,
                 {"TRACE", "offset 0", "not an sttvp binary trace"}},
        BadTrace{"MissingTrace",
                 "replay --trace /nonexistent/t.lackey --config "
                 "configs/cachegrind.json --out OUT",
                 "",
                 {"/nonexistent/t.lackey", "cannot open"}},
        BadTrace{"UnknownFormat", kReplay + " --format pin", kGood, {"--format"}},
        BadTrace{"MissingTraceOption",
                 "replay --config configs/cachegrind.json --out OUT",
                 "",
                 {"--trace"}},
        BadTrace{"HostStoreForced",
                 kReplay + R"( --set 'dram={"store":"host","latency_ns":51,"channels":2,)" +
                     R"("transfer_rate_mts":2133,"bus_bytes":8,"read_nj":10,"write_nj":10}')",
                 kGood,
                 {"dram.store", "sparse"}},
        BadTrace{"ConvertMalformed",
                 "trace-convert --in TRACE --out OUT",
                 kGood + "I  0401ab73,0\n",
                 {"TRACE", "line 3", "size 0"}},
        BadTrace{"ConvertOutputEmpty",
                 "trace-convert --in TRACE --out ''",
                 kGood,
                 {"--out", "empty path"}},
        BadTrace{"ConvertOutputIsAFolder",
                 "trace-convert --in TRACE --out /tmp",
                 kGood,
                 {"--out", "/tmp", "is a folder"}},
        BadTrace{"ConvertTruncatedBinary",
                 "trace-convert --in TRACE --from bin --out OUT",
                 kBinHeader,
                 {"TRACE", "offset 16"}}),
    [](const ::testing::TestParamInfo<BadTrace>& p) { return p.param.name; });

}  // namespace
}  // namespace sttvp::test
