#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include "models/common/CounterRng.h"

namespace sttvp {
namespace {

TEST(CounterRng, SameKeysGiveSameBits) {
  const CounterRng a(42);
  const CounterRng b(42);
  for (std::uint64_t c = 0; c < 100; ++c) EXPECT_EQ(a.bits(7, 3, c), b.bits(7, 3, c));
}

TEST(CounterRng, KnownValuesArePlatformIndependent) {
  // Pinned outputs: a change here changes every fault pattern ever produced with this seed.
  const CounterRng rng(1);
  EXPECT_EQ(CounterRng::mix(0), 0u);
  EXPECT_EQ(CounterRng::mix(1), 0x5692161d100b05e5ULL);
  // Computed independently (Python, 64-bit wrap-around arithmetic).
  EXPECT_EQ(rng.bits(0, 0, 0), 0xe27addb6c29bc661ULL);
  EXPECT_EQ(rng.bits(3, 7, 11), 0x2bfeac55efce511cULL);
}

TEST(CounterRng, DifferentKeysSeedsAndCountersDiffer) {
  const CounterRng rng(2024);
  std::set<std::uint64_t> seen;
  for (std::uint64_t set = 0; set < 64; ++set) {
    for (std::uint64_t way = 0; way < 16; ++way) {
      for (std::uint64_t c = 0; c < 4; ++c) seen.insert(rng.bits(set, way, c));
    }
  }
  EXPECT_EQ(seen.size(), 64u * 16u * 4u);
  EXPECT_NE(rng.bits(1, 2, 0), rng.bits(2, 1, 0));  // keys are not symmetric
  EXPECT_NE(CounterRng(1).bits(5, 5, 5), CounterRng(2).bits(5, 5, 5));
  EXPECT_NE(rng.fork(1).bits(5, 5, 5), rng.fork(2).bits(5, 5, 5));
  EXPECT_NE(rng.fork(1).bits(5, 5, 5), rng.bits(5, 5, 5));
}

TEST(CounterRng, StreamMatchesRandomAccess) {
  const CounterRng rng(9);
  CounterRng::Stream s = rng.stream(11, 12, 5);
  EXPECT_EQ(s.counter(), 5u);
  for (std::uint64_t c = 5; c < 20; ++c) EXPECT_EQ(s.next_bits(), rng.bits(11, 12, c));
  EXPECT_EQ(s.counter(), 20u);
  EXPECT_DOUBLE_EQ(rng.stream(1, 2, 3).next_uniform(), rng.uniform(1, 2, 3));
  EXPECT_DOUBLE_EQ(rng.stream(1, 2, 3).next_normal(), rng.normal(1, 2, 3));
}

TEST(CounterRng, UniformIsStrictlyInsideUnitInterval) {
  EXPECT_GT(CounterRng::to_open_unit(0), 0.0);
  EXPECT_LT(CounterRng::to_open_unit(~0ULL), 1.0);
  EXPECT_DOUBLE_EQ(CounterRng::to_open_unit(0) + CounterRng::to_open_unit(~0ULL), 1.0);
}

TEST(CounterRng, UniformMomentsAreRight) {
  const CounterRng rng(3);
  CounterRng::Stream s = rng.stream(0, 0);
  const int n = 200000;
  double sum = 0;
  double sum2 = 0;
  for (int i = 0; i < n; ++i) {
    const double u = s.next_uniform();
    sum += u;
    sum2 += u * u;
  }
  const double mean = sum / n;
  EXPECT_NEAR(mean, 0.5, 5 * std::sqrt(1.0 / 12 / n));
  EXPECT_NEAR(sum2 / n - mean * mean, 1.0 / 12, 0.002);
}

TEST(CounterRng, NormalMomentsAndTailsAreRight) {
  const CounterRng rng(4);
  CounterRng::Stream s = rng.stream(0, 0);
  const int n = 200000;
  double sum = 0;
  double sum2 = 0;
  int below_minus2 = 0;
  for (int i = 0; i < n; ++i) {
    const double z = s.next_normal();
    sum += z;
    sum2 += z * z;
    below_minus2 += z < -2.0;
  }
  EXPECT_NEAR(sum / n, 0.0, 5 / std::sqrt(n));
  EXPECT_NEAR(sum2 / n, 1.0, 5 * std::sqrt(2.0 / n));
  const double p = CounterRng::normal_cdf(-2.0);
  EXPECT_NEAR(static_cast<double>(below_minus2) / n, p, 5 * std::sqrt(p * (1 - p) / n));
}

TEST(CounterRng, InverseNormalCdfIsAccurateInBothTails) {
  // Reference quantiles (to 16 digits) from tables of the normal distribution.
  EXPECT_NEAR(CounterRng::inverse_normal_cdf(0.5), 0.0, 1e-15);
  EXPECT_NEAR(CounterRng::inverse_normal_cdf(0.975), 1.959963984540054, 1e-14);
  EXPECT_NEAR(CounterRng::inverse_normal_cdf(0.001), -3.090232306167814, 1e-14);
  EXPECT_NEAR(CounterRng::inverse_normal_cdf(1e-10), -6.361340902404056, 1e-13);
  EXPECT_NEAR(CounterRng::inverse_normal_sf(1e-20), 9.262340089798408, 1e-12);
  // Round trip across the whole range, relative to the tail probability. Rounding z itself
  // moves Phi(z) by a relative z^2 * eps, which sets the tolerance far out in the tail.
  for (double lp = -300; lp < -0.4; lp += 0.37) {
    const double p = std::pow(10.0, lp);
    const double z = CounterRng::inverse_normal_cdf(p);
    const double tol = 2e-14 + 4 * z * z * 2.2e-16;
    EXPECT_NEAR(CounterRng::normal_cdf(z) / p, 1.0, tol) << "p = " << p;
    EXPECT_NEAR(CounterRng::normal_sf(-z) / p, 1.0, tol) << "p = " << p;
  }
  // Symmetry Phi^-1(1 - p) = -Phi^-1(p), up to the rounding of 1 - p.
  for (double p : {1e-6, 1e-3, 0.02425, 0.1, 0.3}) {
    EXPECT_NEAR(CounterRng::inverse_normal_cdf(1 - p), -CounterRng::inverse_normal_cdf(p), 1e-9);
  }
}

TEST(CounterRng, InverseNormalCdfRejectsOutOfRange) {
  EXPECT_THROW(CounterRng::inverse_normal_cdf(0.0), std::invalid_argument);
  EXPECT_THROW(CounterRng::inverse_normal_cdf(1.0), std::invalid_argument);
  EXPECT_THROW(CounterRng::inverse_normal_cdf(-0.1), std::invalid_argument);
  EXPECT_THROW(CounterRng::inverse_normal_cdf(std::nan("")), std::invalid_argument);
}

TEST(CounterRng, BelowIsUniformAndInRange) {
  const CounterRng rng(5);
  CounterRng::Stream s = rng.stream(1, 1);
  std::vector<int> hist(7, 0);
  const int n = 70000;
  for (int i = 0; i < n; ++i) {
    const std::uint64_t v = s.next_below(7);
    ASSERT_LT(v, 7u);
    ++hist[v];
  }
  for (int h : hist) EXPECT_NEAR(h, n / 7.0, 5 * std::sqrt(n / 7.0));
  EXPECT_EQ(s.next_below(1), 0u);
  EXPECT_THROW(s.next_below(0), std::invalid_argument);
}

TEST(CounterRng, DistinctIndicesAreDistinctUniformAndPrefixStable) {
  const CounterRng rng(6);
  std::vector<int> hist(16, 0);
  const int draws = 20000;
  for (int i = 0; i < draws; ++i) {
    CounterRng::Stream s = rng.stream(i, 0);
    const auto idx = CounterRng::distinct_indices(s, 4, 16);
    ASSERT_EQ(idx.size(), 4u);
    std::set<std::uint64_t> unique(idx.begin(), idx.end());
    ASSERT_EQ(unique.size(), 4u);
    for (auto v : idx) {
      ASSERT_LT(v, 16u);
      ++hist[v];
    }
    CounterRng::Stream s2 = rng.stream(i, 0);
    const auto fewer = CounterRng::distinct_indices(s2, 2, 16);
    ASSERT_TRUE(std::equal(fewer.begin(), fewer.end(), idx.begin()));
  }
  const double expected = draws * 4 / 16.0;
  for (int h : hist) EXPECT_NEAR(h, expected, 5 * std::sqrt(expected));
  CounterRng::Stream all = rng.stream(0, 1);
  auto perm = CounterRng::distinct_indices(all, 16, 16);
  std::sort(perm.begin(), perm.end());
  for (std::uint64_t i = 0; i < 16; ++i) EXPECT_EQ(perm[i], i);
  EXPECT_THROW(CounterRng::distinct_indices(all, 17, 16), std::invalid_argument);
}

TEST(CounterRng, AscendingDistinctIndicesAreTheSortedDrawsAndLeaveTheStreamAlike) {
  // The bitmap path (k > 16) must give exactly distinct_indices() sorted and consume the same
  // draws, up to k = n and for n not a multiple of 64; small k and large n take the old path.
  const CounterRng rng(11);
  std::vector<std::uint32_t> ascending;
  for (std::uint64_t n :
       {std::uint64_t{20}, std::uint64_t{512}, std::uint64_t{576}, std::uint64_t{70000}}) {
    for (std::size_t k : {std::size_t{1}, std::size_t{16}, std::size_t{17}, std::size_t{20},
                          std::size_t{200}, static_cast<std::size_t>(n)}) {
      if (k > n || (n > 1000 && k > 200)) continue;
      CounterRng::Stream a = rng.stream(n, k), b = rng.stream(n, k);
      std::vector<std::uint32_t> drawn(k);
      CounterRng::distinct_indices(a, k, n, drawn.data());
      std::sort(drawn.begin(), drawn.end());
      ascending.assign(3, 9);  // stale content: replaced
      CounterRng::distinct_indices_ascending(b, k, n, ascending);
      EXPECT_EQ(ascending, drawn) << n << " " << k;
      EXPECT_EQ(a.next_below(1u << 30), b.next_below(1u << 30)) << n << " " << k;
    }
  }
  CounterRng::Stream s = rng.stream(0, 0);
  EXPECT_THROW(CounterRng::distinct_indices_ascending(s, 513, 512, ascending),
               std::invalid_argument);
}

}  // namespace
}  // namespace sttvp
