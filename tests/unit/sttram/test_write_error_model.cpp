#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "models/sttram/WriteErrorModel.h"

namespace sttvp {
namespace {

constexpr double kDelta10y = 40.29;
constexpr double kTauD = 2e-9;

// Hand values of the closed form (research notes, section 7: Delta 40.29, tau_D 2 ns).
TEST(WriteErrorModel, MatchesHandValues) {
  EXPECT_NEAR(WriteErrorModel::bit_error_rate(kDelta10y, 2, 5e-9, kTauD), 2.9e-1, 0.05e-1);
  EXPECT_NEAR(WriteErrorModel::bit_error_rate(kDelta10y, 2, 10e-9, kTauD), 2.3e-3, 0.05e-3);
  EXPECT_NEAR(WriteErrorModel::bit_error_rate(kDelta10y, 2, 20e-9, kTauD), 1.0e-7, 0.05e-7);
  EXPECT_NEAR(WriteErrorModel::bit_error_rate(kDelta10y, 3, 5e-9, kTauD), 3.0e-3, 0.05e-3);
  EXPECT_NEAR(WriteErrorModel::bit_error_rate(kDelta10y, 3, 10e-9, kTauD), 1.4e-7, 0.05e-7);
}

TEST(WriteErrorModel, ZeroPulseLeavesTheThermalLimit) {
  // t_w = 0: the exponent is pi^2 Delta / 4, whatever the current.
  const double limit = -std::expm1(-M_PI * M_PI * 10.0 / 4.0);
  EXPECT_DOUBLE_EQ(WriteErrorModel::bit_error_rate(10.0, 3, 0.0, kTauD), limit);
}

TEST(WriteErrorModel, VeryLongPulseHasNoErrors) {
  EXPECT_EQ(WriteErrorModel::bit_error_rate(kDelta10y, 3, 1e-3, kTauD), 0.0);
}

TEST(WriteErrorModel, ErrorRateFallsWithPulseAndCurrentAndRisesWithDelta) {
  const double base = WriteErrorModel::bit_error_rate(20, 3, 5e-9, kTauD);
  EXPECT_LT(WriteErrorModel::bit_error_rate(20, 3, 6e-9, kTauD), base);
  EXPECT_LT(WriteErrorModel::bit_error_rate(20, 4, 5e-9, kTauD), base);
  EXPECT_GT(WriteErrorModel::bit_error_rate(30, 3, 5e-9, kTauD), base);
}

TEST(WriteErrorModel, PulseForTargetInvertsTheErrorRate) {
  for (double wer : {1e-3, 1e-9, 1e-15}) {
    for (double ratio : {1.5, 3.0, 9.0}) {
      const double t = WriteErrorModel::pulse_for_error_rate(kDelta10y, ratio, wer, kTauD);
      EXPECT_NEAR(WriteErrorModel::bit_error_rate(kDelta10y, ratio, t, kTauD) / wer, 1.0, 1e-9)
          << "wer " << wer << " ratio " << ratio;
    }
  }
}

// Research notes, section 7 table: WER 1e-9 at i = 3 needs 12.46 ns for the 10-year cell.
TEST(WriteErrorModel, PulseForTargetMatchesHandValue) {
  EXPECT_NEAR(WriteErrorModel::pulse_for_error_rate(40.29, 3.0, 1e-9, kTauD), 12.46e-9, 0.01e-9);
}

TEST(WriteErrorModel, CurrentRatioScalesWithTheBarrier) {
  WriteErrorParams p;
  p.tau_d_s = kTauD;
  p.ic0_per_barrier_a = 1e-6;
  p.drive_current_a = 60e-6;
  const WriteErrorModel m(p);
  EXPECT_DOUBLE_EQ(m.current_ratio(20), 3.0);
  EXPECT_DOUBLE_EQ(m.current_ratio(40), 1.5);
}

TEST(WriteErrorModel, RejectsImpossibleParameters) {
  WriteErrorParams p;
  p.tau_d_s = kTauD;
  p.ic0_per_barrier_a = 1e-6;
  p.drive_current_a = 0;
  EXPECT_THROW(WriteErrorModel{p}, std::invalid_argument);
  EXPECT_THROW(WriteErrorModel::bit_error_rate(20, 1.0, 5e-9, kTauD), std::invalid_argument);
  EXPECT_THROW(WriteErrorModel::pulse_for_error_rate(20, 0.5, 1e-9, kTauD), std::invalid_argument);
  EXPECT_THROW(WriteErrorModel::pulse_for_error_rate(20, 3, 0.0, kTauD), std::invalid_argument);
  // A target above the zero-pulse limit needs no pulse at all.
  EXPECT_THROW(WriteErrorModel::pulse_for_error_rate(0.1, 3, 0.5, kTauD), std::invalid_argument);
}

}  // namespace
}  // namespace sttvp
