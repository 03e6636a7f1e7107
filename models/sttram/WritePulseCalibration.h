// Fits the write-pulse constants of WritePulseModel to published anchor points, so that every
// anchor holds exactly (up to rounding); optionally also an effective write energy law to two
// published line energies (a sensitivity case: the default energy is V * Ic * t_w per bit with a
// stated V plus a stated periphery energy, not a fit).
//
// Current and pulse (three anchors, linear in the unknowns I0' = A * jc0_per_delta,
// Q = A * C and I_drive):
//   reference cell (Delta_r) switches in t_r at I_drive:    I0' Delta_r + Q t_r^-g = I_drive
//   the same cell needs I_p at a probe pulse t_p:           I0' Delta_r + Q t_p^-g = I_p
//   a relaxed cell (Delta_x) switches in t_x at I_drive:    I0' Delta_x + Q t_x^-g = I_drive
// gamma (g) is an input. The first two alone leave the split between the long-pulse term and the
// precessional term free; the relaxed-cell pulse fixes it.
//
// Energy (fit_energy; two anchors, linear in V and the per-line periphery energy E_L, with the
// per-bit periphery energy an input): E_line(Delta) = E_L + n * (E_bit + V * I_drive * t_w(Delta)).
// Fitted to a table whose per-bit energy is far above any cell's V * I * t, V comes out as an
// energy per unit switching charge of the whole write path, not a voltage.
#pragma once

#include "models/sttram/WritePulseModel.h"

namespace sttvp {

struct WriteEnergyAnchor {
  double delta = 0;          // [1]
  double line_energy_j = 0;  // energy of one line write at this Delta [J]
};

struct WriteCalibrationAnchors {
  double reference_delta = 0;    // Delta_r, e.g. the 10-year cell [1]
  double reference_pulse_s = 0;  // t_r: its pulse at I_drive [s]
  double probe_pulse_s = 0;      // t_p: another pulse on the reference cell's Ic curve [s]
  double probe_current_a = 0;    // I_p = Ic(t_p) of the reference cell [A]
  double relaxed_delta = 0;      // Delta_x < Delta_r [1]
  double relaxed_pulse_s = 0;    // t_x: its pulse at the same I_drive [s]
};

class WritePulseCalibration {
 public:
  // Returns `base` with jc0_per_delta_a_per_m2, precession_coefficient and drive_current_a
  // replaced by the fitted values; everything else (free_layer_area_m2, gamma, write_voltage_v,
  // the periphery energies, bits_per_line, clock_hz, periphery_cycles) is taken from `base`.
  // Throws std::invalid_argument if the anchors are malformed or imply a non-positive current.
  static WritePulseParams fit(const WriteCalibrationAnchors& anchors, const WritePulseParams& base);

  // Returns `fitted` (the result of fit) with write_voltage_v and periphery_energy_per_line_j
  // chosen so that both line energies hold. Throws std::invalid_argument if the anchors share a
  // Delta, or imply a non-positive V or a negative per-line periphery energy.
  static WritePulseParams fit_energy(const WriteEnergyAnchor& a, const WriteEnergyAnchor& b,
                                     const WritePulseParams& fitted);
};

}  // namespace sttvp
