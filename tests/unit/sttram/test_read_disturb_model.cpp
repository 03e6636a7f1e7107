#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "models/sttram/ReadDisturbModel.h"

namespace sttvp {
namespace {

ReadDisturbParams notes_params(double ratio, double exponent) {
  ReadDisturbParams p;
  p.read_current_ratio = ratio;
  p.read_pulse_s = 2e-9;
  p.attempt_time_s = 1e-9;
  p.exponent = exponent;
  p.prone_fraction = 1;  // the notes' table counts every bit
  return p;
}

double line(double bit) { return -std::expm1(512 * std::log1p(-bit)); }

// Research notes, section 8: tau0 1 ns, t_r 2 ns, I_r/Ic0 0.2, per bit / per 512-bit line.
TEST(ReadDisturbModel, MatchesTheNotesTableExponent1) {
  const ReadDisturbModel m(notes_params(0.2, 1));
  EXPECT_NEAR(m.bit_probability(40.293) / 2.0e-14, 1, 0.03);
  EXPECT_NEAR(m.bit_probability(20.723) / 1.3e-7, 1, 0.03);
  EXPECT_NEAR(line(m.bit_probability(20.723)) / 6.5e-5, 1, 0.03);
  EXPECT_NEAR(line(m.bit_probability(11.513)) / 9.7e-2, 1, 0.03);
}

TEST(ReadDisturbModel, MatchesTheNotesTableExponent2) {
  const ReadDisturbModel m(notes_params(0.2, 2));
  EXPECT_NEAR(m.bit_probability(20.723) / 3.5e-6, 1, 0.03);
  EXPECT_NEAR(line(m.bit_probability(20.723)) / 1.8e-3, 1, 0.03);
  EXPECT_NEAR(m.bit_probability(16.118) / 6.6e-5, 1, 0.03);
  EXPECT_NEAR(m.bit_probability(11.513) / 1.3e-3, 1, 0.03);
}

TEST(ReadDisturbModel, HigherReadCurrentDisturbsMore) {
  // Notes: 1 s line at I_r/Ic0 0.3, b 1: 5.1e-4.
  const ReadDisturbModel m(notes_params(0.3, 1));
  EXPECT_NEAR(line(m.bit_probability(20.723)) / 5.1e-4, 1, 0.03);
}

TEST(ReadDisturbModel, ProneFractionScalesTheProbability) {
  ReadDisturbParams p = notes_params(0.2, 2);
  const double all = ReadDisturbModel(p).bit_probability(16.118);
  p.prone_fraction = 0.5;
  EXPECT_DOUBLE_EQ(ReadDisturbModel(p).bit_probability(16.118), 0.5 * all);
}

TEST(ReadDisturbModel, VariationRaisesTheMeanRateByTheNormalFactor) {
  const ReadDisturbModel m(notes_params(0.2, 2));
  const double c = 0.64, sigma = 2.0;
  // Small p: the probability is the rate, which grows by exp(c^2 sigma^2 / 2).
  EXPECT_NEAR(m.bit_probability(30, sigma) / m.bit_probability(30),
              std::exp(c * c * sigma * sigma / 2), 1e-6);
}

TEST(ReadDisturbModel, RejectsImpossibleParameters) {
  EXPECT_THROW(ReadDisturbModel(notes_params(1.0, 2)), std::invalid_argument);
  EXPECT_THROW(ReadDisturbModel(notes_params(-0.1, 2)), std::invalid_argument);
  EXPECT_THROW(ReadDisturbModel(notes_params(0.2, 0)), std::invalid_argument);
  ReadDisturbParams p = notes_params(0.2, 2);
  p.prone_fraction = 1.5;
  EXPECT_THROW(ReadDisturbModel{p}, std::invalid_argument);
}

}  // namespace
}  // namespace sttvp
