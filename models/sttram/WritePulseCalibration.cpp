#include "models/sttram/WritePulseCalibration.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "models/sttram/ParameterCheck.h"

namespace sttvp {

WritePulseParams WritePulseCalibration::fit(const WriteCalibrationAnchors& anchors,
                                            const WritePulseParams& base) {
  require_positive(anchors.reference_delta, "WriteCalibrationAnchors.reference_delta");
  require_positive(anchors.reference_pulse_s, "WriteCalibrationAnchors.reference_pulse_s");
  require_positive(anchors.probe_pulse_s, "WriteCalibrationAnchors.probe_pulse_s");
  require_positive(anchors.probe_current_a, "WriteCalibrationAnchors.probe_current_a");
  require_positive(anchors.relaxed_delta, "WriteCalibrationAnchors.relaxed_delta");
  require_positive(anchors.relaxed_pulse_s, "WriteCalibrationAnchors.relaxed_pulse_s");
  require_positive(base.free_layer_area_m2, "WritePulseParams.free_layer_area_m2");
  require_positive(base.gamma, "WritePulseParams.gamma");

  // A cell with a lower barrier must switch faster at the same current, and the reference cell
  // needs more current for a shorter probe pulse; anything else has no positive solution.
  if (!(anchors.relaxed_delta < anchors.reference_delta &&
        anchors.relaxed_pulse_s < anchors.reference_pulse_s)) {
    throw std::invalid_argument(
        "WriteCalibrationAnchors: the relaxed cell needs a lower Delta and a shorter pulse than "
        "the reference cell (got Delta " +
        format_number(anchors.relaxed_delta) + " vs " + format_number(anchors.reference_delta) +
        ", pulse " + format_number(anchors.relaxed_pulse_s) + " vs " +
        format_number(anchors.reference_pulse_s) + " s)");
  }
  if (!(anchors.probe_pulse_s < anchors.reference_pulse_s)) {
    throw std::invalid_argument(
        "WriteCalibrationAnchors.probe_pulse_s must be shorter than reference_pulse_s");
  }

  const double g = base.gamma;
  const double s_r = std::pow(anchors.reference_pulse_s, -g);
  const double s_p = std::pow(anchors.probe_pulse_s, -g);
  const double s_x = std::pow(anchors.relaxed_pulse_s, -g);
  const double d_r = anchors.reference_delta;
  const double d_x = anchors.relaxed_delta;

  // Elimination of the 3x3 system in the header: (1)-(3) gives I0' in terms of Q, (2)-(1) gives
  // I_drive in terms of Q, and (2) then fixes Q.
  const double i0_per_q = (s_x - s_r) / (d_r - d_x);
  const double q = anchors.probe_current_a / (i0_per_q * d_r + s_p);
  const double i0_per_delta = i0_per_q * q;
  const double drive = anchors.probe_current_a - q * (s_p - s_r);
  if (!(q > 0.0 && i0_per_delta > 0.0 && drive > 0.0)) {
    throw std::invalid_argument("WriteCalibrationAnchors give no positive current constants");
  }

  WritePulseParams out = base;
  out.jc0_per_delta_a_per_m2 = i0_per_delta / base.free_layer_area_m2;
  out.precession_coefficient = q / base.free_layer_area_m2;
  out.drive_current_a = drive;
  return out;
}

WritePulseParams WritePulseCalibration::fit_energy(const WriteEnergyAnchor& a,
                                                   const WriteEnergyAnchor& b,
                                                   const WritePulseParams& fitted) {
  require_positive(a.delta, "WriteEnergyAnchor.delta");
  require_positive(a.line_energy_j, "WriteEnergyAnchor.line_energy_j");
  require_positive(b.delta, "WriteEnergyAnchor.delta");
  require_positive(b.line_energy_j, "WriteEnergyAnchor.line_energy_j");
  // Pulses at the two energy anchors under the fitted current law.
  const WritePulseModel pulses(fitted);
  const double t_a = pulses.minimum_pulse_s(a.delta);
  const double t_b = pulses.minimum_pulse_s(b.delta);
  if (!(std::fabs(t_a - t_b) > 0.0)) {
    throw std::invalid_argument("WriteEnergyAnchor: the two energy anchors need different Delta");
  }
  const double n = static_cast<double>(fitted.bits_per_line);
  // E_line = E_L + n E_bit + n V I_drive t_w: the slope in t_w gives V, the intercept E_L.
  const double slope = (a.line_energy_j - b.line_energy_j) / (t_a - t_b);
  WritePulseParams out = fitted;
  out.write_voltage_v = slope / (n * fitted.drive_current_a);
  out.periphery_energy_per_line_j =
      a.line_energy_j - n * fitted.periphery_energy_per_bit_j - slope * t_a;
  if (!(out.write_voltage_v > 0.0)) {
    throw std::invalid_argument(
        "WriteEnergyAnchor: line energy must grow with the pulse (fitted V = " +
        format_number(out.write_voltage_v) + " V)");
  }
  if (!(out.periphery_energy_per_line_j >= 0.0)) {
    throw std::invalid_argument(
        "WriteEnergyAnchor: fitted per-line periphery energy is negative (" +
        format_number(out.periphery_energy_per_line_j) + " J); lower periphery_energy_per_bit_j");
  }
  return out;
}

}  // namespace sttvp
