#include <gtest/gtest.h>

#include <stdexcept>

#include "models/sttram/MtjCell.h"

namespace sttvp {
namespace {

MtjParams example_cell() {
  MtjParams p;
  p.saturation_magnetization_a_per_m = 1.0e6;
  p.anisotropy_field_a_per_m = 2.0e5;
  p.free_layer_area_m2 = 1.0e-15;
  p.free_layer_thickness_m = 1.5e-9;
  return p;
}

TEST(MtjCell, BarrierAndDeltaMatchHandComputation) {
  const MtjCell cell(example_cell());
  EXPECT_DOUBLE_EQ(cell.volume_m3(), 1.5e-24);
  // E_b = mu0 Hk Ms V / 2 = 0.5 * 1.25663706212e-6 * 2e5 * 1e6 * 1.5e-24
  EXPECT_NEAR(cell.energy_barrier_j(), 1.88495559318e-19, 1e-29);
  EXPECT_NEAR(cell.thermal_stability(300.0), 45.50892595149093, 1e-9);
}

TEST(MtjCell, DeltaScalesInverselyWithTemperatureAndLinearlyWithArea) {
  const MtjCell cell(example_cell());
  EXPECT_NEAR(cell.thermal_stability(350.0), cell.thermal_stability(300.0) * 300.0 / 350.0, 1e-12);
  MtjParams half = example_cell();
  half.free_layer_area_m2 *= 0.5;
  EXPECT_NEAR(MtjCell(half).thermal_stability(300.0), 0.5 * cell.thermal_stability(300.0), 1e-12);
}

TEST(MtjCell, AreaForDeltaInvertsTheBarrier) {
  const MtjCell cell(example_cell());
  const double area = cell.area_for_delta_m2(20.72, 300.0);
  MtjParams p = example_cell();
  p.free_layer_area_m2 = area;
  EXPECT_NEAR(MtjCell(p).thermal_stability(300.0), 20.72, 1e-12);
  EXPECT_NEAR(MtjCell::thermal_stability(MtjCell::energy_barrier_for(40.29, 330.0), 330.0), 40.29,
              1e-12);
}

TEST(MtjCell, RejectsImpossibleParameters) {
  for (int field = 0; field < 4; ++field) {
    MtjParams p = example_cell();
    double* values[] = {&p.saturation_magnetization_a_per_m, &p.anisotropy_field_a_per_m,
                        &p.free_layer_area_m2, &p.free_layer_thickness_m};
    *values[field] = 0.0;
    EXPECT_THROW(MtjCell{p}, std::invalid_argument) << "field " << field;
    *values[field] = -1.0;
    EXPECT_THROW(MtjCell{p}, std::invalid_argument) << "field " << field;
  }
  const MtjCell cell(example_cell());
  EXPECT_THROW(cell.thermal_stability(0.0), std::invalid_argument);
  EXPECT_THROW(MtjCell::energy_barrier_for(-1.0, 300.0), std::invalid_argument);
}

}  // namespace
}  // namespace sttvp
