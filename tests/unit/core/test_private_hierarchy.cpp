// The private L1I/L1D/L2 of a core on small hand-made geometries: what each line access leaves to
// the LLC, in which order, inclusion, and the back-invalidation answers.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "models/core/PrivateHierarchy.h"

namespace sttvp {
namespace {

using Level = PrivateHierarchy::Level;

struct Shape {
  std::uint64_t sets;
  unsigned ways;
};

PrivateCacheConfig cache(Shape s) {
  PrivateCacheConfig c;
  c.geometry.ways = s.ways;
  c.geometry.size_bytes = s.sets * s.ways * c.geometry.line_bytes;
  return c;
}

CoreConfig config(Shape l1d, std::optional<Shape> l2, std::optional<Shape> l1i = std::nullopt) {
  CoreConfig c;
  c.l1d = cache(l1d);
  c.has_l2 = l2.has_value();
  if (l2) c.l2 = cache(*l2);
  c.has_l1i = l1i.has_value();
  if (l1i) c.l1i = cache(*l1i);
  return c;
}

// The requests in order: "F<line>" a fill ("x": exclusive), "W<line>" a write-back ("h": the
// hierarchy still holds a clean copy, so it is no eviction).
std::string describe(const LlcRequests& requests) {
  std::string s;
  for (const LlcRequest& r : requests) {
    if (!s.empty()) s += ' ';
    if (r.kind == LlcRequest::Kind::Fill) {
      s += 'F' + std::to_string(r.line) + (r.exclusive ? "x" : "");
    } else {
      s += 'W' + std::to_string(r.line) + (r.eviction ? "" : "h");
    }
  }
  return s;
}

struct Outcome {
  Level level;
  std::string requests;  // every step's requests, in the order they are sent
};

// One access run to completion, as the core drives it (no back-invalidation in between).
Outcome access(PrivateHierarchy& h, std::uint64_t line, bool write) {
  if (h.hit_l1d(line, write)) return {Level::L1, ""};
  LlcRequests requests;
  const Level level = h.miss_l1d(line, write, requests);
  if (level == Level::Llc) {
    while (h.resume(requests)) continue;
  }
  return {level, describe(requests)};
}
Outcome read(PrivateHierarchy& h, std::uint64_t line) { return access(h, line, false); }
Outcome write(PrivateHierarchy& h, std::uint64_t line) { return access(h, line, true); }
Outcome fetch(PrivateHierarchy& h, std::uint64_t line) {
  if (h.hit_l1i(line)) return {Level::L1, ""};
  LlcRequests requests;
  const Level level = h.miss_l1i(line, requests);
  if (level == Level::Llc) {
    EXPECT_FALSE(h.resume(requests)) << "an L1I fill has one step";
  }
  return {level, describe(requests)};
}

TEST(PrivateHierarchy, AReadMissIsFilledFromTheLlcThenHits) {
  PrivateHierarchy h(config({2, 2}, Shape{4, 2}));
  const Outcome miss = read(h, 5);
  EXPECT_EQ(miss.level, Level::Llc);
  EXPECT_EQ(miss.requests, "F5");
  EXPECT_EQ(read(h, 5).level, Level::L1);  // the most recent line
  EXPECT_EQ(read(h, 7).level, Level::Llc);
  const Outcome hit = read(h, 5);  // found in its set
  EXPECT_EQ(hit.level, Level::L1);
  EXPECT_EQ(hit.requests, "");
  EXPECT_EQ(h.stats().l1d_hits, 2u);
  EXPECT_EQ(h.stats().l1d_misses, 2u);
  EXPECT_EQ(h.stats().l2_misses, 2u);
  EXPECT_EQ(h.stats().l2_hits, 0u);
}

TEST(PrivateHierarchy, AWriteMissIsAnExclusiveFill) {
  PrivateHierarchy h(config({2, 2}, Shape{4, 2}));
  EXPECT_EQ(write(h, 5).requests, "F5x");
  EXPECT_EQ(read(h, 6).requests, "F6");
}

TEST(PrivateHierarchy, AnL1dVictimHitsInTheL2) {
  PrivateHierarchy h(config({1, 2}, Shape{1, 4}));
  read(h, 1);
  read(h, 2);
  read(h, 3);  // evicts 1 from the L1D only
  const Outcome o = read(h, 1);
  EXPECT_EQ(o.level, Level::L2);
  EXPECT_EQ(o.requests, "");
  EXPECT_EQ(read(h, 1).level, Level::L1) << "an L2 hit is complete on return";
  EXPECT_EQ(h.stats().l2_hits, 1u);
  EXPECT_EQ(h.stats().l2_misses, 3u);
}

TEST(PrivateHierarchy, AnL2EvictionRemovesTheL1dCopy) {
  PrivateHierarchy h(config({1, 2}, Shape{1, 2}));
  read(h, 1);
  read(h, 2);
  read(h, 1);                            // an L1D hit: 2 is the L1D's LRU line, 1 is still the L2's
  EXPECT_EQ(read(h, 3).requests, "F3");  // the L2 evicts 1 (clean: no write-back)
  // 3 took the way 1 left in the L1D, so 2 stayed.
  EXPECT_EQ(read(h, 2).level, Level::L1);
  EXPECT_EQ(read(h, 1).level, Level::Llc);
}

TEST(PrivateHierarchy, AnL2EvictionRemovesTheL1iCopy) {
  PrivateHierarchy h(config({1, 2}, Shape{1, 1}, Shape{1, 2}));
  fetch(h, 1);
  read(h, 2);  // the L2 evicts 1
  EXPECT_EQ(fetch(h, 1).level, Level::Llc);
}

TEST(PrivateHierarchy, AnL2EvictionByAFetchDropsTheMostRecentDataLine) {
  PrivateHierarchy h(config({1, 2}, Shape{1, 1}, Shape{1, 1}));
  read(h, 1);
  fetch(h, 2);  // the L2 evicts 1, the last line the L1D served
  EXPECT_EQ(read(h, 1).level, Level::Llc);
}

TEST(PrivateHierarchy, ADirtyL1dCopyMakesTheL2VictimDirtyAndItsWriteBackPrecedesTheFill) {
  PrivateHierarchy h(config({1, 2}, Shape{1, 2}));
  write(h, 1);  // dirty in the L1D only
  read(h, 2);
  read(h, 1);
  EXPECT_EQ(read(h, 3).requests, "W1 F3");
  EXPECT_EQ(h.stats().l2_writebacks, 1u);
  EXPECT_EQ(h.stats().l1d_writebacks, 0u);
}

TEST(PrivateHierarchy, ACleanL2VictimIsDroppedSilently) {
  PrivateHierarchy h(config({1, 2}, Shape{1, 2}));
  read(h, 1);
  read(h, 2);
  EXPECT_EQ(read(h, 3).requests, "F3");
  EXPECT_EQ(h.stats().l2_writebacks, 0u);
}

TEST(PrivateHierarchy, ADirtyL1dVictimDirtiesItsL2Copy) {
  PrivateHierarchy h(config({1, 1}, Shape{1, 4}));
  write(h, 1);
  EXPECT_EQ(read(h, 2).requests, "F2");  // 1 goes into the L2, not to the LLC
  EXPECT_EQ(h.stats().l1d_writebacks, 1u);
  read(h, 3);
  read(h, 4);
  EXPECT_EQ(read(h, 5).requests, "W1 F5");  // the L2's LRU line 1 is dirty
}

TEST(PrivateHierarchy, AWriteAfterAReadOfTheSameLineDirtiesIt) {
  PrivateHierarchy h(config({1, 1}, std::nullopt));
  read(h, 1);
  EXPECT_EQ(write(h, 1).level, Level::L1);
  EXPECT_EQ(read(h, 2).requests, "F2 W1");
}

TEST(PrivateHierarchy, WithoutL2TheFillPrecedesTheDirtyL1dVictimsWriteBack) {
  PrivateHierarchy h(config({1, 1}, std::nullopt));
  EXPECT_FALSE(h.has_l2());
  write(h, 1);
  // Step by step: the fill first, then (once it was sent) the victim's write-back.
  LlcRequests requests;
  EXPECT_FALSE(h.hit_l1d(2, false));
  EXPECT_EQ(h.miss_l1d(2, false, requests), Level::Llc);
  EXPECT_EQ(describe(requests), "F2");
  requests.clear();
  EXPECT_TRUE(h.resume(requests));
  EXPECT_EQ(describe(requests), "W1");
  requests.clear();
  EXPECT_FALSE(h.resume(requests));
  EXPECT_TRUE(requests.empty());
  EXPECT_EQ(read(h, 2).level, Level::L1);
  EXPECT_EQ(h.stats().l1d_writebacks, 1u);
  EXPECT_EQ(h.stats().l2_misses + h.stats().l2_hits + h.stats().l2_writebacks, 0u);
}

TEST(PrivateHierarchy, WithoutL2TheLineTakesTheWayOfTheVictimWrittenBack) {
  PrivateHierarchy h(config({1, 2}, std::nullopt));
  write(h, 1);
  write(h, 2);
  read(h, 1);  // 2 is the LRU line
  EXPECT_EQ(read(h, 3).requests, "F3 W2");
  EXPECT_EQ(read(h, 1).level, Level::L1);
  EXPECT_EQ(read(h, 3).level, Level::L1);
  EXPECT_EQ(read(h, 2).level, Level::Llc);
}

TEST(PrivateHierarchy, WithoutL2AWriteBackOfALineTheL1iHoldsIsNoEviction) {
  PrivateHierarchy h(config({1, 1}, std::nullopt, Shape{1, 1}));
  EXPECT_EQ(fetch(h, 1).requests, "F1");
  EXPECT_EQ(write(h, 1).requests, "F1x");
  EXPECT_EQ(read(h, 2).requests, "F2 W1h");
  write(h, 3);
  EXPECT_EQ(read(h, 4).requests, "F4 W3");
}

TEST(PrivateHierarchy, WithoutL1iAndL2OnlyTheL1dHoldsLines) {
  PrivateHierarchy h(config({1, 1}, std::nullopt));
  EXPECT_FALSE(h.has_l1i());
  write(h, 0);
  EXPECT_EQ(read(h, 1).requests, "F1 W0");
  EXPECT_FALSE(h.back_invalidate(0)) << "written back: no longer held";
  write(h, 1);
  EXPECT_TRUE(h.back_invalidate(1));
  EXPECT_EQ(read(h, 1).level, Level::Llc);
}

TEST(PrivateHierarchy, BackInvalidationAnswersDirtyAndDropsEveryCopy) {
  PrivateHierarchy h(config({2, 2}, Shape{4, 2}, Shape{2, 2}));
  write(h, 1);
  EXPECT_TRUE(h.back_invalidate(1));
  EXPECT_EQ(read(h, 1).level, Level::Llc) << "neither the L1D nor the L2 kept it";
  read(h, 2);
  EXPECT_FALSE(h.back_invalidate(2));
  EXPECT_EQ(read(h, 2).level, Level::Llc);
  fetch(h, 3);
  EXPECT_FALSE(h.back_invalidate(3));
  EXPECT_EQ(fetch(h, 3).level, Level::Llc);
  EXPECT_FALSE(h.back_invalidate(9)) << "a line the core does not hold";
}

TEST(PrivateHierarchy, BackInvalidationAnswersDirtyForALineDirtyOnlyInTheL2) {
  PrivateHierarchy h(config({1, 1}, Shape{1, 4}));
  write(h, 1);
  read(h, 2);  // 1 leaves the L1D, dirty into the L2
  EXPECT_TRUE(h.back_invalidate(1));
  EXPECT_FALSE(h.back_invalidate(1)) << "the copy is gone";
}

TEST(PrivateHierarchy, TheL1dVictimIsChosenAfterTheFillsBackInvalidations) {
  PrivateHierarchy h(config({1, 2}, std::nullopt));
  read(h, 1);
  read(h, 2);
  read(h, 1);  // 2 is the LRU line
  LlcRequests requests;
  EXPECT_FALSE(h.hit_l1d(3, false));
  EXPECT_EQ(h.miss_l1d(3, false, requests), Level::Llc);
  EXPECT_FALSE(h.back_invalidate(1));  // the LLC's answer to the fill evicts 1 from the LLC
  requests.clear();
  EXPECT_FALSE(h.resume(requests));
  EXPECT_EQ(read(h, 2).level, Level::L1) << "3 took the way 1 left";
  EXPECT_EQ(read(h, 3).level, Level::L1);
}

TEST(PrivateHierarchy, CodeVictimsAreDroppedAndFetchesCounted) {
  PrivateHierarchy h(config({1, 1}, std::nullopt, Shape{1, 2}));
  fetch(h, 1);
  EXPECT_EQ(fetch(h, 1).level, Level::L1);
  fetch(h, 2);
  EXPECT_EQ(fetch(h, 1).level, Level::L1);  // found in its set
  EXPECT_EQ(fetch(h, 3).requests, "F3");    // 2 is dropped
  EXPECT_EQ(fetch(h, 2).requests, "F2");    // 1 is dropped
  EXPECT_EQ(h.stats().l1i_hits, 2u);
  EXPECT_EQ(h.stats().l1i_misses, 4u);
  EXPECT_EQ(h.stats().l1d_hits + h.stats().l1d_misses, 0u);
}

TEST(PrivateHierarchy, CountsOfAStreamReadThenWritten) {
  // 4 L1D lines (2 sets x 2 ways) under 8 L2 lines (4 sets x 2 ways); a stream of 6 lines fits
  // the L2 only.
  PrivateHierarchy h(config({2, 2}, Shape{4, 2}));
  for (std::uint64_t line = 0; line < 6; ++line) EXPECT_EQ(read(h, line).level, Level::Llc);
  // Each line misses the L1D again; 4 and 5 evict 0 and 1, which the stream dirtied.
  for (std::uint64_t line = 0; line < 6; ++line) EXPECT_EQ(write(h, line).level, Level::L2);
  const PrivateHierarchy::Stats& s = h.stats();
  EXPECT_EQ(s.l1d_hits, 0u);
  EXPECT_EQ(s.l1d_misses, 12u);
  EXPECT_EQ(s.l1d_writebacks, 2u);
  EXPECT_EQ(s.l2_hits, 6u);
  EXPECT_EQ(s.l2_misses, 6u);
  EXPECT_EQ(s.l2_writebacks, 0u);
  EXPECT_EQ(s.l1i_hits + s.l1i_misses, 0u);
}

}  // namespace
}  // namespace sttvp
