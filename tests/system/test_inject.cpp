// `sttvp inject` on the real executable and the real MNIST split (skipped without data/mnist):
// a tiny campaign writes the exact CSV header and one row per run, resumes without redoing
// finished runs, a logged run replays to the same weights, a bad spec exits with status 2 and
// one line; and the closed loop (`sttvp train --config` on an STT-RAM LLC) attributes the LLC's
// flips to tensors. Runs of 100 samples and one epoch keep each call well under a second.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>

#include "tests/support/TempDir.h"
#include "tests/system/RunSttvp.h"

namespace sttvp::test {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string cell; std::getline(in, cell, ',');) out.push_back(cell);
  return out;
}

// Two runs: the error-free baseline and exponent flips in layer 0's inputs at a high rate.
const char* kTinySpec = R"({
  "nets": ["lenet"],
  "preset": "default",
  "epochs": 1,
  "train_samples": 100,
  "test_samples": 100,
  "layers": [0],
  "targets": ["inputs"],
  "p": [1e-3],
  "seeds": [1],
  "fault": {"bits": "exponent"}
})";

class InjectSystemTest : public ::testing::Test {
 protected:
  static constexpr const char* kRun = "lenet-l00-inputs-p0.001-none-s1";
  Outcome inject(const std::string& args) { return run_sttvp("inject " + args, dir.path()); }
  // The tiny spec with `fault` in place of the exponent bits; its faulty run (kRun) is run with
  // its flips logged into DIR/a. Returns the run's folder.
  std::string logged_run(const std::string& fault) {
    std::string text = kTinySpec;
    text.replace(text.find("\"exponent\""), 10, fault);
    spec_file = dir.write("tiny.json", text);
    const Outcome o =
        inject("'" + spec_file + "' --out '" + dir.file("a") + "' --run " + kRun + " --log-flips");
    EXPECT_EQ(o.status, 0) << o.err;
    return dir.file(std::string("a/runs/") + kRun);
  }
  TempDir dir;
  std::string spec_file;  // of the last logged_run
};

TEST_F(InjectSystemTest, TinyCampaignWritesTheCsvAndResumes) {
  REQUIRE_MNIST();
  const std::string spec = dir.write("tiny.json", kTinySpec);
  const std::string out = dir.file("out");
  const Outcome o = inject("'" + spec + "' --out '" + out + "' --jobs 2");
  ASSERT_EQ(o.status, 0) << o.err;
  const auto rows = lines(slurp(out + "/campaign.csv"));
  ASSERT_EQ(rows.size(), 3u) << slurp(out + "/campaign.csv");
  EXPECT_EQ(rows[0],
            "net,layer,target,p,seed,mitigation,test_accuracy,diverged,first_nonfinite_step,"
            "flips");
  const auto base = cells(rows[1]);
  ASSERT_EQ(base.size(), 10u);
  EXPECT_EQ(base[0], "lenet");
  EXPECT_EQ(base[1], "none");
  EXPECT_EQ(base[3], "0");
  EXPECT_EQ(base[7], "0");   // not diverged
  EXPECT_EQ(base[8], "-1");  // never non-finite
  EXPECT_EQ(base[9], "0");   // no flips
  const auto hit = cells(rows[2]);
  ASSERT_EQ(hit.size(), 10u);
  EXPECT_EQ(hit[1], "0");
  EXPECT_EQ(hit[2], "inputs");
  EXPECT_EQ(hit[3], "0.001");
  // 16 x 1024 values x 8 exponent bits x 1e-3: about 130 flips per step; some make infinities.
  EXPECT_EQ(hit[7], "1");
  EXPECT_EQ(hit[8], "0");
  EXPECT_GT(std::stoi(hit[9]), 50);
  EXPECT_NE(slurp(out + "/summary.md").find("| 0 | conv | 1024 |"), std::string::npos);
  const auto j = read_json(out + "/runs/lenet-l00-inputs-p0.001-none-s1/result.json");
  EXPECT_TRUE(j["result"]["diverged"].get<bool>());
  EXPECT_EQ(j["result"]["diverged_step"], 0);

  // Again: nothing to do.
  const Outcome again = inject("'" + spec + "' --out '" + out + "'");
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.err.find("2 already finished; running 0"), std::string::npos) << again.err;
  EXPECT_EQ(lines(slurp(out + "/campaign.csv")), rows);
  // A missing result is redone, alone.
  fs::remove(out + "/runs/lenet-baseline-none-s1/result.json");
  const Outcome resumed = inject("'" + spec + "' --out '" + out + "'");
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("1 already finished; running 1"), std::string::npos) << resumed.err;
  EXPECT_EQ(lines(slurp(out + "/campaign.csv")), rows);
}

