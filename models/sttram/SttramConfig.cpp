#include "models/sttram/SttramConfig.h"

#include <cmath>
#include <stdexcept>

namespace sttvp {

std::string SttramConfig::definition_name() const {
  return kRetentionDefinitions.name(criterion.definition);
}

SttramConfig SttramConfig::parse(ConfigNode node, double clock_ghz, unsigned line_bytes) {
  SttramConfig c;
  c.retention_s = node.real("retention_s", 1e-9, 1e12);
  c.criterion.definition = kRetentionDefinitions.read(node, "retention_definition",
                                                      RetentionDefinition::kMeanTimeToFlip);
  c.criterion.bits_per_line = line_bytes * 8;
  c.criterion.target_failure_probability = node.real("target_line_failure", 1e-300, 0.999, 1e-6);
  c.sigma_fraction = node.real("variation_sigma_fraction", 0, 0.5, 0);
  c.weak_cells = static_cast<unsigned>(node.u64("weak_cells", 1, kMaxWeakCells, 8));
  c.read_cycles = node.real("read_cycles", 0, 1e6);
  c.latency_offset_cycles = node.real("latency_offset_cycles", 0, 1e6, 0);
  c.bank_read_busy_cycles = node.real("bank_read_busy_cycles", 0, 1e6);
  c.read_nj = node.real("read_nj", 0, 1e6);
  c.leakage_mw_per_mib = node.real("leakage_mw_per_mib", 0, 1e6);

  ConfigNode cell = node.child("cell");
  c.cell.attempt_time_s = cell.real("attempt_time_s", 1e-15, 1);
  c.cell.reference_temperature_k = cell.real("reference_temperature_k", 1, 2000);
  c.cell.ms_exponent = cell.real("ms_exponent", 0, 10, 0);
  c.cell.curie_temperature_k = cell.real("curie_temperature_k", 0, 5000, 0);
  cell.finish();
  c.temperature_k = node.real("temperature_k", 1, 2000);

  // Write errors (WriteErrorModel): pulse dynamics, the driver, and the per-bit target. Without
  // the object, write errors are not modelled.
  if (node.has("write_errors")) {
    ConfigNode we = node.child("write_errors");
    c.write_errors = we.boolean("enabled");
    c.wer.tau_d_s = we.real("tau_d_s", 1e-12, 1e-6);
    c.wer.ic0_per_barrier_a = we.real("ic0_per_barrier_a", 1e-12, 1);
    c.wer.drive_current_a = we.real("drive_current_a", 1e-9, 1);
    c.target_bit_wer = we.real("target_bit_wer", 1e-300, 0.5);
    we.finish();
  }
  // Read disturb (ReadDisturbModel); without the object, not modelled.
  if (node.has("read_disturb")) {
    ConfigNode rd = node.child("read_disturb");
    c.read_disturb = rd.boolean("enabled");
    c.disturb.read_current_ratio = rd.real("read_current_ratio", 0, 0.999);
    c.disturb.read_pulse_s = rd.real("read_pulse_s", 1e-12, 1e-6);
    c.disturb.exponent = rd.real("exponent", 0.1, 10);
    c.disturb.prone_fraction = rd.real("prone_fraction", 0, 1);
    c.disturb.attempt_time_s = c.cell.attempt_time_s;
    rd.finish();
  }

  ConfigNode w = node.child("write");
  c.pulse_source = kWritePulseSources.read(w, "pulse", WritePulseSource::kCurrentFit);
  if (c.pulse_source == WritePulseSource::kWerTarget && !node.has("write_errors"))
    w.fail("pulse", "wer_target needs the llc.sttram.write_errors object (driver and target)");
  WritePulseParams base;
  base.free_layer_area_m2 = w.real("free_layer_area_m2", 1e-20, 1e-10);
  base.gamma = w.real("gamma", 0.01, 5);
  base.bits_per_line = line_bytes * 8;
  base.periphery_energy_per_bit_j = w.real("periphery_energy_per_bit_j", 0, 1e-6, 0);
  base.clock_hz = clock_ghz * 1e9;
  base.periphery_cycles = static_cast<std::uint32_t>(w.u64("periphery_cycles", 0, 100000));
  WriteCalibrationAnchors a;
  a.reference_delta = w.real("reference_delta", 1, 200);
  a.reference_pulse_s = w.real("reference_pulse_s", 1e-12, 1e-3);
  a.probe_pulse_s = w.real("probe_pulse_s", 1e-12, 1e-3);
  a.probe_current_a = w.real("probe_current_a", 1e-9, 1);
  a.relaxed_delta = w.real("relaxed_delta", 1, 200);
  a.relaxed_pulse_s = w.real("relaxed_pulse_s", 1e-12, 1e-3);
  // Line energy: cell (V * Ic(t_w) * t_w per bit) plus stated periphery energies; or, as a
  // sensitivity case, an effective law fitted through two published line energies.
  const bool energy_fit = w.has("energy_line_j_a");
  WriteEnergyAnchor energy_a, energy_b;
  if (energy_fit) {
    energy_a.delta = w.real("energy_delta_a", 1, 200);
    energy_a.line_energy_j = w.real("energy_line_j_a", 1e-15, 1e-3);
    energy_b.delta = w.real("energy_delta_b", 1, 200);
    energy_b.line_energy_j = w.real("energy_line_j_b", 1e-15, 1e-3);
  } else {
    base.write_voltage_v = w.real("write_voltage_v", 0.05, 5);
    base.periphery_energy_per_line_j = w.real("periphery_energy_per_line_j", 0, 1e-6);
  }
  w.finish();

  try {
    // The design point is defined at the operating temperature: its retention is the one it has
    // while running, so Delta = E_b / (k_B T) at T meets it.
    c.delta = RetentionModel(c.cell).delta_for_retention(c.retention_s, c.criterion);
    c.write = WritePulseCalibration::fit(a, base);
    if (energy_fit) c.write = WritePulseCalibration::fit_energy(energy_a, energy_b, c.write);
    // The critical current grows with the barrier, Ic0 = 4 alpha e E_b / (hbar eta), and the
    // write law counts barriers in units of k_B T0 (its anchors are quoted at T0): a cell of
    // Delta at T has E_b = Delta k_B T, i.e. Delta T / T0 in those units.
    c.write_delta = c.delta * c.temperature_k / c.cell.reference_temperature_k;
    const WritePulseModel pulse_model(c.write);
    if (c.pulse_source == WritePulseSource::kWerTarget) {
      // The driver's current at the cell's barrier; the pulse just long enough for the target.
      const WriteErrorModel errors(c.wer);
      c.write_current_ratio = errors.current_ratio(c.write_delta);
      const double pulse = WriteErrorModel::pulse_for_error_rate(c.delta, c.write_current_ratio,
                                                                 c.target_bit_wer, c.wer.tau_d_s);
      c.design = pulse_model.design_point(c.write_delta, pulse, c.wer.drive_current_a);
    } else {
      // The fitted law's own long-pulse critical current is the Ic0 of its drive current.
      c.design = pulse_model.design_point(c.write_delta);
      c.write_current_ratio = c.design.current_a / pulse_model.long_pulse_current_a(c.write_delta);
    }
    if (node.has("write_errors"))
      c.bit_wer = WriteErrorModel::bit_error_rate(c.delta, c.write_current_ratio, c.design.pulse_s,
                                                  c.wer.tau_d_s);
    if (node.has("read_disturb"))
      c.disturb_bit_p =
          ReadDisturbModel(c.disturb).bit_probability(c.delta, c.sigma_fraction * c.delta);
  } catch (const std::invalid_argument& e) {
    node.fail("", std::string("inconsistent STT-RAM parameters: ") + e.what());
  }
  // The device write latency counts from the core; the cycles before the LLC are already counted.
  c.write_cycles = std::max(0.0, c.design.write_cycles - c.latency_offset_cycles);
  c.bank_write_busy_cycles = std::ceil(c.design.pulse_s * clock_ghz * 1e9);
  c.write_nj = c.design.line_energy_j * 1e9;
  node.finish();
  return c;
}

}  // namespace sttvp
