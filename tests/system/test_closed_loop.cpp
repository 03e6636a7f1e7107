// The closed loop on the real executable and the real MNIST split (skipped without data/mnist):
// `sttvp train --config` on an STT-RAM LLC trains on data the LLC's retention model flipped.
// - On the 10 ms design point the run applies flips, reports them consistently (stdout,
//   flips_by_tensor.csv, stats.json) and reports the accuracy and the NaN/Inf weights they cost.
// - On SRAM, and on STT-RAM with retention as statistics only, the weights are bit-identical to
//   a native run of the same settings (weights.json).
// - The hardware mitigations do what the model guarantees, and their costs show in the
//   statistics: refresh shortens residencies (fewer flips, refresh energy), ECC corrects single
//   flips per word (fewer flips, decode time, check-bit energy, refetches), the hybrid LLC keeps
//   written lines in SRAM ways (few flips, migrations), expire and refresh leave no read of data
//   older than the retention time (refetches, refreshes).
// Short regions of 160 or 640 samples keep every run within seconds.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <regex>
#include <sstream>

#include "tests/support/TempDir.h"
#include "tests/system/RunSttvp.h"

namespace sttvp::test {
namespace {

namespace fs = std::filesystem;

using Rows = std::vector<std::vector<std::string>>;

// LeNet-5 on 160 samples for two epochs (20 steps); kShort simulates steps 2-5 of it, the others
// run natively.
const std::string kData = "--net lenet --epochs 2 --train-samples 160 --test-samples 100";
const std::string kShort = kData + " --roi-start 2 --roi-steps 4";
const std::string kTenMs = " --config configs/skylake-stt-10ms.json";

// What one `sttvp train` run wrote.
struct TrainRun {
  Outcome outcome;
  Rows train;            // train.csv
  Rows flips;            // flips_by_tensor.csv (simulated runs)
  nlohmann::json stats;  // stats.json (simulated runs)
  nlohmann::json weights;
  nlohmann::json config;

  double flipped_bits() const { return stats["retention"]["total"]["flipped_bits"].get<double>(); }
  double llc(const char* key) const { return stats["llc"][key].get<double>(); }
  double policy(const char* key) const { return stats["llc"]["retention"][key].get<double>(); }
  double energy(const char* key) const { return stats["energy_nj"][key].get<double>(); }
};

class ClosedLoopSystemTest : public ::testing::Test {
 protected:
  TrainRun train(const std::string& args, const std::string& name) {
    TrainRun r;
    const std::string out = dir.file(name);
    r.outcome = run_sttvp("train " + args + " --out '" + out + "'", dir.path());
    EXPECT_EQ(r.outcome.status, 0) << args << ": " << r.outcome.err;
    if (r.outcome.status != 0) return r;
    r.train = read_csv_rows(out + "/train.csv");
    r.weights = read_json(out + "/weights.json");
    r.config = read_json(out + "/config.json");
    if (fs::exists(out + "/stats.json")) {
      r.stats = read_json(out + "/stats.json");
      r.flips = read_csv_rows(out + "/flips_by_tensor.csv");
    }
    return r;
  }
  TempDir dir;
};

const std::string kFlipsHeader =
    "tensor,kind,layer,share,flips,permanent,transient,nonfinite,first_step,aliases";

std::string join(const std::vector<std::string>& cells) {
  std::string s;
  for (const auto& c : cells) s += (s.empty() ? "" : ",") + c;
  return s;
}

// The loss and accuracy columns of train.csv (wall and simulated time differ between executors).
Rows learning_curve(const Rows& train) {
  Rows out;
  for (const auto& row : train) out.emplace_back(row.begin(), row.begin() + 4);
  return out;
}

TEST_F(ClosedLoopSystemTest, TenMsPointAppliesFlipsAndReportsThemWithTheAccuracy) {
  REQUIRE_MNIST();
  const TrainRun stt = train(kShort + kTenMs, "stt");
  const TrainRun sram = train(kShort + " --config configs/skylake-sram.json", "sram");
  ASSERT_EQ(stt.outcome.status, 0);
  ASSERT_EQ(sram.outcome.status, 0);

  // The LLC's count of applied flips, the report on stdout and the per-tensor rows agree.
  const double flipped = stt.flipped_bits();
  EXPECT_GT(flipped, 1e5) << "every line read 0.3 ms after its write at 10 ms has flipped bits";
  double by_phase = 0;
  for (const auto& [phase, r] : stt.stats["retention"]["phases"].items())
    by_phase += r["flipped_bits"].get<double>();
  EXPECT_EQ(by_phase, flipped);
  ASSERT_GE(stt.flips.size(), 2u);
  EXPECT_EQ(join(stt.flips[0]), kFlipsHeader);
  long long rows_total = 0, unattributed = 0, transient = 0;
  for (std::size_t i = 1; i < stt.flips.size(); ++i) {
    const auto& c = stt.flips[i];
    ASSERT_GE(c.size(), 9u) << join(c);
    const long long flips = std::stoll(c[4]);
    rows_total += flips;
    transient += std::stoll(c[6]);
    if (c[0] == "unattributed") {
      unattributed = flips;
    } else {
      const long long first = std::stoll(c[8]);
      EXPECT_TRUE(first >= 2 && first < 6) << "flipped in a simulated step: " << join(c);
    }
  }
  EXPECT_EQ(rows_total, static_cast<long long>(flipped));
  EXPECT_LE(stt.policy("flips_undone"), transient) << "only flips of clean lines are undone";
  const std::regex report(R"(retention flips (\d+) bits applied to the store, (\d+) outside)");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(stt.outcome.out, m, report)) << stt.outcome.out;
  EXPECT_EQ(std::stoll(m[1]), rows_total);
  EXPECT_EQ(std::stoll(m[2]), unattributed);

