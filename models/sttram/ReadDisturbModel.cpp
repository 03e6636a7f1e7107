#include "models/sttram/ReadDisturbModel.h"

#include <cmath>

#include "models/sttram/ParameterCheck.h"

namespace sttvp {

ReadDisturbModel::ReadDisturbModel(const ReadDisturbParams& params) : params_(params) {
  const double r = params.read_current_ratio;
  if (!(r >= 0.0 && r < 1.0))
    throw_bad_parameter("ReadDisturbParams.read_current_ratio", "in [0, 1)", r);
  require_positive(params.read_pulse_s, "ReadDisturbParams.read_pulse_s");
  require_positive(params.attempt_time_s, "ReadDisturbParams.attempt_time_s");
  require_positive(params.exponent, "ReadDisturbParams.exponent");
  const double f = params.prone_fraction;
  if (!(f >= 0.0 && f <= 1.0))
    throw_bad_parameter("ReadDisturbParams.prone_fraction", "in [0, 1]", f);
}

double ReadDisturbModel::bit_probability(double delta, double sigma) const {
  require_positive(delta, "Delta");
  require_non_negative(sigma, "sigma of Delta");
  const double c = std::pow(1.0 - params_.read_current_ratio, params_.exponent);
  const double rate_times_pulse = params_.read_pulse_s / params_.attempt_time_s *
                                  std::exp(-c * delta + 0.5 * c * c * sigma * sigma);
  return params_.prone_fraction * -std::expm1(-rate_times_pulse);
}

}  // namespace sttvp
