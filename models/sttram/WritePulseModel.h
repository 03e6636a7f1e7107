// Spin-transfer-torque write pulse of an MTJ cell in the precessional regime:
//
//   Ic(t_w) = A * (Jc0 + C / t_w^gamma),   Jc0 = jc0_per_delta * Delta
//
// A: free-layer cross-section; Jc0: critical current density for an infinitely long pulse, which
// at fixed damping and spin polarisation is proportional to the barrier, hence to Delta; C, gamma:
// precessional fitting constants (gamma about 1). A shorter pulse needs more current; a lower
// Delta needs less, which is why relaxed retention buys faster or cheaper writes.
//
// The access transistor supplies at most I_drive. The shortest pulse that switches is the one at
// which Ic(t_w) = I_drive:
//
//   t_w = ( C / (I_drive / A - Jc0) )^(1/gamma)       (exists only if I_drive > A * Jc0)
//
// Energy of writing one bit with a pulse t_w: V * Ic(t_w) * t_w plus a fixed per-bit periphery
// energy; a line: bits * (per bit) + a fixed per-line periphery energy. Write latency in cycles:
// the pulse rounded up to whole cycles plus fixed periphery cycles (decode, drivers, tag/ECC).
#pragma once

#include <cstdint>

namespace sttvp {

struct WritePulseParams {
  double free_layer_area_m2 = 0;           // A [m^2]
  double jc0_per_delta_a_per_m2 = 0;       // Jc0 / Delta [A/m^2 per unit Delta]
  double precession_coefficient = 0;       // C [A * s^gamma / m^2]
  double gamma = 1.0;                      // gamma [1], about 1 in the precessional regime
  double drive_current_a = 0;              // I_drive [A]: access transistor current budget
  double write_voltage_v = 0;              // V [V]: energy per unit switching charge (effective)
  double periphery_energy_per_bit_j = 0;   // [J] per written bit, independent of the pulse
  double periphery_energy_per_line_j = 0;  // [J] per written line, independent of the pulse
  std::uint32_t bits_per_line = 512;       // bits written per line write
  double clock_hz = 0;                     // core clock the latency is counted in [Hz]
  std::uint32_t periphery_cycles = 0;      // write latency excluding the pulse [cycles]
};

// One technology point: everything the LLC needs about writes at a given Delta.
struct WriteDesignPoint {
  double delta = 0;                // [1]
  double pulse_s = 0;              // shortest switching pulse at I_drive [s]
  double current_a = 0;            // cell current during the pulse (= I_drive) [A]
  std::uint32_t write_cycles = 0;  // periphery + pulse, in cycles of clock_hz
  double bit_energy_j = 0;         // [J]
  double line_energy_j = 0;        // [J]
};

class WritePulseModel {
 public:
  // Throws std::invalid_argument for non-finite or non-positive A, Jc0/Delta, C, gamma, I_drive,
  // clock or bits, or negative V / periphery energies.
  explicit WritePulseModel(const WritePulseParams& params);

  const WritePulseParams& params() const { return params_; }

  // Jc0 + C / t_w^gamma [A/m^2] and A times it [A].
  double critical_current_density(double delta, double pulse_s) const;
  double critical_current_a(double delta, double pulse_s) const;
  // A * Jc0: the long-pulse limit below which no pulse switches the cell [A].
  double long_pulse_current_a(double delta) const;

  bool can_switch(double delta, double current_a) const;
  // Shortest pulse that switches a cell of `delta` with `current_a`; throws std::invalid_argument
  // if the current does not exceed the long-pulse limit.
  double minimum_pulse_s(double delta, double current_a) const;
  double minimum_pulse_s(double delta) const;  // at I_drive

  // Energy with an explicit pulse; the cell draws Ic(t_w) during it.
  double bit_energy_j(double delta, double pulse_s) const;
  double line_energy_j(double delta, double pulse_s) const;

  // periphery_cycles + ceil(pulse * clock).
  std::uint32_t write_cycles(double pulse_s) const;

  // The shortest pulse at I_drive and what follows from it.
  WriteDesignPoint design_point(double delta) const;
  // What follows from a pulse chosen otherwise (e.g. to meet a write error rate) with the cell
  // driven at `current_a` during it.
  WriteDesignPoint design_point(double delta, double pulse_s, double current_a) const;

 private:
  double driven_bit_energy_j(double current_a, double pulse_s) const;

  WritePulseParams params_;
};

}  // namespace sttvp
