#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/sttram/WeakCellModel.h"

namespace sttvp {
namespace {

RetentionModel retention() {
  RetentionParams p;
  p.attempt_time_s = 1e-9;
  p.reference_temperature_k = 300.0;
  return RetentionModel(p);
}

// 1 s cell (Delta 20.72), sigma 10 % of mu, 8 weak cells of a 64 B line.
VariationParams variation(double sigma_fraction = 0.1, std::uint32_t k = 8) {
  VariationParams v;
  v.mean_delta = 20.72;
  v.sigma_fraction = sigma_fraction;
  v.bits_per_line = 512;
  v.weak_cells = k;
  v.seed = 12345;
  return v;
}

TEST(WeakCellModel, SigmaZeroReducesExactlyToEqualCells) {
  const RetentionModel r = retention();
  const WeakCellModel m(variation(0.0), r);
  const double tau = r.mean_time_to_flip_s(20.72);
  for (std::uint64_t set = 0; set < 20; ++set) {
    const WeakCellSet cells = m.weak_cells(set, 3);
    for (std::uint32_t j = 0; j < cells.count; ++j) EXPECT_EQ(cells.cells[j].delta, 20.72);
    for (double t : {1e-9, 1e-6, 1e-3, 1.0}) {
      EXPECT_EQ(m.line_failure_probability(cells, t),
                RetentionModel::line_failure_probability(t, tau, 512));
      EXPECT_EQ(m.line_failure_probability(set, 3, t), -std::expm1(-512 * t / tau));
    }
    EXPECT_NEAR(cells.total_rate_per_s() * tau, 512.0, 1e-9);
    EXPECT_FLOAT_EQ(m.summary(set, 3).line_delta, static_cast<float>(20.72 - std::log(512.0)));
  }
  EXPECT_DOUBLE_EQ(m.bit_effective_delta(), 20.72);
}

// The interval of refresh and expire at a target line-failure probability: exact without
// variation; with it, the mean over the array's lines is at most the target, and close to it.
TEST(WeakCellModel, IntervalForALineFailureTarget) {
  const RetentionModel r = retention();
  const double tau = r.mean_time_to_flip_s(20.72);
  const WeakCellModel equal(variation(0.0), r);
  for (double p : {1e-9, 1e-3, 0.1}) {
    const double t = equal.interval_for_line_failure_s(p);
    EXPECT_NEAR(t, -std::log1p(-p) * tau / 512, 1e-12 * t);
    EXPECT_NEAR(equal.line_failure_probability(5, 2, t), p, 1e-9 * p);
  }
  const WeakCellModel varied(variation(0.1), r);
  for (double p : {1e-6, 1e-3}) {
    const double t = varied.interval_for_line_failure_s(p);
    EXPECT_LT(t, equal.interval_for_line_failure_s(p)) << "weak cells shorten it";
    double mean = 0;
    const int lines = 20000;
    for (int line = 0; line < lines; ++line)
      mean += varied.line_failure_probability(line / 16, line % 16, t) / lines;
    EXPECT_LE(mean, p);
    EXPECT_GT(mean, 0.5 * p);
  }
  EXPECT_THROW(equal.interval_for_line_failure_s(0), std::invalid_argument);
  EXPECT_THROW(equal.interval_for_line_failure_s(1), std::invalid_argument);
}

TEST(WeakCellModel, WeakCellsAreSortedDistinctAndInRange) {
  const WeakCellModel m(variation(), retention());
  for (std::uint64_t set = 0; set < 200; ++set) {
    const WeakCellSet cells = m.weak_cells(set, set % 16);
    ASSERT_EQ(cells.count, 8u);
    std::set<std::uint32_t> bits;
    for (std::uint32_t j = 0; j < cells.count; ++j) {
      if (j > 0) {
        EXPECT_GE(cells.cells[j].delta, cells.cells[j - 1].delta);
      }
      EXPECT_LT(cells.cells[j].bit, 512u);
      EXPECT_NEAR(cells.cells[j].rate_per_s, std::exp(-cells.cells[j].delta) / 1e-9,
                  1e-12 * cells.cells[j].rate_per_s);
      bits.insert(cells.cells[j].bit);
    }
    EXPECT_EQ(bits.size(), 8u);
    // Every bulk cell is at least as strong as the k-th weakest.
    const double bulk_per_cell = cells.bulk_rate_per_s / (512 - 8);
    EXPECT_LE(bulk_per_cell, cells.cells[7].rate_per_s);
    EXPECT_GT(bulk_per_cell, 0.0);
  }
}

TEST(WeakCellModel, SameKeyGivesSameCellsAndDifferentKeysDiffer) {
  const WeakCellModel a(variation(), retention());
  const WeakCellModel b(variation(), retention());
  const WeakCellSet x = a.weak_cells(100, 5);
  const WeakCellSet y = b.weak_cells(100, 5);
  for (std::uint32_t j = 0; j < 8; ++j) {
    EXPECT_EQ(x.cells[j].delta, y.cells[j].delta);
    EXPECT_EQ(x.cells[j].bit, y.cells[j].bit);
  }
  EXPECT_EQ(x.bulk_rate_per_s, y.bulk_rate_per_s);
  EXPECT_NE(a.weak_cells(100, 6).cells[0].delta, x.cells[0].delta);
  EXPECT_NE(a.weak_cells(101, 5).cells[0].delta, x.cells[0].delta);
  EXPECT_NE(a.weak_cells(5, 100).cells[0].delta, x.cells[0].delta);
  VariationParams other = variation();
  other.seed = 54321;
  EXPECT_NE(WeakCellModel(other, retention()).weak_cells(100, 5).cells[0].delta, x.cells[0].delta);
}

TEST(WeakCellModel, WeakestCellsDoNotDependOnK) {
  const WeakCellModel four(variation(0.1, 4), retention());
  const WeakCellModel eight(variation(0.1, 8), retention());
  for (std::uint64_t set = 0; set < 50; ++set) {
    const WeakCellSet a = four.weak_cells(set, 1);
    const WeakCellSet b = eight.weak_cells(set, 1);
    for (std::uint32_t j = 0; j < 4; ++j) {
      EXPECT_EQ(a.cells[j].delta, b.cells[j].delta);
      EXPECT_EQ(a.cells[j].bit, b.cells[j].bit);
    }
  }
}

TEST(WeakCellModel, TemperatureScalingKeepsTheSameCells) {
  // Scaling mu and sigma by the same factor scales every weak cell by it.
  VariationParams hot = variation();
  hot.mean_delta *= 300.0 / 330.0;
  const WeakCellModel cold_model(variation(), retention());
  const WeakCellModel hot_model(hot, retention());
  const WeakCellSet a = cold_model.weak_cells(7, 7);
  const WeakCellSet b = hot_model.weak_cells(7, 7);
  for (std::uint32_t j = 0; j < 8; ++j) {
    EXPECT_NEAR(b.cells[j].delta, a.cells[j].delta * 300.0 / 330.0, 1e-12);
    EXPECT_EQ(b.cells[j].bit, a.cells[j].bit);
  }
}

TEST(WeakCellModel, SummaryIsCompactAndConsistent) {
  const WeakCellModel m(variation(), retention());
  EXPECT_EQ(sizeof(LineRetentionSummary), 8u);
  for (std::uint64_t set = 0; set < 50; ++set) {
    const WeakCellSet cells = m.weak_cells(set, 0);
    const LineRetentionSummary s = m.summary(set, 0);
    EXPECT_FLOAT_EQ(s.weakest_delta, static_cast<float>(cells.cells[0].delta));
    // The line is weaker than its weakest cell alone, and than 512 cells at mu.
    EXPECT_LT(s.line_delta, s.weakest_delta);
    for (double t : {1e-6, 1e-4, 1e-2}) {
      EXPECT_NEAR(m.line_failure_probability(s, t) / m.line_failure_probability(cells, t), 1.0,
                  1e-5);
    }
  }
}

TEST(WeakCellModel, LineRateIsUnbiasedOverLines) {
  // E[sum of e^-Delta over 512 cells] = 512 e^-(mu - sigma^2/2): the weak cells are sampled and
  // the bulk's conditional mean is added, so the average over lines must match it.
  const WeakCellModel m(variation(), retention());
  const int lines = 20000;
  double sum = 0;
  double sum2 = 0;
  for (int i = 0; i < lines; ++i) {
    const double rate = m.weak_cells(i / 16, i % 16).total_rate_per_s();
    sum += rate;
    sum2 += rate * rate;
  }
  const double mean = sum / lines;
  const double se = std::sqrt((sum2 / lines - mean * mean) / lines);
  EXPECT_NEAR(mean, m.expected_line_rate_per_s(), 5 * se);
  EXPECT_NEAR(m.bit_effective_delta(), 20.72 - 0.5 * 2.072 * 2.072, 1e-12);
}

// Flip sampling, with process variation (every cell its own rate) and without (equal rates,
// which WeakCellModel decides without a log per cell).
class WeakCellFlips : public ::testing::TestWithParam<double> {
 protected:
  const WeakCellModel m{variation(GetParam()), retention()};
};

INSTANTIATE_TEST_SUITE_P(Sigma, WeakCellFlips, ::testing::Values(0.1, 0.0),
                         [](const ::testing::TestParamInfo<double>& p) {
                           return p.param > 0.0 ? std::string("Varied") : std::string("Equal");
                         });

TEST_P(WeakCellFlips, KeptLineRatesGiveTheSameFlipsAsRederivingThem) {
  std::vector<double> rates(m.rates_size());
  std::vector<std::uint32_t> cell_bits(m.params().weak_cells), kept, derived;
  int with_flips = 0;
  for (std::uint64_t set = 0; set < 50; ++set) {
    m.line_cells(set, 3, rates.data(), cell_bits.data());
    EXPECT_EQ(rates[0], m.retention().mean_time_to_flip_s(m.summary(set, 3).line_delta));
    const WeakCellSet cells = m.weak_cells(set, 3);
    for (std::uint32_t j = 0; j < cells.count; ++j) {
      EXPECT_EQ(rates[2 + j], cells.cells[j].rate_per_s);
      EXPECT_EQ(cell_bits[j], cells.cells[j].bit);
    }
    for (std::uint64_t write_ps : {std::uint64_t{0}, std::uint64_t{123456789}}) {
      for (std::uint64_t idle_ps : {std::uint64_t{10'000'000}, std::uint64_t{1'000'000'000},
                                    std::uint64_t{100'000'000'000}}) {
        kept.assign(3, 7);  // stale content: the call replaces it
        const double next_kept = m.flips_between(rates.data(), cell_bits.data(), set, 3, write_ps,
                                                 write_ps + idle_ps, kept);
        const double next = m.flips_between(set, 3, write_ps, write_ps + idle_ps, derived);
        EXPECT_EQ(kept, derived) << set << " " << idle_ps;
        EXPECT_EQ(next_kept, next);
        with_flips += !kept.empty();
      }
    }
  }
  EXPECT_GT(with_flips, 50);  // the comparison covers lines with flips
  EXPECT_THROW(m.flips_between(rates.data(), cell_bits.data(), 0, 3, 10, 9, kept),
               std::invalid_argument);
}

TEST_P(WeakCellFlips, FlipsAreMonotoneInIdleTimeAndMatchFirstFlipTime) {
  int with_flips = 0;
  for (std::uint64_t residency = 0; residency < 400; ++residency) {
    const std::uint64_t set = residency % 37;
    const LineRetentionSummary s = m.summary(set, 2);
    const double first =
        m.first_flip_time_s(m.retention().mean_time_to_flip_s(s.line_delta), set, 2, residency);
    EXPECT_TRUE(m.flipped_bits(set, 2, residency, first * 0.999).empty());
    const auto at_first = m.flipped_bits(set, 2, residency, first * 1.000001);
    EXPECT_GE(at_first.size(), 1u);
    std::vector<std::uint32_t> previous = at_first;
    for (double scale : {1.5, 3.0, 10.0, 100.0}) {
      const auto later = m.flipped_bits(set, 2, residency, first * scale);
      EXPECT_TRUE(std::includes(later.begin(), later.end(), previous.begin(), previous.end()));
      EXPECT_TRUE(std::is_sorted(later.begin(), later.end()));
      EXPECT_EQ(std::set<std::uint32_t>(later.begin(), later.end()).size(), later.size());
      for (auto bit : later) EXPECT_LT(bit, 512u);
      previous = later;
    }
    with_flips += !previous.empty();
  }
  EXPECT_EQ(with_flips, 400);
}

TEST(WeakCellModel, FlipsBetweenUsesWriteTimeAsResidency) {
  const WeakCellModel m(variation(), retention());
  const std::uint64_t write_ps = 123456789;
  const std::uint64_t read_ps = write_ps + 2'000'000'000'000ULL;  // 2 s later: flips certain
  std::vector<std::uint32_t> a;
  m.flips_between(4, 4, write_ps, read_ps, a);
  EXPECT_EQ(a, m.flipped_bits(4, 4, write_ps, 2.0));
  EXPECT_FALSE(a.empty());
  std::vector<std::uint32_t> none{7};
  m.flips_between(4, 4, write_ps, write_ps, none);
  EXPECT_TRUE(none.empty());
  EXPECT_THROW(m.flips_between(4, 4, write_ps, write_ps - 1, a), std::invalid_argument);
}

TEST_P(WeakCellFlips, NextFlipTimeIsWhenTheFlippedBitsNextChange) {
  // The LLC skips a read earlier than the returned time: the bits must be the same up to just
  // before it and grow just after it.
  std::vector<std::uint32_t> now, before, after;
  int steps = 0;
  for (std::uint64_t residency = 0; residency < 50; ++residency) {
    const std::uint64_t set = residency % 11;
    double t = 0;
    double next = m.flipped_bits(set, 5, residency, t, now);
    const double tau = m.retention().mean_time_to_flip_s(m.summary(set, 5).line_delta);
    EXPECT_EQ(next, m.first_flip_time_s(tau, set, 5, residency));
    for (int i = 0; i < 12 && std::isfinite(next); ++i, ++steps) {
      EXPECT_GT(next, t);
      m.flipped_bits(set, 5, residency, t + (next - t) * 0.999, before);
      EXPECT_EQ(before, now) << "residency " << residency << " step " << i;
      t = next * (1 + 1e-9);
      next = m.flipped_bits(set, 5, residency, t, after);
      EXPECT_GT(after.size(), now.size());
      EXPECT_TRUE(std::includes(after.begin(), after.end(), now.begin(), now.end()));
      now = after;
    }
  }
  EXPECT_GT(steps, 300);
}

TEST(WeakCellModel, NextFlipTimeIsInfiniteOnceEveryCellFlipped) {
  VariationParams v = variation(0.1, 16);
  v.bits_per_line = 16;
  const WeakCellModel m(v, retention());
  std::vector<std::uint32_t> bits;
  EXPECT_EQ(m.flipped_bits(3, 3, 1, 1e6, bits), std::numeric_limits<double>::infinity());
  EXPECT_EQ(bits.size(), 16u);
}

TEST_P(WeakCellFlips, PerCellFlipFrequenciesMatchBernoulli) {
  // For a fixed line, over many residencies, weak cell i flips by t with 1 - exp(-t / tau_i),
  // the line shows any flip with the line failure probability, and bulk flips with its share.
  const WeakCellSet cells = m.weak_cells(9, 9);
  const double t = 0.3 / cells.total_rate_per_s();
  const int trials = 40000;
  std::vector<int> count(8, 0);
  int any = 0;
  int bulk = 0;
  for (int r = 0; r < trials; ++r) {
    const auto bits = m.flipped_bits(9, 9, r, t);
    any += !bits.empty();
    for (auto b : bits) {
      bool weak = false;
      for (std::uint32_t j = 0; j < 8; ++j) {
        if (cells.cells[j].bit == b) {
          ++count[j];
          weak = true;
        }
      }
      bulk += !weak;
    }
  }
  const auto within = [&](int observed, double p) {
    EXPECT_NEAR(observed, trials * p, 5 * std::sqrt(trials * p * (1 - p)) + 1);
  };
  within(any, m.line_failure_probability(cells, t));
  for (std::uint32_t j = 0; j < 8; ++j)
    within(count[j], -std::expm1(-t * cells.cells[j].rate_per_s));
  // Bulk flip count is Poisson-like with mean t * bulk rate (cells flip at most once).
  EXPECT_NEAR(bulk, trials * t * cells.bulk_rate_per_s,
              5 * std::sqrt(trials * t * cells.bulk_rate_per_s) + 1);
}

TEST(WeakCellModel, WeakestQuantileMatchesOrderStatistics) {
  const WeakCellModel m(variation(), retention());
  // Median weakest of 512 cells: Phi(z) = 1 - 0.5^(1/512), z = -3.00.
  const double z = CounterRng::inverse_normal_cdf(-std::expm1(std::log(0.5) / 512));
  EXPECT_NEAR(m.weakest_delta_quantile(0.5, 512), 20.72 + 2.072 * z, 1e-12);
  // A 32 MB cache (2^28 cells): the weakest cell sits near mu - 5.8 sigma.
  EXPECT_LT(m.weakest_delta_quantile(0.5, 268435456.0), 20.72 - 5.5 * 2.072);
  EXPECT_THROW(m.weakest_delta_quantile(0.0, 512), std::invalid_argument);
  EXPECT_THROW(m.weakest_delta_quantile(0.5, 0.5), std::invalid_argument);
}

TEST(WeakCellModel, RejectsImpossibleParameters) {
  const RetentionModel r = retention();
  const auto expect_throw = [&](auto edit) {
    VariationParams v = variation();
    edit(v);
    EXPECT_THROW(WeakCellModel(v, r), std::invalid_argument);
  };
  expect_throw([](VariationParams& v) { v.mean_delta = 0; });
  expect_throw([](VariationParams& v) { v.mean_delta = std::nan(""); });
  expect_throw([](VariationParams& v) { v.sigma_fraction = -0.1; });
  expect_throw([](VariationParams& v) { v.sigma_delta = 1.0; });  // both forms set
  expect_throw([](VariationParams& v) {
    v.sigma_fraction = 0;
    v.sigma_delta = -1;
  });
  expect_throw([](VariationParams& v) { v.bits_per_line = 0; });
  expect_throw([](VariationParams& v) { v.bits_per_line = kMaxBitsPerLine + 1; });
  expect_throw([](VariationParams& v) { v.weak_cells = 0; });
  expect_throw([](VariationParams& v) { v.weak_cells = kMaxWeakCells + 1; });
  expect_throw([](VariationParams& v) {
    v.bits_per_line = 4;
    v.weak_cells = 5;
  });
  const WeakCellModel m(variation(), r);
  EXPECT_THROW(m.line_failure_probability(1, 1, -1.0), std::invalid_argument);
  EXPECT_THROW(m.flipped_bits(1, 1, 0, -1.0), std::invalid_argument);
}

TEST(WeakCellModel, AllCellsWeakLeavesNoBulk) {
  VariationParams v = variation(0.1, 16);
  v.bits_per_line = 16;
  const WeakCellModel m(v, retention());
  const WeakCellSet cells = m.weak_cells(3, 3);
  EXPECT_EQ(cells.bulk_rate_per_s, 0.0);
  std::set<std::uint32_t> bits;
  for (std::uint32_t j = 0; j < 16; ++j) bits.insert(cells.cells[j].bit);
  EXPECT_EQ(bits.size(), 16u);
  const auto flipped = m.flipped_bits(3, 3, 1, 1e6);
  EXPECT_EQ(flipped.size(), 16u);
}

}  // namespace
}  // namespace sttvp
