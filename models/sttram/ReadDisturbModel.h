// Read disturb of an STT-RAM cell: the read current I_r flows through the MTJ and, in the
// direction that favours the opposite state, lowers the barrier; thermal activation over the
// lowered barrier during the read pulse t_r flips the cell (Neel-Brown with spin-transfer torque):
//
//   P_bit = 1 - exp( -(t_r / tau0) exp(-Delta (1 - I_r/Ic0)^b) )
//
// b = 2 from Fokker-Planck theory (Taniguchi and Imamura), b = 1 in older in-plane work. Only
// cells in the state the read current destabilises can flip (`prone_fraction` of the bits).
// With process variation, Delta ~ N(mu, sigma^2) per cell, the mean flip rate is exact for a
// normal: E[exp(-c Delta)] = exp(-c mu + c^2 sigma^2 / 2), c = (1 - I_r/Ic0)^b.
#pragma once

namespace sttvp {

struct ReadDisturbParams {
  double read_current_ratio = 0;  // I_r / Ic0, in [0, 1)
  double read_pulse_s = 0;        // t_r [s]
  double attempt_time_s = 0;      // tau0 [s]
  double exponent = 2;            // b
  double prone_fraction = 1;      // share of bits in the state the read current destabilises
};

class ReadDisturbModel {
 public:
  // Throws std::invalid_argument for a ratio outside [0, 1), a non-positive pulse, attempt time
  // or exponent, or a prone fraction outside [0, 1].
  explicit ReadDisturbModel(const ReadDisturbParams& params);

  const ReadDisturbParams& params() const { return params_; }

  // Probability that one read flips a given bit (prone or not, i.e. including prone_fraction), for
  // cells of Delta ~ N(delta, sigma^2) (sigma 0: all equal).
  double bit_probability(double delta, double sigma = 0) const;

 private:
  ReadDisturbParams params_;
};

}  // namespace sttvp
