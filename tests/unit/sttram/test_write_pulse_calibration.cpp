// Calibration of the write model to the published anchors in REFERENCE.md, and the derived design
// points. Run
//   ./build-sttram/tests/unit/unit_sttram --gtest_filter='WriteDesignPoints.*'
// to print the fitted constants and the design-point table (for configs/, with provenance).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "models/sttram/RetentionModel.h"
#include "models/sttram/WritePulseCalibration.h"

namespace sttvp {
namespace {

constexpr double kYear = 365.25 * 86400.0;  // Julian year [s]

double delta_for(double retention_s) {
  RetentionParams p;
  p.attempt_time_s = 1e-9;  // REFERENCE.md
  p.reference_temperature_k = 300.0;
  return RetentionModel(p).delta_for_retention(retention_s, RetentionCriterion{});
}

// Anchors (REFERENCE.md): 10 ns pulse at 10 years (published); NVSim sample cell 40.82 uA at
// 5 ns, taken to lie on the 10-year cell's Ic curve (assumption); 3.6 ns at 1 s (derived table).
WriteCalibrationAnchors reference_anchors() {
  WriteCalibrationAnchors a;
  a.reference_delta = delta_for(10 * kYear);
  a.reference_pulse_s = 10e-9;
  a.probe_pulse_s = 5e-9;
  a.probe_current_a = 40.82e-6;
  a.relaxed_delta = delta_for(1.0);
  a.relaxed_pulse_s = 3.6e-9;
  return a;
}

// Chang et al. (HPCA 2013) 32 nm, 32 MB STT-RAM L3, nJ per 64 B write: 47.42 at 10 years, 20.25
// at 1 s: the pessimistic sensitivity case (configs/tech/sttram-32nm-chang2013.json).
const WriteEnergyAnchor kChangTenYears{delta_for(10 * kYear), 47.42e-9};
const WriteEnergyAnchor kChangOneSecond{delta_for(1.0), 20.25e-9};

// Inputs that are not fitted. The area only converts fitted currents to densities (illustrative
// 40 nm circle, not from REFERENCE.md). 4.2 GHz: Skylake turbo. 44 cycles: the REFERENCE table's
// 10-year write (86 cycles) minus its 10 ns pulse (42 cycles), equal to the SRAM LLC latency.
// 1.2 V and 0.94 nJ: the stated write voltage and periphery energy of
// configs/tech/sttram-32nm.json.
WritePulseParams base_params(double gamma) {
  WritePulseParams p;
  p.free_layer_area_m2 = 0.25 * 3.14159265358979 * 40e-9 * 40e-9;
  p.gamma = gamma;
  p.write_voltage_v = 1.2;
  p.periphery_energy_per_line_j = 0.94e-9;
  p.periphery_energy_per_bit_j = 0;
  p.bits_per_line = 512;
  p.clock_hz = 4.2e9;
  p.periphery_cycles = 44;
  return p;
}

struct TableRow {
  const char* name;
  double retention_s;
  double pulse_ns;  // REFERENCE.md table (derived)
  unsigned cycles;  // REFERENCE.md table (derived)
};

const TableRow kTable[] = {
    {"10 y", 10 * kYear, 10.0, 86}, {"1 s", 1.0, 3.6, 60},   {"100 ms", 100e-3, 3.2, 58},
    {"10 ms", 10e-3, 2.9, 57},      {"1 ms", 1e-3, 2.5, 55}, {"100 us", 100e-6, 2.2, 54},
};

TEST(WritePulseCalibration, PublishedAnchorsHoldExactly) {
  const WriteCalibrationAnchors a = reference_anchors();
  for (double gamma : {1.0, 0.5}) {
    const WritePulseModel m(WritePulseCalibration::fit(a, base_params(gamma)));
    EXPECT_NEAR(m.minimum_pulse_s(a.reference_delta) / 10e-9, 1.0, 1e-12);
    EXPECT_NEAR(m.critical_current_a(a.reference_delta, 5e-9) / 40.82e-6, 1.0, 1e-12);
    EXPECT_NEAR(m.minimum_pulse_s(a.relaxed_delta) / 3.6e-9, 1.0, 1e-12);
    EXPECT_EQ(m.design_point(a.reference_delta).write_cycles, 86u);
    EXPECT_EQ(m.design_point(a.relaxed_delta).write_cycles, 60u);
  }
}

TEST(WritePulseCalibration, FittedConstantsForGammaOne) {
  const WritePulseParams p = WritePulseCalibration::fit(reference_anchors(), base_params(1.0));
  const double area = p.free_layer_area_m2;
  EXPECT_NEAR(p.drive_current_a * 1e6, 33.608, 0.001);
  EXPECT_NEAR(area * p.jc0_per_delta_a_per_m2 * 1e6, 0.65513, 0.0001);  // uA per unit Delta
  EXPECT_NEAR(area * p.precession_coefficient * 1e15, 72.119, 0.01);    // fC
  // The energy inputs pass through unchanged.
  EXPECT_EQ(p.write_voltage_v, 1.2);
  EXPECT_EQ(p.periphery_energy_per_line_j, 0.94e-9);
}

// The line write energy by hand: periphery + 512 bits x V x I_drive x t_w. At 10 years the pulse is
// the 10 ns anchor and the cell draws I_drive = 33.608 uA: 0.94 nJ + 512 x 1.2 V x 33.608 uA x
// 10 ns = 0.94 + 0.20649 = 1.14649 nJ; at 1 s, 3.6 ns: 0.94 + 0.07434 = 1.01434 nJ.
TEST(WritePulseCalibration, LineEnergyIsPeripheryPlusCellEnergyByHand) {
  const WritePulseParams p = WritePulseCalibration::fit(reference_anchors(), base_params(1.0));
  const WritePulseModel m(p);
  const WriteDesignPoint ten_years = m.design_point(delta_for(10 * kYear));
  EXPECT_NEAR(ten_years.current_a * 1e6, 33.608, 0.001);
  EXPECT_NEAR(ten_years.line_energy_j, 0.94e-9 + 512 * 1.2 * p.drive_current_a * 10e-9, 1e-21);
  EXPECT_NEAR(ten_years.line_energy_j * 1e9, 1.1465, 0.0001);
  EXPECT_NEAR(m.design_point(delta_for(1.0)).line_energy_j * 1e9, 1.0143, 0.0001);
  // The cell term is a small part of a line write: 18 % at 10 years, 7 % at 1 s.
  EXPECT_NEAR(1 - 0.94e-9 / ten_years.line_energy_j, 0.180, 0.001);
}

TEST(WritePulseCalibration, ChangTableFitsOnlyWithAnEffectiveVoltageOfAbout247V) {
  const WritePulseParams p = WritePulseCalibration::fit_energy(
      kChangTenYears, kChangOneSecond,
      WritePulseCalibration::fit(reference_anchors(), base_params(1.0)));
  const WritePulseModel m(p);
  EXPECT_NEAR(m.design_point(kChangTenYears.delta).line_energy_j / 47.42e-9, 1.0, 1e-12);
  EXPECT_NEAR(m.design_point(kChangOneSecond.delta).line_energy_j / 20.25e-9, 1.0, 1e-12);
  EXPECT_NEAR(p.write_voltage_v, 246.7, 0.1);
  EXPECT_NEAR(p.periphery_energy_per_line_j * 1e9, 4.967, 0.001);
}

TEST(WritePulseCalibration, DesignPointsAreCloseToTheReferenceTable) {
  // gamma = 1 (precessional regime): pulses run long at low Delta compared with the REFERENCE
  // table, whose pulses follow exp(0.052 Delta). Bounds are the residuals stated in README.md.
  const WritePulseModel m(WritePulseCalibration::fit(reference_anchors(), base_params(1.0)));
  for (const TableRow& row : kTable) {
    const WriteDesignPoint p = m.design_point(delta_for(row.retention_s));
    EXPECT_NEAR(p.pulse_s * 1e9, row.pulse_ns, 0.6) << row.name;
    EXPECT_GE(p.pulse_s * 1e9, row.pulse_ns - 0.05) << row.name;
    EXPECT_LE(p.write_cycles, row.cycles + 2) << row.name;
    EXPECT_GE(p.write_cycles, row.cycles) << row.name;
  }
}

TEST(WritePulseCalibration, InconsistentAnchorsThrow) {
  const WritePulseParams base = base_params(1.0);
  WriteCalibrationAnchors a = reference_anchors();
  a.relaxed_pulse_s = 12e-9;  // a weaker cell cannot be slower at the same current
  EXPECT_THROW(WritePulseCalibration::fit(a, base), std::invalid_argument);
  a = reference_anchors();
  a.relaxed_delta = 45.0;
  EXPECT_THROW(WritePulseCalibration::fit(a, base), std::invalid_argument);
  a = reference_anchors();
  a.probe_pulse_s = 20e-9;
  EXPECT_THROW(WritePulseCalibration::fit(a, base), std::invalid_argument);
  a = reference_anchors();
  a.probe_current_a = 0;
  EXPECT_THROW(WritePulseCalibration::fit(a, base), std::invalid_argument);
}

TEST(WritePulseCalibration, InconsistentEnergyAnchorsThrow) {
  const WritePulseParams fitted = WritePulseCalibration::fit(reference_anchors(), base_params(1.0));
  WriteEnergyAnchor falling = kChangOneSecond;
  falling.line_energy_j = 50e-9;  // energy falling with a longer pulse
  EXPECT_THROW(WritePulseCalibration::fit_energy(kChangTenYears, falling, fitted),
               std::invalid_argument);
  EXPECT_THROW(WritePulseCalibration::fit_energy(kChangTenYears, kChangTenYears, fitted),
               std::invalid_argument);
  WritePulseParams per_bit = fitted;
  per_bit.periphery_energy_per_bit_j = 1e-11;  // 5.1 nJ per line: more than the fitted 4.97 nJ
  EXPECT_THROW(WritePulseCalibration::fit_energy(kChangTenYears, kChangOneSecond, per_bit),
               std::invalid_argument);
}

// Prints the constants and the table; always passes.
TEST(WriteDesignPoints, PrintTable) {
  RetentionParams rp;
  rp.attempt_time_s = 1e-9;
  rp.reference_temperature_k = 300.0;
  const RetentionModel retention(rp);
  RetentionCriterion line;
  line.definition = RetentionDefinition::kLineFailure;
  line.bits_per_line = 512;
  line.target_failure_probability = 1e-6;

  for (double gamma : {1.0, 0.5, 0.2}) {
    const WritePulseParams p = WritePulseCalibration::fit(reference_anchors(), base_params(gamma));
    const WritePulseModel m(p);
    const double area = p.free_layer_area_m2;
    std::printf("\n== write model, gamma = %.2f%s ==\n", gamma,
                gamma == 1.0 ? " (default, precessional regime)" : " (sensitivity)");
    std::printf("  drive_current_a                 %.9g   (I_drive = %.4f uA)\n", p.drive_current_a,
                p.drive_current_a * 1e6);
    std::printf("  A * jc0_per_delta               %.9g A per unit Delta\n",
                area * p.jc0_per_delta_a_per_m2);
    std::printf("  A * precession_coefficient      %.9g A s^gamma\n",
                area * p.precession_coefficient);
    std::printf("  free_layer_area_m2              %.9g (illustrative 40 nm circle)\n", area);
    std::printf("  jc0_per_delta_a_per_m2          %.9g  (Jc0 at 10 y: %.3f MA/cm^2)\n",
                p.jc0_per_delta_a_per_m2, p.jc0_per_delta_a_per_m2 * delta_for(10 * kYear) * 1e-10);
    std::printf("  precession_coefficient          %.9g A s^gamma / m^2\n",
                p.precession_coefficient);
    std::printf("  write_voltage_v                 %.9g (stated)\n", p.write_voltage_v);
    std::printf("  periphery_energy_per_line_j     %.9g\n", p.periphery_energy_per_line_j);
    std::printf("  clock_hz %.4g, periphery_cycles %u, bits_per_line %u\n", p.clock_hz,
                p.periphery_cycles, p.bits_per_line);
    std::printf("  %-7s %7s %9s | %8s %6s | %6s %4s | %8s %7s | %7s\n", "retent.", "Delta",
                "Delta(b)", "pulse ns", "ref", "cycles", "ref", "E nJ", "cell nJ", "I uA");
    for (const TableRow& row : kTable) {
      const double delta = delta_for(row.retention_s);
      const WriteDesignPoint d = m.design_point(delta);
      std::printf("  %-7s %7.3f %9.3f | %8.3f %6.1f | %6u %4u | %8.3f %7.3f | %7.3f\n", row.name,
                  delta, retention.delta_for_retention(row.retention_s, line), d.pulse_s * 1e9,
                  row.pulse_ns, d.write_cycles, row.cycles, d.line_energy_j * 1e9,
                  (d.line_energy_j - p.periphery_energy_per_line_j) * 1e9, d.current_a * 1e6);
    }
  }
  std::printf(
      "\n  Delta: definition (a), tau0 = 1 ns. Delta(b): line-failure definition, 512 bits, "
      "p = 1e-6.\n  ref: REFERENCE.md design-point table (derived values).\n");
}

}  // namespace
}  // namespace sttvp
