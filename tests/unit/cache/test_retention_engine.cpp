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

RetentionRead read(RetentionEngine& e, Line& l, std::uint64_t idle_ps, bool dirty) {
  RetentionRead out;
  e.read(l.index, l.set, l.way, kWritten, kWritten + idle_ps, idle_ps, dirty, l.slot, out);
  return out;
}

TEST(RetentionEngine, FailureProbabilityIsTheEqualCellLineFormula) {
  RetentionEngine e = engine();
  const double tau_bit = cell().mean_time_to_flip_s(10.0);
  Line l{3, 3, 0};
  for (std::uint64_t idle : {std::uint64_t{1}, kPs / 1000, kPs, 50 * kPs}) {
    const double expected = -std::expm1(-512.0 * static_cast<double>(idle) * 1e-12 / tau_bit);
    const RetentionRead r = read(e, l, idle, true);
    // The line's Delta is stored as a float (the per-line budget): relative error below 1e-5.
    EXPECT_NEAR(r.failure_probability, expected, 1e-5 * expected) << idle;
  }
}

TEST(RetentionEngine, ReadAtTheWriteFindsNothing) {
  RetentionEngine e = engine();
  Line l{0, 0, 0};
  const RetentionRead r = read(e, l, 0, false);
  EXPECT_FALSE(r.failed);
  EXPECT_FALSE(r.refetch);
  EXPECT_TRUE(r.bits.empty());
  EXPECT_EQ(r.failure_probability, 0.0);
  EXPECT_EQ(l.slot, 0u);
}

