// The weak-cell model against brute force: 20,000 lines of 512 independently drawn cells (a
// different generator, std::mt19937_64 + std::normal_distribution), compared on the weakest and
// second-weakest Delta and on the line failure probability averaged over lines.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <random>
#include <vector>

#include "models/sttram/WeakCellModel.h"

namespace sttvp {
namespace {

constexpr int kLines = 20000;
constexpr std::uint32_t kBits = 512;
constexpr double kTau0 = 1e-9;

struct LineSample {
  double weakest = 0;
  double second = 0;
  double eighth = 0;     // 8th weakest
  double rate = 0;       // sum over all cells of e^-Delta / tau0
  double bulk_rate = 0;  // the same over cells above the 8th weakest (brute force only)
};

std::vector<LineSample> brute_force(double mu, double sigma, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::normal_distribution<double> normal(mu, sigma);
  std::vector<LineSample> out(kLines);
  std::vector<double> cells(kBits);
  for (LineSample& line : out) {
    for (double& d : cells) d = normal(engine);
    std::nth_element(cells.begin(), cells.begin() + 8, cells.end());
    std::sort(cells.begin(), cells.begin() + 8);
    line.weakest = cells[0];
    line.second = cells[1];
    line.eighth = cells[7];
    for (std::uint32_t i = 0; i < kBits; ++i) {
      const double r = std::exp(-cells[i]) / kTau0;
      line.rate += r;
      if (i >= 8) line.bulk_rate += r;
    }
  }
  return out;
}

std::vector<LineSample> model_lines(const WeakCellModel& m) {
  std::vector<LineSample> out(kLines);
  for (int i = 0; i < kLines; ++i) {
    const WeakCellSet cells = m.weak_cells(i / 16, i % 16);
    out[i].weakest = cells.cells[0].delta;
    out[i].second = cells.cells[1].delta;
    out[i].rate = cells.total_rate_per_s();
    out[i].bulk_rate = cells.bulk_rate_per_s;
  }
  return out;
}

template <class F>
void mean_and_se(const std::vector<LineSample>& v, F f, double& mean, double& se) {
  double s = 0;
  double s2 = 0;
  for (const LineSample& x : v) {
    const double y = f(x);
    s += y;
    s2 += y * y;
  }
  mean = s / v.size();
  se = std::sqrt(std::max(0.0, s2 / v.size() - mean * mean) / v.size());
}

template <class F>
double fraction_below(const std::vector<LineSample>& v, F f, double x) {
  return static_cast<double>(
             std::count_if(v.begin(), v.end(), [&](const LineSample& s) { return f(s) <= x; })) /
         v.size();
}

template <class F>
double quantile(const std::vector<LineSample>& v, F f, double q) {
  std::vector<double> y;
  y.reserve(v.size());
  for (const LineSample& x : v) y.push_back(f(x));
  std::sort(y.begin(), y.end());
  return y[static_cast<std::size_t>(q * (y.size() - 1))];
}

class WeakCellMonteCarlo : public ::testing::TestWithParam<double> {
 protected:
  void SetUp() override {
    mu_ = 20.72;  // 1 s retention
    sigma_ = GetParam() * mu_;
    RetentionParams rp;
    rp.attempt_time_s = kTau0;
    rp.reference_temperature_k = 300.0;
    VariationParams vp;
    vp.mean_delta = mu_;
    vp.sigma_fraction = GetParam();
    vp.bits_per_line = kBits;
    vp.weak_cells = 8;
    vp.seed = 777;
    model_ = std::make_unique<WeakCellModel>(vp, RetentionModel(rp));
    // Drawing 10 M cells takes ~0.3 s; every test of a parameter shares one sample.
    static std::map<double, std::vector<LineSample>> cache;
    auto it = cache.find(GetParam());
    if (it == cache.end()) it = cache.emplace(GetParam(), brute_force(mu_, sigma_, 2024)).first;
    brute_ = &it->second;
    sampled_ = model_lines(*model_);
  }

