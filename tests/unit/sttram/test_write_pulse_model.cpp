#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "models/sttram/WritePulseModel.h"

namespace sttvp {
namespace {

// Round numbers chosen so that Ic(10 ns, Delta 40) = 20 uA (long-pulse) + 20 uA (precessional).
WritePulseParams round_params() {
  WritePulseParams p;
  p.free_layer_area_m2 = 1e-15;
  p.jc0_per_delta_a_per_m2 = 5e8;  // 0.5 uA per unit Delta
  p.precession_coefficient = 200;  // A*C = 2e-13 A s
  p.gamma = 1.0;
  p.drive_current_a = 40e-6;
  p.write_voltage_v = 1.0;
  p.periphery_energy_per_bit_j = 0;
  p.periphery_energy_per_line_j = 1e-9;
  p.bits_per_line = 512;
  p.clock_hz = 4e9;
  p.periphery_cycles = 44;
  return p;
}

TEST(WritePulseModel, CriticalCurrentFollowsTheEquation) {
  const WritePulseModel m(round_params());
  EXPECT_NEAR(m.critical_current_a(40.0, 10e-9), 40e-6, 1e-18);
  EXPECT_NEAR(m.critical_current_a(40.0, 5e-9), 60e-6, 1e-18);
  EXPECT_NEAR(m.critical_current_a(20.0, 10e-9), 30e-6, 1e-18);
  EXPECT_NEAR(m.long_pulse_current_a(40.0), 20e-6, 1e-18);
  EXPECT_NEAR(m.critical_current_density(40.0, 10e-9), 4e10, 1e-2);
}

TEST(WritePulseModel, MinimumPulseInvertsTheCurrent) {
  const WritePulseModel m(round_params());
  EXPECT_NEAR(m.minimum_pulse_s(40.0), 10e-9, 1e-21);
  EXPECT_NEAR(m.minimum_pulse_s(20.0), 2e-13 / 30e-6, 1e-21);  // 6.667 ns
  EXPECT_NEAR(m.minimum_pulse_s(40.0, 60e-6), 5e-9, 1e-21);
  WritePulseParams p = round_params();
  p.gamma = 0.7;
  const WritePulseModel g(p);
  for (double delta : {11.5, 20.7, 40.3}) {
    for (double current : {30e-6, 45e-6, 80e-6}) {
      if (!g.can_switch(delta, current)) continue;
      const double t = g.minimum_pulse_s(delta, current);
      EXPECT_NEAR(g.critical_current_a(delta, t) / current, 1.0, 1e-12);
    }
  }
}

TEST(WritePulseModel, EnergyIsVoltageTimesChargePlusPeriphery) {
  const WritePulseModel m(round_params());
  EXPECT_NEAR(m.bit_energy_j(40.0, 10e-9), 1.0 * 40e-6 * 10e-9, 1e-24);
  EXPECT_NEAR(m.line_energy_j(40.0, 10e-9), 1e-9 + 512 * 4e-13, 1e-21);
  const WriteDesignPoint p = m.design_point(40.0);
  EXPECT_NEAR(p.pulse_s, 10e-9, 1e-21);
  EXPECT_NEAR(p.current_a, 40e-6, 1e-15);
  EXPECT_NEAR(p.line_energy_j, 1e-9 + 512 * 4e-13, 1e-21);
  EXPECT_EQ(p.write_cycles, 44u + 40u);
}

TEST(WritePulseModel, WriteCyclesRoundUpButNotOnExactMultiples) {
  const WritePulseModel m(round_params());
  EXPECT_EQ(m.write_cycles(10e-9), 84u);    // exactly 40 cycles
  EXPECT_EQ(m.write_cycles(10.1e-9), 85u);  // 40.4 -> 41
  EXPECT_EQ(m.write_cycles(6.6667e-9), 71u);
  EXPECT_EQ(m.write_cycles(0.0), 44u);
  WritePulseParams p = round_params();
  p.clock_hz = 4.2e9;  // 10 ns * 4.2 GHz is 42.000000000000007 in doubles
  EXPECT_EQ(WritePulseModel(p).write_cycles(10e-9), 86u);
}

TEST(WritePulseModel, LowerDeltaWritesFasterAndCheaper) {
  const WritePulseModel m(round_params());
  WriteDesignPoint previous = m.design_point(10.0);
  for (double delta = 12.0; delta <= 60.0; delta += 2.0) {
    const WriteDesignPoint p = m.design_point(delta);
    EXPECT_GT(p.pulse_s, previous.pulse_s) << delta;
    EXPECT_GT(p.line_energy_j, previous.line_energy_j) << delta;
    EXPECT_GE(p.write_cycles, previous.write_cycles) << delta;
    previous = p;
  }
  // At a fixed pulse a lower Delta needs less current.
  EXPECT_LT(m.critical_current_a(20.0, 5e-9), m.critical_current_a(40.0, 5e-9));
}

TEST(WritePulseModel, UnswitchableCellThrows) {
  const WritePulseModel m(round_params());
  EXPECT_FALSE(m.can_switch(80.0, 40e-6));  // long-pulse limit 40 uA
  EXPECT_THROW(m.minimum_pulse_s(80.0), std::invalid_argument);
  EXPECT_THROW(m.design_point(100.0), std::invalid_argument);
  EXPECT_TRUE(m.can_switch(79.0, 40e-6));
}

TEST(WritePulseModel, RejectsImpossibleParameters) {
  const auto expect_throw = [](auto edit) {
    WritePulseParams p = round_params();
    edit(p);
    EXPECT_THROW(WritePulseModel{p}, std::invalid_argument);
  };
  expect_throw([](WritePulseParams& p) { p.free_layer_area_m2 = 0; });
  expect_throw([](WritePulseParams& p) { p.jc0_per_delta_a_per_m2 = -1; });
  expect_throw([](WritePulseParams& p) { p.precession_coefficient = 0; });
  expect_throw([](WritePulseParams& p) { p.gamma = 0; });
  expect_throw([](WritePulseParams& p) { p.drive_current_a = 0; });
  expect_throw([](WritePulseParams& p) { p.write_voltage_v = -1; });
  expect_throw([](WritePulseParams& p) { p.periphery_energy_per_line_j = -1e-9; });
  expect_throw([](WritePulseParams& p) { p.periphery_energy_per_bit_j = std::nan(""); });
  expect_throw([](WritePulseParams& p) { p.bits_per_line = 0; });
  expect_throw([](WritePulseParams& p) { p.clock_hz = 0; });
  const WritePulseModel m(round_params());
  EXPECT_THROW(m.critical_current_a(40.0, 0.0), std::invalid_argument);
  EXPECT_THROW(m.critical_current_a(-1.0, 1e-9), std::invalid_argument);
  EXPECT_THROW(m.write_cycles(-1e-9), std::invalid_argument);
}

}  // namespace
}  // namespace sttvp