  // The flips reach the training: its weights differ from the SRAM run's, some are NaN/Inf, and
  // the reported test accuracy is below the fault-free one. SRAM applies none.
  EXPECT_EQ(sram.flipped_bits(), 0.0);
  EXPECT_EQ(sram.flips.size(), 1u);
  EXPECT_EQ(sram.weights["nonfinite"], 0);
  EXPECT_NE(stt.weights["fnv1a"], sram.weights["fnv1a"]);
  EXPECT_GT(stt.weights["nonfinite"].get<long long>(), 0);
  EXPECT_EQ(stt.weights["parameters"], sram.weights["parameters"]);
  ASSERT_EQ(stt.train.size(), 3u);  // header and two epochs
  ASSERT_EQ(sram.train.size(), 3u);
  const double stt_accuracy = std::stod(stt.train[2][3]),
               sram_accuracy = std::stod(sram.train[2][3]);
  EXPECT_GE(stt_accuracy, 0.0);
  EXPECT_LT(stt_accuracy, sram_accuracy);
  EXPECT_GT(sram_accuracy, 0.2) << "fault-free: well above chance (0.1)";
  // stdout says the same as weights.json.
  const std::regex weights_line(
      R"(weights +(\d+) parameters, (\d+) NaN/Inf, FNV-1a ([0-9a-f]{16}))");
  ASSERT_TRUE(std::regex_search(stt.outcome.out, m, weights_line)) << stt.outcome.out;
  EXPECT_EQ(std::stoll(m[1]), stt.weights["parameters"].get<long long>());
  EXPECT_EQ(std::stoll(m[2]), stt.weights["nonfinite"].get<long long>());
  EXPECT_EQ(m[3].str(), stt.weights["fnv1a"].get<std::string>());
}

TEST_F(ClosedLoopSystemTest, SramAndStatisticsOnlyRetentionTrainBitIdenticallyToNative) {
  REQUIRE_MNIST();
  // Natively with the simulated run's four shares (one per core): the same arithmetic.
  const TrainRun native = train(kData + " --native --set workload.training.shares=4", "native");
  const TrainRun sram = train(kShort + " --config configs/skylake-sram.json", "sram");
  // STT-RAM whose retention is counted but not applied to the store.
  const TrainRun counted =
      train(kShort + kTenMs + " --set llc.retention.apply_flips=false", "counted");
  ASSERT_EQ(native.outcome.status, 0);
  ASSERT_EQ(sram.outcome.status, 0);
  ASSERT_EQ(counted.outcome.status, 0);

  ASSERT_EQ(native.train.size(), 3u);
  EXPECT_EQ(native.weights["nonfinite"], 0);
  EXPECT_EQ(learning_curve(sram.train), learning_curve(native.train));
  EXPECT_EQ(sram.weights, native.weights);
  EXPECT_EQ(sram.flipped_bits(), 0.0);
  ASSERT_EQ(sram.flips.size(), 1u);
  EXPECT_EQ(join(sram.flips[0]), kFlipsHeader);
  EXPECT_GT(std::stod(sram.train[1][5]), 0) << "epoch 1 had simulated steps";

  EXPECT_GT(counted.flipped_bits(), 1e5) << "the flips are sampled and counted";
  EXPECT_EQ(counted.flips.size(), 1u) << "but none reaches the store";
  EXPECT_EQ(learning_curve(counted.train), learning_curve(native.train));
  EXPECT_EQ(counted.weights, native.weights);
}

// ECC costs as for a (72, 64) SEC-DED code: 8 check bits per 64 (12.5 % more cells), 2 cycles of
// decode on every STT-RAM read.
const char* kEcc =
    " --set llc.retention.policy=ecc --set llc.retention.ecc_decode_cycles=2"
    " --set llc.retention.ecc_energy_overhead=0.125";

TEST_F(ClosedLoopSystemTest, RefreshShortensResidenciesAtItsEnergyCost) {
  REQUIRE_MNIST();
  const std::string shortened = kShort + kTenMs + " --stop-after-roi";
  const TrainRun none = train(shortened, "none");
  // Every 100 us (1 % of the retention time): a region of 1.2 ms has many refreshes.
  const TrainRun refresh = train(shortened +
                                     " --set llc.retention.policy=refresh"
                                     " --set llc.retention.interval_fraction=0.01",
                                 "refresh");
  ASSERT_EQ(none.outcome.status, 0);
  ASSERT_EQ(refresh.outcome.status, 0);

  EXPECT_EQ(none.policy("refreshes"), 0);
  EXPECT_EQ(none.energy("llc_refresh"), 0);
  EXPECT_GT(none.flipped_bits(), 0);
  // Data read later than 100 us after its write was rewritten meanwhile: fewer flips.
  EXPECT_LT(refresh.flipped_bits(), none.flipped_bits() / 2);
  const double refreshes = refresh.policy("refreshes");
  EXPECT_GT(refreshes, 0);
  const double per_refresh = refresh.config["llc"]["sttram"]["read_nj"].get<double>() +
                             refresh.stats["llc"]["sttram"]["write_nj"].get<double>();
  EXPECT_NEAR(refresh.energy("llc_refresh"), refreshes * per_refresh,
              1e-9 * refreshes * per_refresh)
      << "a read and a write per refresh";
  EXPECT_GT(refresh.energy("total"), none.energy("total"));
}

TEST_F(ClosedLoopSystemTest, EccCorrectsSingleFlipsAtItsTimeEnergyAndTrafficCost) {
  REQUIRE_MNIST();
  const std::string shortened = kShort + kTenMs + " --stop-after-roi";
  const TrainRun none = train(shortened, "none");
  const TrainRun ecc = train(shortened + kEcc, "ecc");
  ASSERT_EQ(none.outcome.status, 0);
  ASSERT_EQ(ecc.outcome.status, 0);

  EXPECT_EQ(none.policy("ecc_corrected"), 0);
  EXPECT_GT(ecc.policy("ecc_corrected"), 0);
  EXPECT_GT(ecc.policy("ecc_detected") + ecc.policy("ecc_silent"), 0)
      << "at 10 ms many words have two or more flips";
  // At 10 ms (lines read about 15 flips after their write) the check cells fail too and each
  // scrub starts a new residency that flips again: ECC does not reduce the flipped bits here
  // (issue #18), so only its mechanics and costs are asserted.
  EXPECT_GT(ecc.policy("ecc_scrubs"), 0);
  EXPECT_LE(ecc.policy("ecc_scrubs"), ecc.policy("ecc_corrected"));
  EXPECT_GT(ecc.policy("ecc_dirty_uncorrectable"), 0);
  // Costs: check-bit energy and leakage, decode time, a memory read per refetched clean line, an
  // array write per scrub.
  EXPECT_GT(ecc.energy("llc_dynamic"), none.energy("llc_dynamic"));
  EXPECT_DOUBLE_EQ(ecc.llc("leakage_mw"), 1.125 * none.llc("leakage_mw"));
  EXPECT_GT(ecc.stats["sim_time_ns"].get<double>(), none.stats["sim_time_ns"].get<double>());
  EXPECT_EQ(ecc.llc("misses"), none.llc("misses"));
  EXPECT_EQ(ecc.llc("array_writes"), none.llc("array_writes") + ecc.policy("ecc_scrubs"));
  EXPECT_EQ(ecc.stats["dram"]["reads"].get<double>(),
            none.stats["dram"]["reads"].get<double>() + ecc.policy("ecc_refetches"));
}

TEST_F(ClosedLoopSystemTest, HybridLlcKeepsWrittenLinesInSramWays) {
  REQUIRE_MNIST();
  const std::string tail = kShort + " --stop-after-roi";
  const TrainRun stt = train(tail + kTenMs, "stt");
  const TrainRun hybrid = train(tail + " --config configs/skylake-hybrid-10ms.json", "hybrid");
  ASSERT_EQ(stt.outcome.status, 0);
  ASSERT_EQ(hybrid.outcome.status, 0);

  // STT-RAM ways are written only by fills for reading; a write moves a line to an SRAM way.
  EXPECT_GT(hybrid.llc("migrations"), 0);
  EXPECT_LE(hybrid.llc("array_writes_sttram"), hybrid.llc("read_misses"));
  EXPECT_GT(hybrid.llc("array_writes"), hybrid.llc("array_writes_sttram")) << "SRAM ways written";
  // Only lines that were read since their fill can flip: far fewer flips than all STT-RAM.
  EXPECT_GT(stt.flipped_bits(), 0);
  EXPECT_LT(hybrid.flipped_bits(), stt.flipped_bits() / 10);
}

TEST_F(ClosedLoopSystemTest, ExpireAndRefreshLeaveNoReadOlderThanTheRetentionTime) {
  REQUIRE_MNIST();
  // 50 simulated steps (about 16 ms) over 640 samples (40 steps an epoch): the second epoch
  // reads the samples the first one brought in more than 10 ms earlier. Retention by the
  // line_failure definition, so that the run trains.
  const std::string args =
      "--net lenet --epochs 2 --train-samples 640 --test-samples 100 --roi-start 2 "
      "--roi-steps 50 --stop-after-roi" +
      kTenMs + " --set llc.sttram.retention_definition=line_failure";
  const TrainRun none = train(args, "none");
  const TrainRun expire = train(args + " --set llc.retention.policy=expire", "expire");
  const TrainRun refresh = train(args + " --set llc.retention.policy=refresh", "refresh");
  ASSERT_EQ(none.outcome.status, 0);
  ASSERT_EQ(expire.outcome.status, 0);
  ASSERT_EQ(refresh.outcome.status, 0);

  const auto expired_reads = [](const TrainRun& r) {
    return r.stats["retention"]["total"]["expired_reads"].get<double>();
  };
  ASSERT_GT(none.stats["sim_time_ns"].get<double>(), 10e6);
  EXPECT_GT(expired_reads(none), 0);
  EXPECT_EQ(expired_reads(expire), 0);
  EXPECT_EQ(expired_reads(refresh), 0);
  // Expire: an expired line is invalid, so the access misses and reads memory again.
  const double invalidations = expire.policy("expired_invalidations");
  EXPECT_GT(invalidations, 0);
  const double none_reads = none.stats["dram"]["reads"].get<double>();
  const double expire_reads = expire.stats["dram"]["reads"].get<double>();
  EXPECT_GT(expire_reads, none_reads);
  EXPECT_LE(expire_reads, none_reads + invalidations);
  // Refresh: lines rewritten every 5 ms, each a read and a write of the array.
  EXPECT_GT(refresh.policy("refreshes"), 0);
  EXPECT_GT(refresh.energy("llc_refresh"), 0);
  EXPECT_EQ(none.energy("llc_refresh"), 0);
  EXPECT_EQ(refresh.stats["dram"]["reads"], none.stats["dram"]["reads"]);
}

}  // namespace
}  // namespace sttvp::test
