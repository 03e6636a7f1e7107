#include "models/sttram/RetentionModel.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "models/sttram/ParameterCheck.h"

namespace sttvp {

RetentionModel::RetentionModel(const RetentionParams& params) : params_(params) {
  require_positive(params.attempt_time_s, "RetentionParams.attempt_time_s");
  require_positive(params.reference_temperature_k, "RetentionParams.reference_temperature_k");
  require_non_negative(params.ms_exponent, "RetentionParams.ms_exponent");
  if (params.ms_exponent > 0.0 && !(std::isfinite(params.curie_temperature_k) &&
                                    params.curie_temperature_k > params.reference_temperature_k)) {
    throw std::invalid_argument(
        "RetentionParams.curie_temperature_k must exceed reference_temperature_k (" +
        format_number(params.reference_temperature_k) + " K) when ms_exponent > 0, got " +
        format_number(params.curie_temperature_k));
  }
}

double RetentionModel::mean_time_to_flip_s(double delta) const {
  require_finite(delta, "thermal stability Delta");
  return params_.attempt_time_s * std::exp(delta);
}

double RetentionModel::delta_for_mean_time(double tau_s) const {
  require_positive(tau_s, "mean time to flip [s]");
  return std::log(tau_s / params_.attempt_time_s);
}

double RetentionModel::line_failure_ratio(const RetentionCriterion& criterion) {
  if (criterion.bits_per_line == 0) {
    throw std::invalid_argument("RetentionCriterion.bits_per_line must be > 0");
  }
  const double p = criterion.target_failure_probability;
  if (!(p > 0.0 && p < 1.0)) {
    throw std::invalid_argument(
        "RetentionCriterion.target_failure_probability must be in (0, 1) for the line-failure "
        "definition, got " +
        format_number(p));
  }
  return -std::log1p(-p) / criterion.bits_per_line;
}

double RetentionModel::delta_for_retention(double retention_s,
                                           const RetentionCriterion& criterion) const {
  require_positive(retention_s, "retention time [s]");
  switch (criterion.definition) {
    case RetentionDefinition::kMeanTimeToFlip:
      return delta_for_mean_time(retention_s);
    case RetentionDefinition::kLineFailure:
      return delta_for_mean_time(retention_s / line_failure_ratio(criterion));
  }
  throw std::invalid_argument("unknown RetentionDefinition");
}

double RetentionModel::retention_for_delta_s(double delta,
                                             const RetentionCriterion& criterion) const {
  const double tau = mean_time_to_flip_s(delta);
  switch (criterion.definition) {
    case RetentionDefinition::kMeanTimeToFlip:
      return tau;
    case RetentionDefinition::kLineFailure:
      return tau * line_failure_ratio(criterion);
  }
  throw std::invalid_argument("unknown RetentionDefinition");
}

double RetentionModel::temperature_factor(double temperature_k) const {
  require_positive(temperature_k, "temperature [K]");
  const double t0 = params_.reference_temperature_k;
  double factor = t0 / temperature_k;
  if (params_.ms_exponent > 0.0) {
    if (temperature_k >= params_.curie_temperature_k) {
      throw std::invalid_argument("temperature " + format_number(temperature_k) +
                                  " K is at or above the Curie temperature " +
                                  format_number(params_.curie_temperature_k) +
                                  " K: no barrier left");
    }
    // Bloch's law for the reduced magnetisation m(T) = 1 - (T / Tc)^(3/2).
    const auto m = [&](double t) { return 1.0 - std::pow(t / params_.curie_temperature_k, 1.5); };
    factor *= std::pow(m(temperature_k) / m(t0), params_.ms_exponent);
  }
  return factor;
}

double RetentionModel::delta_at_temperature(double delta_at_reference, double temperature_k) const {
  require_finite(delta_at_reference, "thermal stability Delta");
  return delta_at_reference * temperature_factor(temperature_k);
}

double RetentionModel::bit_failure_probability(double idle_s, double tau_s) {
  return line_failure_probability(idle_s, tau_s, 1);
}

double RetentionModel::bit_failure_probability_for_delta(double idle_s, double delta) const {
  return bit_failure_probability(idle_s, mean_time_to_flip_s(delta));
}

double RetentionModel::line_failure_probability_for_delta(double idle_s, double delta,
                                                          std::uint32_t bits) const {
  return line_failure_probability(idle_s, mean_time_to_flip_s(delta), bits);
}

}  // namespace sttvp
