#include "models/sttram/WriteErrorModel.h"

#include <cmath>
#include <stdexcept>

#include "models/sttram/ParameterCheck.h"

namespace sttvp {

namespace {
constexpr double kPi = 3.14159265358979323846;

void require_ratio(double ratio) {
  if (!(std::isfinite(ratio) && ratio > 1.0))
    throw_bad_parameter("write current ratio I/Ic0", "finite and > 1", ratio);
}
}  // namespace

WriteErrorModel::WriteErrorModel(const WriteErrorParams& params) : params_(params) {
  require_positive(params.tau_d_s, "WriteErrorParams.tau_d_s");
  require_positive(params.ic0_per_barrier_a, "WriteErrorParams.ic0_per_barrier_a");
  require_positive(params.drive_current_a, "WriteErrorParams.drive_current_a");
}

double WriteErrorModel::current_ratio(double barrier) const {
  require_positive(barrier, "write barrier");
  return params_.drive_current_a / (params_.ic0_per_barrier_a * barrier);
}

double WriteErrorModel::bit_error_rate(double delta, double ratio, double pulse_s, double tau_d_s) {
  require_positive(delta, "Delta");
  require_ratio(ratio);
  require_non_negative(pulse_s, "write pulse");
  require_positive(tau_d_s, "tau_D");
  // e^{2(i-1)t/tau_D} overflows to infinity for long pulses: the exponent is then 0, WER 0.
  const double growth = std::exp(2.0 * (ratio - 1.0) * pulse_s / tau_d_s);
  const double x = kPi * kPi * delta / 4.0 * (ratio - 1.0) / (ratio * growth - 1.0);
  return -std::expm1(-x);
}

double WriteErrorModel::pulse_for_error_rate(double delta, double ratio, double wer,
                                             double tau_d_s) {
  require_positive(delta, "Delta");
  require_ratio(ratio);
  require_positive(tau_d_s, "tau_D");
  if (!(wer > 0.0 && wer < 1.0)) throw_bad_parameter("target write error rate", "in (0, 1)", wer);
  const double x = -std::log1p(-wer);
  const double arg = (1.0 + kPi * kPi * delta * (ratio - 1.0) / (4.0 * x)) / ratio;
  if (!(arg > 1.0))
    throw_bad_parameter("target write error rate (met by a zero-length pulse)",
                        "below 1 - exp(-pi^2 Delta / 4)", wer);
  return tau_d_s / (2.0 * (ratio - 1.0)) * std::log(arg);
}

}  // namespace sttvp