TEST(RetentionEngine, LaterReadsOfAResidencyReportOnlyTheNewFlips) {
  RetentionEngine e = engine();
  Line l{5, 5, 0};
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

TEST(RetentionEngine, CleanLineFlipsAreTransientAndUndoneWhenItLeaves) {
  RetentionEngine e = engine();
  Line l{9, 9, 1};
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
  Line l{9, 9, 1};
  ASSERT_TRUE(read(e, l, kPs, false).failed);
  EXPECT_EQ(e.leave(l.slot, true), nullptr);  // dirty private copy: written back with the flips
  EXPECT_EQ(l.slot, 0u);
}

TEST(RetentionEngine, DirtyLineFlipsArePermanent) {
  RetentionEngine e = engine();
  Line l{11, 11, 2};
  const RetentionRead r = read(e, l, kPs, true);
  ASSERT_TRUE(r.failed);
  EXPECT_TRUE(r.permanent);
  EXPECT_EQ(e.leave(l.slot, false), nullptr);
}

TEST(RetentionEngine, WriteBackLeavesEarlierTransientFlipsInMemory) {
  // A line read while clean (transient flips), then made dirty by a private copy, written back.
  RetentionEngine e = engine();
  Line l{12, 12, 0};
  ASSERT_TRUE(read(e, l, kPs, false).failed);
  RetentionRead out;
  e.write_back(l.index, l.set, l.way, kWritten, kWritten + 100 * kPs, l.slot, out);
  EXPECT_EQ(l.slot, 0u);
  EXPECT_EQ(e.leave(l.slot, false), nullptr);  // nothing left to undo
}

TEST(RetentionEngine, MovedLineDropsItsRecordAndKeepsTheFlipsInTheStore) {
  RetentionEngine e = engine();
  Line l{13, 13, 0};
  ASSERT_TRUE(read(e, l, kPs, false).failed);
  e.moved(l.slot);
  EXPECT_EQ(l.slot, 0u);
  EXPECT_EQ(e.flips().live(), 0u);
}

TEST(RetentionEngine, ANewResidencyStartsClean) {
  RetentionEngine e = engine();
  Line l{14, 14, 0};
  ASSERT_TRUE(read(e, l, 100 * kPs, false).failed);
  e.rewrite(l.index, false, l.slot);
  EXPECT_EQ(l.slot, 0u);
  // The next residency, written later, draws its own flips.
  const std::uint64_t written = kWritten + 200 * kPs;
  RetentionRead r;
  e.read(l.index, l.set, l.way, written, written + kPs, kPs, true, l.slot, r);
  EXPECT_EQ(r.bits, e.cells()->flipped_bits(14, 0, written, 1e-6));
}

TEST(RetentionEngine, RewriteInTheSamePicosecondForgetsTheCachedFlipTimes) {
  RetentionEngine e = engine();
  Line l{15, 15, 0};
  const RetentionRead before = read(e, l, 100 * kPs, false);
  ASSERT_TRUE(before.failed);
  // Rewritten at the same ps: the same key, but a new residency whose flips must be found again.
  e.rewrite(l.index, true, l.slot);
  const RetentionRead after = read(e, l, 100 * kPs, false);
  EXPECT_TRUE(after.failed);
  EXPECT_EQ(after.bits, before.bits);
}

TEST(RetentionEngine, WithoutApplyingFlipsTheyAreReportedOnceAndNeverUndone) {
  RetentionEngine e = engine({false, false});
  Line l{16, 16, 0};
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
    Line l{set, set, 0};
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
    Line l{set, set, 0};
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

TEST(RetentionEngine, EccCheckBitsAreCellsOfTheLine) {
  EXPECT_EQ(engine().cells()->params().bits_per_line, 512u);
  EXPECT_EQ(engine({true, true}).cells()->params().bits_per_line, 576u);
}

TEST(RetentionEngine, EccCorrectionAsksForAScrub) {
  RetentionEngine e = engine({true, true});
  std::uint64_t scrubs = 0;
  for (std::uint64_t set = 0; set < 1000; ++set) {
    Line l{set, set, 0};
    const RetentionRead r = read(e, l, kEccIdle, set % 2 == 0);
    EXPECT_EQ(r.scrub, r.ecc.corrected > 0 && !r.refetch) << set;
    scrubs += r.scrub;
  }
  EXPECT_GT(scrubs, 0u);
}

TEST(RetentionEngine, ScrubOfADirtyLineMakesItsFlipsWrittenData) {
  RetentionEngine e = engine({true, true});
  for (std::uint64_t set = 0; set < 1000; ++set) {
    Line l{set, set, 0};
    const RetentionRead r = read(e, l, kEccIdle, true);
    if (!r.scrub) continue;
    e.scrubbed(l.index, false, true, l.slot);
    EXPECT_EQ(l.slot, 0u) << set;
    // The next residency, from the scrub on, draws its own flips.
    const std::uint64_t written = kWritten + kEccIdle;
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
    Line l{set, set, 0};
    const RetentionRead r = read(e, l, kEccIdle, false);
    if (!r.scrub || r.bits.empty()) continue;  // a corrected word and a silent one
    ++kept;
    e.scrubbed(l.index, false, false, l.slot);
    ASSERT_NE(l.slot, 0u) << set;
    // A read of the new residency before its first flip still sees them.
    const std::uint64_t written = kWritten + kEccIdle;
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
  Line l{20, 20, 1};
  const RetentionRead r = write_back(e, l, kPs);
  EXPECT_TRUE(r.failed);
  EXPECT_TRUE(r.permanent);
  EXPECT_EQ(r.bits, flipped(e, 20, 1, kPs));
  EXPECT_EQ(l.slot, 0u);
  EXPECT_EQ(e.flips().live(), 0u);
}

TEST(RetentionEngine, WriteBackReportsOnlyTheFlipsNoReadHasApplied) {
  RetentionEngine e = engine();
  Line l{21, 21, 0};
  const Bits early = flipped(e, 21, 0, kPs), late = flipped(e, 21, 0, 100 * kPs);
  ASSERT_FALSE(early.empty());
  ASSERT_GT(late.size(), early.size());
  EXPECT_EQ(read(e, l, kPs, true).bits, early);
  EXPECT_EQ(write_back(e, l, 100 * kPs).bits, minus(late, early));
  EXPECT_EQ(l.slot, 0u);
}

TEST(RetentionEngine, WriteBackAtOrBeforeTheWriteFindsNothing) {
  RetentionEngine e = engine();
  Line l{22, 22, 0};
  RetentionRead r;
  e.write_back(l.index, l.set, l.way, kWritten + kPs, kWritten, l.slot, r);  // inverted times
  EXPECT_TRUE(r.bits.empty());
  EXPECT_FALSE(r.failed);
  EXPECT_TRUE(write_back(e, l, 0).bits.empty());
}

TEST(RetentionEngine, WriteBackUnderEccCarriesOnlyTheUncorrectableWords) {
  RetentionEngine e = engine({true, true});
  std::uint64_t passed = 0;
  for (std::uint64_t set = 0; set < 1000; ++set) {
    Line l{set, set, 0};
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
