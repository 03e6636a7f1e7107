#include "models/sttram/MtjCell.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "models/sttram/ParameterCheck.h"

namespace sttvp {

MtjCell::MtjCell(const MtjParams& params) : params_(params) {
  require_positive(params.saturation_magnetization_a_per_m,
                   "MtjParams.saturation_magnetization_a_per_m");
  require_positive(params.anisotropy_field_a_per_m, "MtjParams.anisotropy_field_a_per_m");
  require_positive(params.free_layer_area_m2, "MtjParams.free_layer_area_m2");
  require_positive(params.free_layer_thickness_m, "MtjParams.free_layer_thickness_m");
}

double MtjCell::volume_m3() const {
  return params_.free_layer_area_m2 * params_.free_layer_thickness_m;
}

double MtjCell::energy_barrier_j() const {
  return 0.5 * kVacuumPermeabilityNPerA2 * params_.anisotropy_field_a_per_m *
         params_.saturation_magnetization_a_per_m * volume_m3();
}

double MtjCell::thermal_stability(double temperature_k) const {
  return thermal_stability(energy_barrier_j(), temperature_k);
}

double MtjCell::thermal_stability(double energy_barrier_j, double temperature_k) {
  require_positive(energy_barrier_j, "MTJ energy barrier [J]");
  require_positive(temperature_k, "temperature [K]");
  return energy_barrier_j / (kBoltzmannJPerK * temperature_k);
}

double MtjCell::energy_barrier_for(double delta, double temperature_k) {
  require_positive(delta, "thermal stability Delta");
  require_positive(temperature_k, "temperature [K]");
  return delta * kBoltzmannJPerK * temperature_k;
}

double MtjCell::area_for_delta_m2(double delta, double temperature_k) const {
  const double barrier = energy_barrier_for(delta, temperature_k);
  return 2.0 * barrier /
         (kVacuumPermeabilityNPerA2 * params_.anisotropy_field_a_per_m *
          params_.saturation_magnetization_a_per_m * params_.free_layer_thickness_m);
}

}  // namespace sttvp
