// The shared line -> last-write-time table of the hierarchy distance.
#include <gtest/gtest.h>

#include <cstdint>

#include "models/core/LastWriteTable.h"

namespace sttvp {
namespace {

TEST(LastWriteTable, ALineNeverWrittenIsNotFound) {
  LastWriteTable t(8);
  std::uint64_t ps = 77;
  EXPECT_FALSE(t.find(5, ps));
  EXPECT_EQ(ps, 77u) << "left untouched";
  EXPECT_EQ(t.size(), 0u);
}

TEST(LastWriteTable, ALaterWriteReplacesTheTime) {
  LastWriteTable t(8);
  t.set(5, 100);
  t.set(5, 250);
  std::uint64_t ps = 0;
  ASSERT_TRUE(t.find(5, ps));
  EXPECT_EQ(ps, 250u);
  EXPECT_EQ(t.size(), 1u);
}

TEST(LastWriteTable, LineZeroIsALineLikeAnyOther) {
  LastWriteTable t(4);
  t.set(0, 9);
  std::uint64_t ps = 0;
  ASSERT_TRUE(t.find(0, ps));
  EXPECT_EQ(ps, 9u);
  EXPECT_FALSE(t.find(1, ps));
}

TEST(LastWriteTable, GrowsToStayAtMostHalfFullAndKeepsEveryEntry) {
  LastWriteTable t(4);
  // Consecutive lines of a tensor and far-apart host addresses, mixed.
  for (std::uint64_t i = 0; i < 10'000; ++i) t.set(i % 2 ? 0x7f00'0000'0000 / 64 + i : i, i * 3);
  EXPECT_EQ(t.size(), 10'000u);
  EXPECT_LE(2 * t.size(), t.capacity());
  for (std::uint64_t i = 0; i < 10'000; ++i) {
    std::uint64_t ps = 0;
    ASSERT_TRUE(t.find(i % 2 ? 0x7f00'0000'0000 / 64 + i : i, ps)) << i;
    EXPECT_EQ(ps, i * 3) << i;
  }
  std::uint64_t ps = 0;
  EXPECT_FALSE(t.find(1, ps)) << "odd small lines were never written";
}

TEST(LastWriteTable, CollidingLinesKeepTheirOwnTimes) {
  // Two slots: every line probes past the other.
  LastWriteTable t(2);
  t.set(3, 30);
  t.set(11, 110);
  std::uint64_t a = 0, b = 0;
  ASSERT_TRUE(t.find(3, a));
  ASSERT_TRUE(t.find(11, b));
  EXPECT_EQ(a, 30u);
  EXPECT_EQ(b, 110u);
}

TEST(LastWriteTable, CapacityIsRoundedUpToAPowerOfTwo) {
  EXPECT_EQ(LastWriteTable(5).capacity(), 8u);
  EXPECT_EQ(LastWriteTable(0).capacity(), 2u);
  EXPECT_EQ(LastWriteTable(64).capacity(), 64u);
}

}  // namespace
}  // namespace sttvp
