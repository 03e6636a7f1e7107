#include <gtest/gtest.h>

#include <vector>

#include "models/cache/FlipPool.h"

namespace sttvp {
namespace {

using Bits = std::vector<std::uint32_t>;

TEST(FlipPool, SlotZeroHasNoRecord) {
  FlipPool pool;
  EXPECT_EQ(pool.find(0), nullptr);
  EXPECT_EQ(pool.live(), 0u);
}

TEST(FlipPool, AcquireStoresASlotThatFindsTheRecord) {
  FlipPool pool;
  std::uint32_t slot = 0;
  FlipPool::Record& r = pool.acquire(slot, true, 2.5);
  EXPECT_NE(slot, 0u);
  EXPECT_EQ(pool.find(slot), &r);
  EXPECT_TRUE(r.transient);
  EXPECT_DOUBLE_EQ(r.first_x, 2.5);
  EXPECT_TRUE(r.bits.empty());
  EXPECT_EQ(pool.live(), 1u);
}

TEST(FlipPool, RecordsOfDifferentLinesAreDistinct) {
  FlipPool pool;
  std::uint32_t a = 0, b = 0;
  pool.acquire(a, true, 1).bits = {3};
  pool.acquire(b, false, 2).bits = {9, 10};
  EXPECT_NE(a, b);
  EXPECT_EQ(pool.find(a)->bits, Bits{3});
  EXPECT_EQ(pool.find(b)->bits, (Bits{9, 10}));
  EXPECT_FALSE(pool.find(b)->transient);
}

TEST(FlipPool, ReleaseClearsTheSlotAndIsIdempotent) {
  FlipPool pool;
  std::uint32_t slot = 0;
  pool.acquire(slot, true, 0);
  pool.release(slot);
  EXPECT_EQ(slot, 0u);
  EXPECT_EQ(pool.live(), 0u);
  pool.release(slot);  // a line without a record: nothing happens
  EXPECT_EQ(pool.live(), 0u);
}

TEST(FlipPool, AReleasedRecordIsReusedEmptyWithItsNewState) {
  FlipPool pool;
  std::uint32_t a = 0;
  FlipPool::Record& first = pool.acquire(a, false, 1.0);
  first.bits = {1, 2, 3};
  const std::uint32_t old = a;
  pool.release(a);
  std::uint32_t b = 0;
  FlipPool::Record& again = pool.acquire(b, true, 4.0);
  EXPECT_EQ(b, old);  // no growth in the steady state
  EXPECT_TRUE(again.bits.empty());
  EXPECT_TRUE(again.transient);
  EXPECT_DOUBLE_EQ(again.first_x, 4.0);
  EXPECT_EQ(pool.live(), 1u);
}

TEST(FlipPool, FreshBitsAreThoseNotYetRecorded) {
  FlipPool::Record r;
  r.bits = {2, 5, 9};
  Bits fresh{99};
  FlipPool::fresh_bits(r, {1, 2, 5, 7, 9, 12}, fresh);
  EXPECT_EQ(fresh, (Bits{1, 7, 12}));
  FlipPool::fresh_bits(r, {2, 9}, fresh);
  EXPECT_TRUE(fresh.empty());
}

TEST(FlipPool, AddedBitsAreMergedInOrder) {
  FlipPool::Record r;
  r.bits = {2, 5, 9};
  FlipPool::add_bits(r, {0, 6, 7, 12});
  EXPECT_EQ(r.bits, (Bits{0, 2, 5, 6, 7, 9, 12}));
  FlipPool::add_bits(r, {});
  EXPECT_EQ(r.bits.size(), 7u);
  FlipPool::Record empty;
  FlipPool::add_bits(empty, {3, 4});
  EXPECT_EQ(empty.bits, (Bits{3, 4}));
}

}  // namespace
}  // namespace sttvp