  double mu_ = 0;
  double sigma_ = 0;
  std::unique_ptr<WeakCellModel> model_;
  const std::vector<LineSample>* brute_ = nullptr;
  std::vector<LineSample> sampled_;
};

TEST_P(WeakCellMonteCarlo, WeakestAndSecondWeakestMeansAgree) {
  for (auto f : {+[](const LineSample& s) { return s.weakest; },
                 +[](const LineSample& s) { return s.second; }}) {
    double m1, se1, m2, se2;
    mean_and_se(sampled_, f, m1, se1);
    mean_and_se(*brute_, f, m2, se2);
    EXPECT_NEAR(m1, m2, 5 * std::hypot(se1, se2));
    // Spread: standard deviations within 4 % (their standard error is about 0.5 %).
    const double sd1 = se1 * std::sqrt(kLines);
    const double sd2 = se2 * std::sqrt(kLines);
    EXPECT_NEAR(sd1 / sd2, 1.0, 0.04);
  }
}

TEST_P(WeakCellMonteCarlo, WeakestQuantilesMatchTheExactDistribution) {
  // P(min <= x) = q at x = weakest_delta_quantile(q, 512); both samples must agree with it.
  const auto weakest = [](const LineSample& s) { return s.weakest; };
  for (double q : {0.01, 0.1, 0.5, 0.9, 0.99}) {
    const double x = model_->weakest_delta_quantile(q, kBits);
    const double tol = 5 * std::sqrt(q * (1 - q) / kLines);
    EXPECT_NEAR(fraction_below(sampled_, weakest, x), q, tol) << "q = " << q;
    EXPECT_NEAR(fraction_below(*brute_, weakest, x), q, tol) << "q = " << q;
  }
}

TEST_P(WeakCellMonteCarlo, SecondWeakestQuantilesAgree) {
  const auto second = [](const LineSample& s) { return s.second; };
  for (double q : {0.01, 0.1, 0.5, 0.9, 0.99}) {
    const double x = quantile(*brute_, second, q);
    EXPECT_NEAR(fraction_below(sampled_, second, x), q, 5 * std::sqrt(2 * q * (1 - q) / kLines))
        << "q = " << q;
    // Exact CDF of the second order statistic: 1 - (1-F)^n - n F (1-F)^(n-1).
    const double f = CounterRng::normal_cdf((x - mu_) / sigma_);
    const double exact = 1 - std::pow(1 - f, kBits) - kBits * f * std::pow(1 - f, kBits - 1);
    EXPECT_NEAR(exact, q, 5 * std::sqrt(q * (1 - q) / kLines)) << "q = " << q;
  }
}

TEST_P(WeakCellMonteCarlo, LineFailureProbabilityAgrees) {
  // Idle times from P ~ 1e-4 to P ~ 0.5 on the average line.
  const double mean_rate = model_->expected_line_rate_per_s();
  std::printf("  sigma/mu = %.2f: mean line rate %.4g /s\n", GetParam(), mean_rate);
  for (double x : {1e-4, 1e-3, 1e-2, 0.1, 0.5}) {
    const double t = x / mean_rate;
    const auto p = [t](const LineSample& s) { return -std::expm1(-t * s.rate); };
    double p1, se1, p2, se2;
    mean_and_se(sampled_, p, p1, se1);
    mean_and_se(*brute_, p, p2, se2);
    std::printf("    t = %.3g s: P model %.5g, brute force %.5g (ratio %.4f, 1 SE %.2f %%)\n", t,
                p1, p2, p1 / p2, 100 * std::hypot(se1, se2) / p2);
    EXPECT_NEAR(p1 / p2, 1.0, 5 * std::hypot(se1, se2) / p2 + 0.01) << "t = " << t;
  }
}

TEST_P(WeakCellMonteCarlo, BulkApproximationErrorPerLine) {
  // The model keeps the 8 weakest cells exactly and replaces the other 504 by their expected rate
  // given the 8th weakest. Applied to brute-force lines, this shows the per-line error it makes
  // (the population average is exact, see LineFailureProbabilityAgrees).
  const std::uint32_t rest = kBits - 8;
  std::vector<double> rel;
  double share = 0;
  for (const LineSample& s : *brute_) {
    const double z = (s.eighth - mu_) / sigma_;
    const double expected_bulk = rest * std::exp(-mu_ + 0.5 * sigma_ * sigma_) *
                                 CounterRng::normal_sf(z + sigma_) / CounterRng::normal_sf(z) /
                                 kTau0;
    const double approx = s.rate - s.bulk_rate + expected_bulk;
    rel.push_back(std::fabs(approx / s.rate - 1));
    share += s.bulk_rate / s.rate;
  }
  share /= kLines;
  double model_share = 0;
  for (const LineSample& s : sampled_) model_share += s.bulk_rate / s.rate;
  model_share /= kLines;
  double sq = 0;
  for (double r : rel) sq += r * r;
  std::sort(rel.begin(), rel.end());
  const double rms = std::sqrt(sq / kLines);
  const double p99 = rel[static_cast<std::size_t>(0.99 * (kLines - 1))];
  std::printf(
      "  sigma/mu = %.2f: bulk share of the line rate: brute %.3f, model %.3f; per-line rate "
      "error rms %.2f %%, 99th percentile %.2f %%\n",
      GetParam(), share, model_share, 100 * rms, 100 * p99);
  EXPECT_NEAR(model_share, share, 0.03);
  EXPECT_LT(rms, 0.10);
}

INSTANTIATE_TEST_SUITE_P(SigmaFraction, WeakCellMonteCarlo, ::testing::Values(0.05, 0.1));

}  // namespace
}  // namespace sttvp
