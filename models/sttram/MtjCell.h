// Thermal stability of a perpendicular MTJ free layer (single-domain, Stoner–Wohlfarth barrier).
//
//   E_b = mu0 * Hk * Ms * V / 2      energy barrier between the two stable states [J]
//   Delta = E_b / (k_B * T)          thermal stability factor [1]
//
// Hk is the effective anisotropy field expressed as H (A/m; mu0*Hk is the field in tesla), Ms the
// saturation magnetisation (A/m), V = area * thickness the free-layer volume. Relaxing retention
// (Smullen et al., HPCA 2011) means shrinking V, mainly the planar area, so Delta falls in
// proportion.
#pragma once

namespace sttvp {

struct MtjParams {
  double saturation_magnetization_a_per_m = 0;  // Ms [A/m]
  double anisotropy_field_a_per_m = 0;          // Hk [A/m] (effective, as H)
  double free_layer_area_m2 = 0;                // planar cross-section A [m^2]
  double free_layer_thickness_m = 0;            // thickness t_F [m]
};

class MtjCell {
 public:
  // Exact SI value (2019 redefinition).
  static constexpr double kBoltzmannJPerK = 1.380649e-23;
  // CODATA 2018 (mu0 is no longer exactly 4*pi*1e-7 since 2019; they differ by 5e-10 relative).
  static constexpr double kVacuumPermeabilityNPerA2 = 1.25663706212e-6;

  // Throws std::invalid_argument unless every field is finite and > 0.
  explicit MtjCell(const MtjParams& params);

  const MtjParams& params() const { return params_; }
  double volume_m3() const;
  double energy_barrier_j() const;
  double thermal_stability(double temperature_k) const;

  // Delta of a barrier at a temperature, and the barrier needed for a Delta.
  static double thermal_stability(double energy_barrier_j, double temperature_k);
  static double energy_barrier_for(double delta, double temperature_k);
  // Planar area that gives `delta` at `temperature_k` with this cell's Ms, Hk and thickness.
  double area_for_delta_m2(double delta, double temperature_k) const;

 private:
  MtjParams params_;
};

}  // namespace sttvp
