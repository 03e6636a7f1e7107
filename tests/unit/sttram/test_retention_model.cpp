#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "models/sttram/RetentionModel.h"

namespace sttvp {
namespace {

constexpr double kYear = 365.25 * 86400.0;  // Julian year [s]

RetentionModel reference_model() {
  RetentionParams p;
  p.attempt_time_s = 1e-9;  // REFERENCE.md: tau0 about 1 ns
  p.reference_temperature_k = 300.0;
  return RetentionModel(p);
}

RetentionCriterion mean_definition() { return RetentionCriterion{}; }

RetentionCriterion line_definition(double p) {
  RetentionCriterion c;
  c.definition = RetentionDefinition::kLineFailure;
  c.bits_per_line = 512;
  c.target_failure_probability = p;
  return c;
}

TEST(RetentionModel, MeanDefinitionMatchesReferenceTable) {
  // REFERENCE.md, Delta with tau0 = 1 ns, definition (a).
  const RetentionModel m = reference_model();
  const auto d = [&](double t) { return m.delta_for_retention(t, mean_definition()); };
  EXPECT_NEAR(d(10 * kYear), 40.29, 0.005);
  EXPECT_NEAR(d(1.0), 20.72, 0.005);
  EXPECT_NEAR(d(100e-3), 18.42, 0.005);
  EXPECT_NEAR(d(10e-3), 16.12, 0.005);
  EXPECT_NEAR(d(1e-3), 13.82, 0.005);
  EXPECT_NEAR(d(100e-6), 11.51, 0.005);
  EXPECT_NEAR(d(26.5e-6), 10.18, 0.005);
  // Exact values: ln(t / tau0).
  EXPECT_NEAR(d(1.0), 20.72326583694641, 1e-12);
  EXPECT_NEAR(d(10e-3), 16.11809565095832, 1e-12);
}

TEST(RetentionModel, MeanDefinitionRoundTrips) {
  const RetentionModel m = reference_model();
  EXPECT_NEAR(m.retention_for_delta_s(20.72, mean_definition()), 0.996739, 1e-6);
  for (double t : {26.5e-6, 1e-3, 1.0, 3600.0, 10 * kYear}) {
    const double delta = m.delta_for_retention(t, mean_definition());
    EXPECT_NEAR(m.retention_for_delta_s(delta, mean_definition()) / t, 1.0, 1e-13);
    EXPECT_NEAR(m.mean_time_to_flip_s(delta) / t, 1.0, 1e-13);
  }
}

TEST(RetentionModel, LineFailureDefinitionNeedsAboutTwentyMore) {
  const RetentionModel m = reference_model();
  // 1 - exp(-512 * 1 s / tau) = 1e-6  =>  Delta = ln(512 / (1e-9 * -ln(1 - 1e-6))) = 40.7771.
  EXPECT_NEAR(m.delta_for_retention(1.0, line_definition(1e-6)), 40.77710051994998, 1e-10);
  // The gap is ln(n / -ln(1 - p)) whatever the retention time.
  for (double t : {1e-4, 1e-2, 1.0}) {
    EXPECT_NEAR(m.delta_for_retention(t, line_definition(1e-6)) -
                    m.delta_for_retention(t, mean_definition()),
                std::log(512.0 / -std::log1p(-1e-6)), 1e-10);
  }
  // Round trip and meaning: at t_ret the line failure probability is p.
  const double delta = m.delta_for_retention(10e-3, line_definition(1e-6));
  EXPECT_NEAR(m.retention_for_delta_s(delta, line_definition(1e-6)) / 10e-3, 1.0, 1e-13);
  EXPECT_NEAR(m.line_failure_probability_for_delta(10e-3, delta, 512) / 1e-6, 1.0, 1e-9);
}

TEST(RetentionModel, FailureProbabilitiesAreAccurateForTinyRatios) {
  // 1 - exp(-x) for x = 1e-20 is 1e-20; computing it as 1 - exp(-x) would give 0.
  EXPECT_DOUBLE_EQ(RetentionModel::bit_failure_probability(1e-20, 1.0), 1e-20);
  EXPECT_DOUBLE_EQ(RetentionModel::line_failure_probability(1e-20, 1.0, 512), 512e-20);
  EXPECT_NEAR(RetentionModel::line_failure_probability(1e-6, 1.0, 512), 5.118689503667583e-4,
              1e-18);
  EXPECT_DOUBLE_EQ(RetentionModel::bit_failure_probability(0.0, 1.0), 0.0);
  EXPECT_NEAR(RetentionModel::bit_failure_probability(1.0, 1.0), 1 - std::exp(-1.0), 1e-15);
  // A 1 s cell read 100 ns after the write (most write-to-read distances are 1-100 ns).
  const RetentionModel m = reference_model();
  EXPECT_NEAR(
      m.bit_failure_probability_for_delta(100e-9, 20.72) / (100e-9 / (1e-9 * std::exp(20.72))), 1.0,
      1e-5);
}

TEST(RetentionModel, TemperatureScalesDelta) {
  const RetentionModel m = reference_model();
  EXPECT_DOUBLE_EQ(m.temperature_factor(300.0), 1.0);
  EXPECT_NEAR(m.delta_at_temperature(40.0, 350.0), 34.285714285714285, 1e-12);
  // A hotter cell loses retention: 1 s at 300 K is about 0.06 s at 330 K.
  const double hot = m.delta_at_temperature(20.72, 330.0);
  EXPECT_LT(hot, 20.72);
  EXPECT_NEAR(hot, 20.72 * 300.0 / 330.0, 1e-12);

  RetentionParams p;
  p.attempt_time_s = 1e-9;
  p.reference_temperature_k = 300.0;
  p.ms_exponent = 2.0;
  p.curie_temperature_k = 1000.0;
  const RetentionModel bloch(p);
  // (300/350) * ((1 - 0.35^1.5) / (1 - 0.3^1.5))^2 * 40
  EXPECT_NEAR(bloch.delta_at_temperature(40.0, 350.0), 30.867923749656164, 1e-9);
  EXPECT_THROW(bloch.temperature_factor(1000.0), std::invalid_argument);
}

TEST(RetentionModel, RejectsImpossibleParameters) {
  RetentionParams p;
  p.attempt_time_s = 1e-9;
  p.reference_temperature_k = 300.0;
  RetentionParams bad = p;
  bad.attempt_time_s = 0;
  EXPECT_THROW(RetentionModel{bad}, std::invalid_argument);
  bad = p;
  bad.reference_temperature_k = -1;
  EXPECT_THROW(RetentionModel{bad}, std::invalid_argument);
  bad = p;
  bad.ms_exponent = -1;
  EXPECT_THROW(RetentionModel{bad}, std::invalid_argument);
  bad = p;
  bad.ms_exponent = 2;  // needs a Curie temperature above T0
  EXPECT_THROW(RetentionModel{bad}, std::invalid_argument);
  bad.curie_temperature_k = 250;
  EXPECT_THROW(RetentionModel{bad}, std::invalid_argument);

  const RetentionModel m(p);
  EXPECT_THROW(m.delta_for_retention(0.0, mean_definition()), std::invalid_argument);
  EXPECT_THROW(m.delta_for_retention(1.0, line_definition(0.0)), std::invalid_argument);
  EXPECT_THROW(m.delta_for_retention(1.0, line_definition(1.0)), std::invalid_argument);
  RetentionCriterion no_bits = line_definition(1e-6);
  no_bits.bits_per_line = 0;
  EXPECT_THROW(m.delta_for_retention(1.0, no_bits), std::invalid_argument);
  EXPECT_THROW(RetentionModel::bit_failure_probability(-1.0, 1.0), std::invalid_argument);
  EXPECT_THROW(RetentionModel::bit_failure_probability(1.0, 0.0), std::invalid_argument);
  EXPECT_THROW(m.temperature_factor(0.0), std::invalid_argument);
}

}  // namespace
}  // namespace sttvp
