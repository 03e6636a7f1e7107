#include <gtest/gtest.h>

#include <cstdint>

#include "models/common/Picoseconds.h"

namespace sttvp {
namespace {

TEST(Picoseconds, EveryWholeNumberOfPicosecondsConvertsExactly) {
  // Integers below 2^52 take sc_time's inline scaling, larger ones the library call; both exact.
  for (std::uint64_t ps :
       {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{238}, std::uint64_t{1'000'000},
        (std::uint64_t{1} << 52) - 1, std::uint64_t{1} << 52, (std::uint64_t{1} << 53) - 1,
        (std::uint64_t{1} << 63) + 12345, ~std::uint64_t{0}}) {
    EXPECT_EQ(picoseconds(ps).value(), ps) << ps;
    EXPECT_EQ(picoseconds(ps), sc_core::sc_time::from_value(ps)) << ps;
  }
}

}  // namespace
}  // namespace sttvp
