// The arena that gives training buffers the same (simulated) addresses in every run.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "sw/nn/Arena.h"
#include "sw/nn/Tensor.h"

namespace sttvp::sw {
namespace {

std::uintptr_t address(const void* p) { return reinterpret_cast<std::uintptr_t>(p); }

TEST(Arena, BlocksAreLineAlignedAndInsideTheAlignedReservation) {
  Arena& a = Arena::instance();
  void* p = a.allocate(10);
  void* q = a.allocate(1000);
  EXPECT_EQ(address(p) % 64, 0u);
  EXPECT_EQ(address(q) % 64, 0u);
  ASSERT_GE(a.offset_of(p), 0) << "the reservation was refused";
  EXPECT_EQ(a.offset_of(p) % 64, 0);
  EXPECT_EQ((address(p) - static_cast<std::uintptr_t>(a.offset_of(p))) % Arena::kBaseAlignment, 0u);
  EXPECT_EQ(a.offset_of(&p), -1);  // the stack is not in the arena
  a.deallocate(q);
  a.deallocate(p);
}

TEST(Arena, TheSameSequenceGivesTheSameOffsets) {
  Arena& a = Arena::instance();
  const auto sequence = [&] {
    std::vector<std::int64_t> offsets;
    Tensor t1(1000);
    auto gone = std::make_unique<Tensor>(300);
    Tensor keep(10);
    const std::int64_t freed = a.offset_of(gone->data());
    gone.reset();
    Tensor t2(50000), t3(200);
    for (const Tensor* t : {&t1, &t2, &t3}) offsets.push_back(a.offset_of(t->data()));
    EXPECT_EQ(offsets[2], freed) << "t3 fits the freed block, which comes first by address";
    EXPECT_GT(offsets[1], freed) << "t2 does not fit it";
    return offsets;
  };
  const std::size_t before = a.in_use();
  const std::vector<std::int64_t> first = sequence();
  EXPECT_EQ(a.in_use(), before) << "everything was given back";
  EXPECT_EQ(sequence(), first);
}

TEST(Arena, FreedNeighboursMerge) {
  Arena& a = Arena::instance();
  void* x = a.allocate(4096);
  void* y = a.allocate(4096);
  void* z = a.allocate(4096);
  void* guard = a.allocate(64);
  a.deallocate(x);
  a.deallocate(z);
  a.deallocate(y);  // x, y and z form one free block again
  void* big = a.allocate(3 * 4096);
  EXPECT_EQ(big, x);
  a.deallocate(big);
  a.deallocate(guard);
}

TEST(Arena, ReusedTensorsAreZero) {
  std::int64_t where = 0;
  {
    Tensor t(100000);
    t.fill(3.0f);
    where = Arena::instance().offset_of(t.data());
  }
  Tensor u(100000);
  EXPECT_EQ(Arena::instance().offset_of(u.data()), where);
  for (std::size_t i = 0; i < u.size(); i += 997) EXPECT_EQ(u[i], 0.0f);
}

}  // namespace
}  // namespace sttvp::sw
