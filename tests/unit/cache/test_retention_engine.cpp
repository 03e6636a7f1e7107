#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <vector>

#include "models/cache/RetentionEngine.h"
#include "models/cache/SecDed.h"

namespace sttvp {
namespace {

using Bits = std::vector<std::uint32_t>;

constexpr std::size_t kLines = 4096;
constexpr std::uint64_t kWritten = 1000;  // ps
constexpr std::uint64_t kPs = 1'000'000;  // one microsecond, in ps

RetentionModel cell() {
  RetentionParams p;
  p.attempt_time_s = 1e-9;
  p.reference_temperature_k = 300.0;
  return RetentionModel(p);
}

// Delta 10 (tau 22 us per bit, a 512-bit line's first flip after 43 ns on average), no variation.
VariationParams variation(double mean_delta = 10.0) {
  VariationParams v;
  v.mean_delta = mean_delta;
  v.bits_per_line = 512;
  v.weak_cells = 8;
  v.seed = 7;
  return v;
}

RetentionEngine engine(RetentionEngine::Options options = {}) {
  return RetentionEngine(variation(), cell(), kLines, options);
}

// The cell model's own answer: bits of line (set, way) flipped `idle_ps` after the write.
Bits flipped(const RetentionEngine& e, std::uint64_t set, unsigned way, std::uint64_t idle_ps) {
  return e.cells()->flipped_bits(set, way, kWritten, static_cast<double>(idle_ps) * 1e-12);
}

// The bits of `a` that are not in `b` (both ascending).
Bits minus(const Bits& a, const Bits& b) {
  Bits out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

struct Line {
  std::size_t index;
  std::uint64_t set;
  unsigned way;
  std::uint32_t slot = 0;
};

// Line `index` (set, way) with a residency written at kWritten.
Line start(RetentionEngine& e, std::size_t index, std::uint64_t set, unsigned way) {
  Line l{index, set, way};
  e.rewrite(index, set, way, kWritten, l.slot);
  return l;
}

RetentionRead read(RetentionEngine& e, Line& l, std::uint64_t idle_ps, bool dirty) {
  RetentionRead out;
  e.read(l.index, l.set, l.way, kWritten, kWritten + idle_ps, idle_ps, dirty, l.slot, out);
  return out;
}

TEST(RetentionEngine, FailureProbabilityIsTheEqualCellLineFormula) {
  RetentionEngine e = engine();
  const double tau_bit = cell().mean_time_to_flip_s(10.0);
  Line l = start(e, 3, 3, 0);
  for (std::uint64_t idle : {std::uint64_t{1}, kPs / 1000, kPs, 50 * kPs}) {
    const double expected = -std::expm1(-512.0 * static_cast<double>(idle) * 1e-12 / tau_bit);
    const RetentionRead r = read(e, l, idle, true);
    // The line's Delta is stored as a float (the per-line budget): relative error below 1e-5.
    EXPECT_NEAR(r.failure_probability, expected, 1e-5 * expected) << idle;
  }
}

TEST(RetentionEngine, ReadAtTheWriteFindsNothing) {
  RetentionEngine e = engine();
  Line l = start(e, 0, 0, 0);
  const RetentionRead r = read(e, l, 0, false);
  EXPECT_FALSE(r.failed);
  EXPECT_FALSE(r.refetch);
  EXPECT_TRUE(r.bits.empty());
  EXPECT_EQ(r.failure_probability, 0.0);
  EXPECT_EQ(l.slot, 0u);
}

TEST(RetentionEngine, LaterReadsOfAResidencyReportOnlyTheNewFlips) {
  RetentionEngine e = engine();
  Line l = start(e, 5, 5, 0);
  const Bits early = flipped(e, 5, 0, kPs), late = flipped(e, 5, 0, 100 * kPs);
  ASSERT_FALSE(early.empty());
  ASSERT_GT(late.size(), early.size());
  const RetentionRead first = read(e, l, kPs, true);
  EXPECT_TRUE(first.failed);
  EXPECT_EQ(first.bits, early);
  const RetentionRead second = read(e, l, 100 * kPs, true);
  EXPECT_TRUE(second.failed);
  EXPECT_EQ(second.bits, minus(late, early));
  // Read again at the same time: still a failed read, nothing new to flip.
  const RetentionRead third = read(e, l, 100 * kPs, true);
  EXPECT_TRUE(third.failed);
  EXPECT_TRUE(third.bits.empty());
}

TEST(RetentionEngine, WithVariationReadsFindTheCellModelsFlips) {
  // With variation the engine keeps each line's derived cell rates: across lines, residencies
  // and successive reads it must still report exactly the cell model's flips.
  VariationParams v = variation(14.0);
  v.sigma_fraction = 0.1;
  RetentionEngine e(v, cell(), kLines, {});
  std::size_t failed = 0;
  for (std::size_t index = 0; index < 64; ++index) {
    const std::uint64_t set = index / 4;
    const unsigned way = index % 4;
    for (std::uint64_t written : {kWritten, 5 * kWritten}) {
      std::uint32_t slot = 0;
      e.rewrite(index, set, way, written, slot);
      Bits seen;
      for (std::uint64_t idle : {kPs / 10, kPs, 10 * kPs, 100 * kPs}) {
        RetentionRead r;
        e.read(index, set, way, written, written + idle, idle, true, slot, r);
        const Bits now =
            e.cells()->flipped_bits(set, way, written, static_cast<double>(idle) * 1e-12);
        EXPECT_EQ(r.bits, minus(now, seen)) << index << " " << idle;
        EXPECT_EQ(r.failed, !now.empty());
        failed += r.failed;
        seen = now;
      }
    }
  }
  EXPECT_GT(failed, 64u);
}

TEST(RetentionEngine, CleanLineFlipsAreTransientAndUndoneWhenItLeaves) {
  RetentionEngine e = engine();
  Line l = start(e, 9, 9, 1);
  const RetentionRead r = read(e, l, kPs, false);
  ASSERT_TRUE(r.failed);
  EXPECT_FALSE(r.permanent);
  EXPECT_NE(l.slot, 0u);
  EXPECT_EQ(e.flips().live(), 1u);
  const Bits* undo = e.leave(l.slot, false);
  ASSERT_NE(undo, nullptr);
  EXPECT_EQ(*undo, flipped(e, 9, 1, kPs));
  EXPECT_EQ(l.slot, 0u);
  EXPECT_EQ(e.flips().live(), 0u);
  EXPECT_EQ(e.leave(l.slot, false), nullptr);
}

TEST(RetentionEngine, CleanLineWrittenBackKeepsItsFlips) {
  RetentionEngine e = engine();
  Line l = start(e, 9, 9, 1);
  ASSERT_TRUE(read(e, l, kPs, false).failed);
  EXPECT_EQ(e.leave(l.slot, true), nullptr);  // dirty private copy: written back with the flips
  EXPECT_EQ(l.slot, 0u);
}

TEST(RetentionEngine, DirtyLineFlipsArePermanent) {
  RetentionEngine e = engine();
  Line l = start(e, 11, 11, 2);
  const RetentionRead r = read(e, l, kPs, true);
  ASSERT_TRUE(r.failed);
  EXPECT_TRUE(r.permanent);
  EXPECT_EQ(e.leave(l.slot, false), nullptr);
}

TEST(RetentionEngine, WriteBackLeavesEarlierTransientFlipsInMemory) {
  // A line read while clean (transient flips), then made dirty by a private copy, written back.
  RetentionEngine e = engine();
  Line l = start(e, 12, 12, 0);
  ASSERT_TRUE(read(e, l, kPs, false).failed);
  RetentionRead out;
  e.write_back(l.index, l.set, l.way, kWritten, kWritten + 100 * kPs, l.slot, out);
  EXPECT_EQ(l.slot, 0u);
  EXPECT_EQ(e.leave(l.slot, false), nullptr);  // nothing left to undo
}

TEST(RetentionEngine, MovedLineDropsItsRecordAndKeepsTheFlipsInTheStore) {
  RetentionEngine e = engine();
  Line l = start(e, 13, 13, 0);
  ASSERT_TRUE(read(e, l, kPs, false).failed);
  e.moved(l.slot);
  EXPECT_EQ(l.slot, 0u);
  EXPECT_EQ(e.flips().live(), 0u);
}

TEST(RetentionEngine, ANewResidencyStartsClean) {
  RetentionEngine e = engine();
  Line l = start(e, 14, 14, 0);
  ASSERT_TRUE(read(e, l, 100 * kPs, false).failed);
  // The next residency, written later, draws its own flips.
  const std::uint64_t written = kWritten + 200 * kPs;
  e.rewrite(l.index, l.set, l.way, written, l.slot);
  EXPECT_EQ(l.slot, 0u);
  RetentionRead r;
  e.read(l.index, l.set, l.way, written, written + kPs, kPs, true, l.slot, r);
  EXPECT_EQ(r.bits, e.cells()->flipped_bits(14, 0, written, 1e-6));
}

TEST(RetentionEngine, RewriteInTheSamePicosecondFindsTheFlipsAgain) {
  RetentionEngine e = engine();
  Line l = start(e, 15, 15, 0);
  const RetentionRead before = read(e, l, 100 * kPs, false);
  ASSERT_TRUE(before.failed);
  // Rewritten at the same ps: the same key, but a new residency whose flips must be found again.
  e.rewrite(l.index, l.set, l.way, kWritten, l.slot);
  const RetentionRead after = read(e, l, 100 * kPs, false);
  EXPECT_TRUE(after.failed);
  EXPECT_EQ(after.bits, before.bits);
}

TEST(RetentionEngine, WithoutApplyingFlipsTheyAreReportedOnceAndNeverUndone) {
  RetentionEngine e = engine({false, false});
  Line l = start(e, 16, 16, 0);
  const RetentionRead r = read(e, l, kPs, false);
  ASSERT_TRUE(r.failed);
  EXPECT_FALSE(r.bits.empty());
  EXPECT_TRUE(read(e, l, kPs, false).bits.empty());
  EXPECT_EQ(e.leave(l.slot, false), nullptr);
}

// About four flips per line (172 ns at Delta 10), so words with one, two and three flips occur.
constexpr std::uint64_t kEccIdle = 172'000;

TEST(RetentionEngine, EccOutcomeOfADirtyLineIsSecDedOfItsFlippedBits) {
  RetentionEngine e = engine({true, true});
  SecDed::Outcome seen;
  for (std::uint64_t set = 0; set < 1000; ++set) {
    Line l = start(e, set, set, 0);
    const Bits raw = flipped(e, set, 0, kEccIdle);
    Bits visible;
    const SecDed::Outcome want = SecDed::decode(raw, 512, visible);
    const RetentionRead r = read(e, l, kEccIdle, true);
    EXPECT_EQ(r.ecc.corrected, want.corrected) << set;
    EXPECT_EQ(r.ecc.detected, want.detected) << set;
    EXPECT_EQ(r.ecc.silent, want.silent) << set;
    EXPECT_FALSE(r.refetch);
    EXPECT_EQ(r.failed, !visible.empty()) << set;
    EXPECT_EQ(r.bits, visible) << set;
    seen.corrected += want.corrected;
    seen.detected += want.detected;
    seen.silent += want.silent;
  }
  EXPECT_GT(seen.corrected, 0u);
  EXPECT_GT(seen.detected, 0u);
  EXPECT_GT(seen.silent, 0u);
}

TEST(RetentionEngine, EccDetectionInACleanLineRefetchesAndUndoesItsTransientFlips) {
  RetentionEngine e = engine({true, true});
  std::uint64_t refetches = 0, undone = 0;
  for (std::uint64_t set = 0; set < 1000; ++set) {
    Line l = start(e, set, set, 0);
    Bits applied;  // what earlier reads of the residency flipped in the store
    for (std::uint64_t idle : {kEccIdle, 2 * kEccIdle, 4 * kEccIdle}) {
      const RetentionRead r = read(e, l, idle, false);
      if (r.refetch) {
        ++refetches;
        undone += r.bits.size();
        EXPECT_EQ(r.bits, applied) << set;
        EXPECT_GT(r.ecc.detected, 0u) << set;
        break;
      }
      applied.insert(applied.end(), r.bits.begin(), r.bits.end());
      std::sort(applied.begin(), applied.end());
    }
  }
  EXPECT_GT(refetches, 0u);
  EXPECT_GT(undone, 0u);
}

// Write errors and read disturb: a high rate (0.01 per bit, about 5 bits a line) so every draw
// is seen; a long-lived cell (Delta 40) so retention adds nothing.
RetentionEngine faulty(RetentionEngine::Options options = {}, double write_p = 0.01,
                       double read_p = 0.01) {
  RetentionEngine e(variation(40.0), cell(), kLines, options);
  e.enable_faults(512, write_p, read_p, 3);
  return e;
}

// Writes line `slot` until a write leaves a wrong bit (at 0.01 per bit, the first almost always
// does); returns how many went wrong, their landed bits in `out`.
std::size_t write_until_wrong(RetentionEngine& e, std::uint32_t& slot, bool dirty, Bits& out) {
  std::size_t wrong = 0;
  for (int i = 0; i < 20 && wrong == 0; ++i) wrong = e.written(slot, dirty, 1, out);
  return wrong;
}

TEST(RetentionEngine, FaultsAreOffUntilEnabledAndAtZeroRate) {
  RetentionEngine e = engine();
  EXPECT_FALSE(e.write_faults_on());
  EXPECT_FALSE(e.read_faults_on());
  std::uint32_t slot = 0;
  Bits out{1};
  EXPECT_EQ(e.written(slot, false, 1, out), 0u);
  EXPECT_TRUE(out.empty());
  RetentionEngine z = faulty({}, 0.0, 0.0);
  EXPECT_FALSE(z.write_faults_on());
  EXPECT_FALSE(z.read_faults_on());
}

TEST(RetentionEngine, WriteErrorsOfACleanLineAreTransientAndUndoneWhenItLeaves) {
  RetentionEngine e = faulty();
  std::uint32_t slot = 0;
  Bits out;
  const std::size_t wrong = write_until_wrong(e, slot, false, out);
  ASSERT_GT(wrong, 0u);
  EXPECT_EQ(out.size(), wrong);
  EXPECT_TRUE(std::is_sorted(out.begin(), out.end()));
  ASSERT_NE(slot, 0u);
  const Bits* undo = e.leave(slot, false);
  ASSERT_NE(undo, nullptr);
  EXPECT_EQ(*undo, out);
}

TEST(RetentionEngine, WriteErrorsOfADirtyLinePersist) {
  RetentionEngine e = faulty();
  std::uint32_t slot = 0;
  Bits out;
  ASSERT_GT(write_until_wrong(e, slot, true, out), 0u);
  EXPECT_EQ(e.leave(slot, false), nullptr);
}

TEST(RetentionEngine, ReadsAfterAWriteErrorFailAndDisturbAddsToTheRecord) {
  RetentionEngine e = faulty();
  Line l = start(e, 5, 5, 0);
  Bits w, d;
  ASSERT_GT(write_until_wrong(e, l.slot, false, w), 0u);
  // The line holds wrong bits from the write on: a read returns them (failed), nothing new.
  const RetentionRead r = read(e, l, 1, false);
  EXPECT_TRUE(r.failed);
  EXPECT_TRUE(r.bits.empty());
  for (int i = 0; i < 20 && d.empty(); ++i) e.disturbed(l.slot, false, d);
  ASSERT_FALSE(d.empty());
  Bits both;
  std::set_union(w.begin(), w.end(), d.begin(), d.end(), std::back_inserter(both));
  const Bits* undo = e.leave(l.slot, false);
  ASSERT_NE(undo, nullptr);
  EXPECT_EQ(*undo, both);  // every transient fault is undone, none twice
}

TEST(RetentionEngine, RetentionFlipsJoinEarlierWriteErrors) {
  // Delta 10: retention flips within a microsecond; a write error first.
  RetentionEngine e(variation(), cell(), kLines, {});
  e.enable_faults(512, 0.01, 0, 3);
  Line l = start(e, 9, 9, 1);
  Bits w;
  ASSERT_GT(write_until_wrong(e, l.slot, false, w), 0u);
  const RetentionRead r = read(e, l, kPs, false);
  const Bits retention = flipped(e, 9, 1, kPs);
  Bits fresh;
  std::set_difference(retention.begin(), retention.end(), w.begin(), w.end(),
                      std::back_inserter(fresh));
  EXPECT_EQ(r.bits, fresh);
  Bits both;
  std::set_union(w.begin(), w.end(), retention.begin(), retention.end(), std::back_inserter(both));
  const Bits* undo = e.leave(l.slot, false);
  ASSERT_NE(undo, nullptr);
  EXPECT_EQ(*undo, both);
}

TEST(RetentionEngine, FaultRateMatchesTheBitProbability) {
  const double p = 1e-3;
  RetentionEngine e = faulty({false, false}, p, p);
  std::uint32_t slot = 0;
  Bits out;
  double bits = 0;
  const int writes = 20000;
  for (int i = 0; i < writes; ++i) bits += static_cast<double>(e.written(slot, true, 1, out));
  const double mean = 512 * p * writes;
  EXPECT_NEAR(bits, mean, 5 * std::sqrt(mean));
  EXPECT_EQ(slot, 0u);  // not applied: no record
}

TEST(RetentionEngine, ManyWritesLeaveABitWrongAfterAnOddNumberOfFailures) {
  const double p = 1e-3;
  const std::uint64_t n = 100;
  RetentionEngine e = faulty({false, false}, p, 0);
  std::uint32_t slot = 0;
  Bits out;
  double bits = 0;
  const int events = 5000;
  for (int i = 0; i < events; ++i) bits += static_cast<double>(e.written(slot, true, n, out));
  const double odd = (1 - std::pow(1 - 2 * p, double(n))) / 2;
  const double mean = 512 * odd * events;
  EXPECT_NEAR(bits, mean, 5 * std::sqrt(mean));
}

TEST(RetentionEngine, EccKeepsCorrectedWriteErrorsOutOfTheStore) {
  RetentionEngine e = faulty({true, true});
  std::uint32_t slot = 0;
  Bits out, visible;
  for (int i = 0; i < 200; ++i) {
    const std::size_t wrong = e.written(slot, true, 1, out);
    // Only bits of words with two or more wrong bits land.
    for (std::size_t j = 0; j < out.size(); ++j) {
      const auto word = out[j] / 64;
      const bool paired =
          (j > 0 && out[j - 1] / 64 == word) || (j + 1 < out.size() && out[j + 1] / 64 == word);
      EXPECT_TRUE(paired) << "bit " << out[j];
    }
    EXPECT_LE(out.size(), wrong);
    e.rewrite(0, 0, 0, kWritten, slot);
  }
}

TEST(RetentionEngine, EccCheckBitsAreCellsOfTheLine) {
  EXPECT_EQ(engine().cells()->params().bits_per_line, 512u);
  EXPECT_EQ(engine({true, true}).cells()->params().bits_per_line, 576u);
}

TEST(RetentionEngine, EccCorrectionAsksForAScrub) {
  RetentionEngine e = engine({true, true});
  std::uint64_t scrubs = 0;
  for (std::uint64_t set = 0; set < 1000; ++set) {
    Line l = start(e, set, set, 0);
    const RetentionRead r = read(e, l, kEccIdle, set % 2 == 0);
    EXPECT_EQ(r.scrub, r.ecc.corrected > 0 && !r.refetch) << set;
    scrubs += r.scrub;
  }
  EXPECT_GT(scrubs, 0u);
}

TEST(RetentionEngine, ScrubOfADirtyLineMakesItsFlipsWrittenData) {
  RetentionEngine e = engine({true, true});
  for (std::uint64_t set = 0; set < 1000; ++set) {
    Line l = start(e, set, set, 0);
    const RetentionRead r = read(e, l, kEccIdle, true);
    if (!r.scrub) continue;
    // The next residency, from the scrub on, draws its own flips.
    const std::uint64_t written = kWritten + kEccIdle;
    e.scrubbed(l.index, l.set, l.way, written, true, l.slot);
    EXPECT_EQ(l.slot, 0u) << set;
    RetentionRead next;
    e.read(l.index, l.set, l.way, written, written + kEccIdle, kEccIdle, true, l.slot, next);
    Bits visible;
    SecDed::decode(e.cells()->flipped_bits(set, 0, written, kEccIdle * 1e-12), 512, visible);
    EXPECT_EQ(next.bits, visible) << set;
  }
}

TEST(RetentionEngine, ScrubOfACleanLineKeepsItsTransientFlipsToUndo) {
  RetentionEngine e = engine({true, true});
  std::uint64_t kept = 0;
  for (std::uint64_t set = 0; set < 3000; ++set) {
    Line l = start(e, set, set, 0);
    const RetentionRead r = read(e, l, kEccIdle, false);
    if (!r.scrub || r.bits.empty()) continue;  // a corrected word and a silent one
    ++kept;
    // A read of the new residency before its first flip still sees them.
    const std::uint64_t written = kWritten + kEccIdle;
    e.scrubbed(l.index, l.set, l.way, written, false, l.slot);
    ASSERT_NE(l.slot, 0u) << set;
    RetentionRead next;
    e.read(l.index, l.set, l.way, written, written, 0, false, l.slot, next);
    EXPECT_TRUE(next.failed) << set;
    const Bits* undo = e.leave(l.slot, false);
    ASSERT_NE(undo, nullptr) << set;
    EXPECT_EQ(*undo, r.bits) << set;
  }
  EXPECT_GT(kept, 0u);
}

RetentionRead write_back(RetentionEngine& e, Line& l, std::uint64_t idle_ps) {
  RetentionRead out;
  e.write_back(l.index, l.set, l.way, kWritten, kWritten + idle_ps, l.slot, out);
  return out;
}

TEST(RetentionEngine, WriteBackSamplesTheFlipsOfADirtyLineAtTheEviction) {
  RetentionEngine e = engine();
  Line l = start(e, 20, 20, 1);
  const RetentionRead r = write_back(e, l, kPs);
  EXPECT_TRUE(r.failed);
  EXPECT_TRUE(r.permanent);
  EXPECT_EQ(r.bits, flipped(e, 20, 1, kPs));
  EXPECT_EQ(l.slot, 0u);
  EXPECT_EQ(e.flips().live(), 0u);
}

TEST(RetentionEngine, WriteBackReportsOnlyTheFlipsNoReadHasApplied) {
  RetentionEngine e = engine();
  Line l = start(e, 21, 21, 0);
  const Bits early = flipped(e, 21, 0, kPs), late = flipped(e, 21, 0, 100 * kPs);
  ASSERT_FALSE(early.empty());
  ASSERT_GT(late.size(), early.size());
  EXPECT_EQ(read(e, l, kPs, true).bits, early);
  EXPECT_EQ(write_back(e, l, 100 * kPs).bits, minus(late, early));
  EXPECT_EQ(l.slot, 0u);
}

TEST(RetentionEngine, WriteBackAtOrBeforeTheWriteFindsNothing) {
  RetentionEngine e = engine();
  Line l = start(e, 22, 22, 0);
  RetentionRead r;
  e.rewrite(l.index, l.set, l.way, kWritten + kPs, l.slot);
  e.write_back(l.index, l.set, l.way, kWritten + kPs, kWritten, l.slot, r);  // inverted times
  EXPECT_TRUE(r.bits.empty());
  EXPECT_FALSE(r.failed);
  EXPECT_TRUE(write_back(e, l, 0).bits.empty());
}

TEST(RetentionEngine, WriteBackUnderEccCarriesOnlyTheUncorrectableWords) {
  RetentionEngine e = engine({true, true});
  std::uint64_t passed = 0;
  for (std::uint64_t set = 0; set < 1000; ++set) {
    Line l = start(e, set, set, 0);
    Bits visible;
    const SecDed::Outcome want = SecDed::decode(flipped(e, set, 0, kEccIdle), 512, visible);
    const RetentionRead r = write_back(e, l, kEccIdle);
    EXPECT_FALSE(r.refetch) << set;
    EXPECT_EQ(r.ecc.detected, want.detected) << set;
    EXPECT_EQ(r.bits, visible) << set;
    passed += !r.bits.empty();
  }
  EXPECT_GT(passed, 0u);
}

}  // namespace
}  // namespace sttvp