TEST_F(InjectSystemTest, ALoggedRunReplaysToTheSameWeights) {
  REQUIRE_MNIST();
  // Mantissa flips only: the run trains to the end.
  const std::string run = logged_run("\"mantissa\"");
  const std::string log = run + "/flips.csv";
  ASSERT_EQ(lines(slurp(log)).at(0), "step,layer,tensor,share,read,element,bit,before,after");
  EXPECT_GT(lines(slurp(log)).size(), 100u);
  const Outcome replayed = inject("'" + spec_file + "' --out '" + dir.file("b") + "' --run " +
                                  kRun + " --replay '" + log + "'");
  ASSERT_EQ(replayed.status, 0) << replayed.err;
  const auto a = read_json(run + "/result.json");
  const auto b = read_json(dir.file(std::string("b/runs/") + kRun + "/result.json"));
  EXPECT_FALSE(a["result"]["diverged"].get<bool>());
  EXPECT_EQ(a["result"]["params_hash"], b["result"]["params_hash"]);
  EXPECT_EQ(a["result"]["flips"], b["result"]["flips"]);
  EXPECT_EQ(a["result"]["test_accuracy"], b["result"]["test_accuracy"]);
}

TEST_F(InjectSystemTest, PerValueRateFlipsOneMaskBitPerHitValue) {
  REQUIRE_MNIST();
  const std::string run = logged_run("\"mantissa+sign\", \"rate\": \"per_value\"");
  const auto log = lines(slurp(run + "/flips.csv"));
  ASSERT_GT(log.size(), 20u);
  std::set<std::string> values;  // step, share, element
  for (std::size_t i = 1; i < log.size(); ++i) {
    const auto c = cells(log[i]);  // step,layer,tensor,share,read,element,bit,before,after
    ASSERT_EQ(c.size(), 9u) << log[i];
    const int bit = std::stoi(c[6]);
    EXPECT_TRUE(bit <= 22 || bit == 31) << log[i];  // never an exponent bit
    EXPECT_TRUE(values.insert(c[0] + "," + c[3] + "," + c[5]).second) << "hit twice: " << log[i];
  }
  const auto j = read_json(run + "/result.json");
  EXPECT_EQ(j["result"]["flips"].get<std::size_t>(), log.size() - 1);
  EXPECT_FALSE(j["result"]["diverged"].get<bool>());
  EXPECT_EQ(j["settings"]["fault"]["rate"], "per_value");
}

