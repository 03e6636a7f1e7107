#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "models/sttram/BitFaultSampler.h"

namespace sttvp {
namespace {

TEST(BitFaultSampler, LineProbabilityIsOneMinusAllBitsKept) {
  const BitFaultSampler s(512, 1e-9);
  EXPECT_NEAR(s.line_probability() / (512 * 1e-9), 1.0, 1e-6);
  EXPECT_DOUBLE_EQ(BitFaultSampler(512, 0).line_probability(), 0.0);
}

TEST(BitFaultSampler, ZeroProbabilityNeverFails) {
  const BitFaultSampler s(512, 0);
  CounterRng::Stream st = CounterRng(1).stream(0, 0);
  std::vector<std::uint32_t> bits{7};
  for (int i = 0; i < 1000; ++i) {
    s.draw(st, bits);
    ASSERT_TRUE(bits.empty());
  }
}

// Mean and variance of the count match Binomial(n, p); positions are distinct, ascending, in
// range and uniform over the line.
TEST(BitFaultSampler, CountsAreBinomialAndPositionsUniform) {
  const std::uint32_t n = 512;
  const double p = 2e-3;  // about one failing bit per line
  const BitFaultSampler s(n, p);
  CounterRng::Stream st = CounterRng(7).stream(1, 2);
  std::vector<std::uint32_t> bits;
  const int events = 200000;
  double sum = 0, sum2 = 0;
  std::uint64_t none = 0, low_half = 0, total = 0;
  for (int e = 0; e < events; ++e) {
    s.draw(st, bits);
    sum += bits.size();
    sum2 += double(bits.size()) * bits.size();
    none += bits.empty();
    for (std::size_t i = 0; i < bits.size(); ++i) {
      ASSERT_LT(bits[i], n);
      if (i > 0) {
        ASSERT_LT(bits[i - 1], bits[i]);
      }
      low_half += bits[i] < n / 2;
      ++total;
    }
  }
  const double mean = sum / events, var = sum2 / events - mean * mean;
  const double m = n * p, v = n * p * (1 - p);
  EXPECT_NEAR(mean, m, 5 * std::sqrt(v / events));
  EXPECT_NEAR(var / v, 1.0, 0.02);
  EXPECT_NEAR(double(none) / events, std::pow(1 - p, n), 5 * std::sqrt(0.36 * 0.64 / events));
  EXPECT_NEAR(double(low_half) / total, 0.5, 5 * std::sqrt(0.25 / total));
}

TEST(BitFaultSampler, SameStreamSameBits) {
  const BitFaultSampler s(512, 0.01);
  std::vector<std::uint32_t> a, b;
  CounterRng::Stream s1 = CounterRng(3).stream(4, 5), s2 = CounterRng(3).stream(4, 5);
  for (int i = 0; i < 100; ++i) {
    s.draw(s1, a);
    s.draw(s2, b);
    ASSERT_EQ(a, b);
  }
}

TEST(BitFaultSampler, RejectsImpossibleProbabilities) {
  EXPECT_THROW(BitFaultSampler(512, 1.0), std::invalid_argument);
  EXPECT_THROW(BitFaultSampler(512, -1e-9), std::invalid_argument);
  EXPECT_THROW(BitFaultSampler(0, 1e-9), std::invalid_argument);
}

}  // namespace
}  // namespace sttvp
