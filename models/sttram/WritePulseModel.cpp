#include "models/sttram/WritePulseModel.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "models/sttram/ParameterCheck.h"

namespace sttvp {

WritePulseModel::WritePulseModel(const WritePulseParams& params) : params_(params) {
  require_positive(params.free_layer_area_m2, "WritePulseParams.free_layer_area_m2");
  require_positive(params.jc0_per_delta_a_per_m2, "WritePulseParams.jc0_per_delta_a_per_m2");
  require_positive(params.precession_coefficient, "WritePulseParams.precession_coefficient");
  require_positive(params.gamma, "WritePulseParams.gamma");
  require_positive(params.drive_current_a, "WritePulseParams.drive_current_a");
  require_non_negative(params.write_voltage_v, "WritePulseParams.write_voltage_v");
  require_non_negative(params.periphery_energy_per_bit_j,
                       "WritePulseParams.periphery_energy_per_bit_j");
  require_non_negative(params.periphery_energy_per_line_j,
                       "WritePulseParams.periphery_energy_per_line_j");
  if (params.bits_per_line == 0) {
    throw std::invalid_argument("WritePulseParams.bits_per_line must be > 0");
  }
  require_positive(params.clock_hz, "WritePulseParams.clock_hz");
}

double WritePulseModel::critical_current_density(double delta, double pulse_s) const {
  require_positive(delta, "thermal stability Delta");
  require_positive(pulse_s, "write pulse width [s]");
  return params_.jc0_per_delta_a_per_m2 * delta +
         params_.precession_coefficient / std::pow(pulse_s, params_.gamma);
}

double WritePulseModel::critical_current_a(double delta, double pulse_s) const {
  return params_.free_layer_area_m2 * critical_current_density(delta, pulse_s);
}

double WritePulseModel::long_pulse_current_a(double delta) const {
  require_positive(delta, "thermal stability Delta");
  return params_.free_layer_area_m2 * params_.jc0_per_delta_a_per_m2 * delta;
}

bool WritePulseModel::can_switch(double delta, double current_a) const {
  return current_a > long_pulse_current_a(delta);
}

double WritePulseModel::minimum_pulse_s(double delta, double current_a) const {
  require_positive(current_a, "write current [A]");
  // Current density left for the precessional term once the long-pulse part is paid.
  const double excess =
      current_a / params_.free_layer_area_m2 - params_.jc0_per_delta_a_per_m2 * delta;
  if (!(excess > 0.0)) {
    throw std::invalid_argument("write current " + format_number(current_a * 1e6) +
                                " uA does not exceed the long-pulse critical current " +
                                format_number(long_pulse_current_a(delta) * 1e6) + " uA at Delta " +
                                format_number(delta) + ": no pulse switches the cell");
  }
  return std::pow(params_.precession_coefficient / excess, 1.0 / params_.gamma);
}

double WritePulseModel::minimum_pulse_s(double delta) const {
  return minimum_pulse_s(delta, params_.drive_current_a);
}

double WritePulseModel::bit_energy_j(double delta, double pulse_s) const {
  return driven_bit_energy_j(critical_current_a(delta, pulse_s), pulse_s);
}

double WritePulseModel::driven_bit_energy_j(double current_a, double pulse_s) const {
  return params_.periphery_energy_per_bit_j + params_.write_voltage_v * current_a * pulse_s;
}

double WritePulseModel::line_energy_j(double delta, double pulse_s) const {
  return params_.periphery_energy_per_line_j + params_.bits_per_line * bit_energy_j(delta, pulse_s);
}

std::uint32_t WritePulseModel::write_cycles(double pulse_s) const {
  require_non_negative(pulse_s, "write pulse width [s]");
  const double cycles = pulse_s * params_.clock_hz;
  // A pulse that is a whole number of cycles up to floating-point rounding (10 ns at 4.2 GHz is
  // 42.000000000000007) must not round up to an extra cycle; 1e-9 relative is far below any
  // physical tolerance.
  const double whole = std::ceil(cycles * (1.0 - 1e-9));
  if (whole > 4.0e9)
    throw std::invalid_argument("write pulse of " + format_number(pulse_s) +
                                " s is too long to count in cycles");
  return params_.periphery_cycles + static_cast<std::uint32_t>(whole);
}

WriteDesignPoint WritePulseModel::design_point(double delta) const {
  const double pulse_s = minimum_pulse_s(delta);
  return design_point(delta, pulse_s, critical_current_a(delta, pulse_s));
}

WriteDesignPoint WritePulseModel::design_point(double delta, double pulse_s,
                                               double current_a) const {
  require_non_negative(current_a, "write current [A]");
  WriteDesignPoint point;
  point.delta = delta;
  point.pulse_s = pulse_s;
  point.current_a = current_a;
  point.write_cycles = write_cycles(pulse_s);
  point.bit_energy_j = driven_bit_energy_j(current_a, pulse_s);
  point.line_energy_j =
      params_.periphery_energy_per_line_j + params_.bits_per_line * point.bit_energy_j;
  return point;
}

}  // namespace sttvp