TEST_F(InjectSystemTest, BadSpecExitsWithStatus2AndOneLine) {
  struct Case {
    const char* from;
    const char* to;
    const char* expect;
  };
  const Case cases[] = {
      {"\"p\": [1e-3]", "\"p\": [1e-3, 2]", "p[1]: p = 2 is not in (0, 1]"},
      {"\"layers\": [0]", "\"layers\": [12]", "layers[0]: layer 12 does not exist"},
      {"\"targets\": [\"inputs\"]", "\"targets\": [\"activations\"]", "targets[0]: unknown target"},
      {"\"seeds\": [1]", "\"seeds\": [1], \"epoch\": 2", "epoch: unknown key"},
      {"\"exponent\"", "\"fraction\"", "fault.bits: unknown value"},
      {"\"exponent\"", "\"mantissa+\"", "fault.bits: unknown value"},
      {"\"exponent\"", "\"exponent+sign+exponent\"",
       "fault.bits: \"exponent+sign+exponent\": groups overlap"},
      {"\"exponent\"", "\"exponent\", \"rate\": \"per_word\"", "fault.rate"},
      {"\"preset\": \"default\"", "\"preset\": \"fast\"", "preset: configs/training/lenet-fast"},
      {"\"nets\": [\"lenet\"],", "", "nets: missing required key"},
      {"\"seeds\": [1]", "\"seeds\": [1], \"training\": {\"optimizer\": {\"alpha\": -1}}",
       "optimizer.alpha"},
      {"\"seeds\": [1]", "\"seeds\": [1", "malformed"},
  };
  for (const Case& c : cases) {
    std::string text = kTinySpec;
    text.replace(text.find(c.from), std::string(c.from).size(), c.to);
    const std::string spec = dir.write("bad.json", text);
    const Outcome o = inject("'" + spec + "' --out '" + dir.file("never") + "'");
    EXPECT_EQ(o.status, 2) << c.to << ": " << o.err;
    EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
    EXPECT_NE(o.err.find(c.expect), std::string::npos) << o.err;
    EXPECT_EQ(o.err.rfind("sttvp: ", 0), 0u) << o.err;
    EXPECT_FALSE(fs::exists(dir.file("never"))) << c.to;
  }
  const std::string spec = dir.write("ok.json", kTinySpec);
  const Outcome unknown =
      inject("'" + spec + "' --run lenet-l99 --out '" + dir.file("never") + "'");
  EXPECT_EQ(unknown.status, 2) << unknown.err;
  EXPECT_NE(unknown.err.find("no such run"), std::string::npos) << unknown.err;
  EXPECT_FALSE(fs::exists(dir.file("never")));
}

TEST_F(InjectSystemTest, ClosedLoopAttributesTheLlcsFlipsToTensors) {
  REQUIRE_MNIST();
  // Two simulated minibatches on the 10 ms STT-RAM LLC, which flips bits in the tensors.
  const Outcome o = run_sttvp(
      "train --net lenet --config configs/skylake-stt-10ms.json --epochs 1 --train-samples 64 "
      "--test-samples 16 --roi-start 2 --roi-steps 2 --stop-after-roi --out '" +
          dir.file("loop") + "'",
      dir.path());
  ASSERT_EQ(o.status, 0) << o.err;
  const auto rows = lines(slurp(dir.file("loop/flips_by_tensor.csv")));
  ASSERT_GE(rows.size(), 2u) << o.out;
  EXPECT_EQ(rows[0],
            "tensor,kind,layer,share,flips,permanent,transient,nonfinite,first_step,aliases");
  const auto stats = read_json(dir.file("loop/stats.json"));
  long long attributed = 0, unattributed = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto c = cells(rows[i]);
    ASSERT_GE(c.size(), 9u) << rows[i];
    (c[0] == "unattributed" ? unattributed : attributed) += std::stoll(c[4]);
    if (c[0] != "unattributed") {
      EXPECT_GE(std::stoll(c[8]), 2) << rows[i];  // flipped during a simulated step
    }
  }
  // Every flip the LLC counted is in the report, almost all of them in known buffers.
  EXPECT_EQ(attributed + unattributed,
            stats["retention"]["total"]["flipped_bits"].get<long long>());
  EXPECT_GT(attributed, 0);
  EXPECT_LE(unattributed, attributed / 10);
  EXPECT_NE(o.out.find("retention flips"), std::string::npos) << o.out;
}

}  // namespace
}  // namespace sttvp::test
