#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "models/common/OneMinusExp.h"

namespace sttvp {
namespace {

constexpr double kUlp = std::numeric_limits<double>::epsilon();

::testing::AssertionResult within_ulps(double x, double ulps) {
  const double want = -std::expm1(-x);
  const double got = one_minus_exp(x);
  if (std::abs(got - want) <= ulps * kUlp * want) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "x " << x << ": " << got << " against " << want;
}

TEST(OneMinusExp, MatchesExpm1WithinFourUlpsFromTinyToSaturated) {
  // Log-spaced over 1e-25 .. 60, densely around the switch between the two ranges (ln2/2).
  for (double x = 1e-25; x < 60; x *= 1.0007) EXPECT_TRUE(within_ulps(x, 4));
  for (double x = 0.3; x < 0.4; x += 1e-5) EXPECT_TRUE(within_ulps(x, 4));
}

TEST(OneMinusExp, KeepsFullRelativePrecisionForTinyArguments) {
  // 1 - exp(-x) would give 0 here.
  EXPECT_DOUBLE_EQ(one_minus_exp(1e-20), 1e-20);
  EXPECT_EQ(one_minus_exp(0.0), 0.0);
}

TEST(OneMinusExp, IsOneWhereTheExponentialNoLongerShows) {
  EXPECT_EQ(one_minus_exp(38.0), 1.0);
  EXPECT_EQ(one_minus_exp(1e300), 1.0);
  EXPECT_EQ(one_minus_exp(std::numeric_limits<double>::infinity()), 1.0);
  EXPECT_LT(one_minus_exp(36.0), 1.0);
}

}  // namespace
}  // namespace sttvp
