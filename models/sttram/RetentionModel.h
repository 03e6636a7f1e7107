// Retention of thermally stable MTJ cells (Neel–Brown): a cell's state flips by thermal
// activation as a Poisson process with mean time
//
//   tau = tau0 * exp(Delta)                     tau0: attempt time (REFERENCE: about 1 ns)
//
// so after an idle time t a bit has flipped with probability P_bit = 1 - exp(-t / tau), and a line
// of n equal cells has lost at least one bit with P_line = 1 - exp(-n t / tau). Both are evaluated
// with expm1 so that t/tau ~ 1e-15 keeps full relative precision.
//
// "Retention time" has two definitions in the literature; this model converts both ways:
//   kMeanTimeToFlip: t_ret = tau (architecture papers; often paired with deterministic expiry);
//   kLineFailure:    t_ret is when a line of n bits reaches failure probability p, i.e.
//                    1 - exp(-n t_ret / tau) = p  =>  tau = n t_ret / (-ln(1 - p)).
// For n = 512 and p = 1e-6 the second needs Delta larger by ln(512 / 1e-6) = 20.05.
//
// Temperature: Delta = E_b / (k_B T) with E_b proportional to Ms(T) * Hk(T). With the barrier's
// temperature dependence written as Ms(T)^p (Hk * Ms proportional to Ms^p; p = 0 keeps E_b fixed)
// and Bloch's law m(T) = Ms(T)/Ms(0) = 1 - (T / Tc)^(3/2):
//   Delta(T) = Delta(T0) * (T0 / T) * (m(T) / m(T0))^p.
#pragma once

#include <cmath>
#include <cstdint>

#include "models/sttram/ParameterCheck.h"

namespace sttvp {

struct RetentionParams {
  double attempt_time_s = 0;           // tau0 [s]
  double reference_temperature_k = 0;  // T0 [K]: temperature at which Delta values are quoted
  double ms_exponent = 0;              // p [1]: E_b proportional to Ms(T)^p; 0: E_b fixed
  double curie_temperature_k = 0;      // Tc [K] for Bloch's law; required when p != 0
};

enum class RetentionDefinition { kMeanTimeToFlip, kLineFailure };

struct RetentionCriterion {
  RetentionDefinition definition = RetentionDefinition::kMeanTimeToFlip;
  std::uint32_t bits_per_line = 512;      // n, kLineFailure only
  double target_failure_probability = 0;  // p in (0, 1), kLineFailure only
};

class RetentionModel {
 public:
  // Throws std::invalid_argument for tau0 <= 0, T0 <= 0, p < 0, or p > 0 with Tc <= T0.
  explicit RetentionModel(const RetentionParams& params);

  const RetentionParams& params() const { return params_; }

  // tau = tau0 e^Delta and its inverse.
  double mean_time_to_flip_s(double delta) const;
  double delta_for_mean_time(double tau_s) const;

  // Delta needed so that a cell (or line) meets `retention_s` under `criterion`, and the
  // retention time a Delta gives under it.
  double delta_for_retention(double retention_s, const RetentionCriterion& criterion) const;
  double retention_for_delta_s(double delta, const RetentionCriterion& criterion) const;

  // Delta(T) / Delta(T0), and Delta at temperature T from a Delta quoted at T0.
  double temperature_factor(double temperature_k) const;
  double delta_at_temperature(double delta_at_reference, double temperature_k) const;

  // Probability that a bit of mean flip time tau has flipped after idle time t (P_bit), and that
  // at least one of n such bits has (P_line).
  static double bit_failure_probability(double idle_s, double tau_s);
  static double line_failure_probability(double idle_s, double tau_s, std::uint32_t bits) {
    if (!(idle_s >= 0.0)) throw_bad_parameter("idle time", ">= 0", idle_s);
    require_positive(tau_s, "mean time to flip [s]");
    // Independent exponential cells: P(no flip in n cells) = exp(-n t / tau).
    return -std::expm1(-(static_cast<double>(bits) * idle_s) / tau_s);
  }
  double bit_failure_probability_for_delta(double idle_s, double delta) const;
  double line_failure_probability_for_delta(double idle_s, double delta, std::uint32_t bits) const;

 private:
  // -ln(1 - p) / n: the line-failure definition's ratio t_ret / tau.
  static double line_failure_ratio(const RetentionCriterion& criterion);

  RetentionParams params_;
};

}  // namespace sttvp
