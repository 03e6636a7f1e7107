// Write error rate of an STT-RAM cell: the probability that a write pulse leaves a bit unswitched.
//
// A macrospin free layer starts from a thermally distributed angle (mean square ~ 1/(2 Delta));
// spin torque at I > Ic0 grows the angle exponentially with the rate 2(i - 1)/tau_D, i = I/Ic0.
// A pulse of t_w fails when the initial angle was too small to reach the equator, which gives the
// closed form (thermally distributed initial angle; Sun 2004, He, Sun, Zhang 2007, the regime
// Butler et al., IEEE Trans. Magn. 48(12) 2012 treat with the Fokker-Planck equation):
//
//   WER(t_w, i) = 1 - exp( -(pi^2 Delta / 4) (i - 1) / (i e^{2 (i - 1) t_w / tau_D} - 1) )
//
// and its inverse, the pulse that meets a target WER:
//
//   t_w = tau_D / (2 (i - 1)) ln( (1 + pi^2 Delta (i - 1) / (4 (-ln(1 - WER)))) / i )
//
// Delta is the thermal stability at the operating temperature (it sets the initial angle);
// Ic0 = 4 alpha e E_b / (hbar eta) grows with the barrier E_b, given here in units of k_B T0.
#pragma once

namespace sttvp {

struct WriteErrorParams {
  double tau_d_s = 0;            // tau_D = (1 + alpha^2) / (alpha gamma0 mu0 Hk) [s]
  double ic0_per_barrier_a = 0;  // Ic0 per unit barrier, barrier in k_B T0 [A]
  double drive_current_a = 0;    // I: the write driver's current [A]
};

class WriteErrorModel {
 public:
  // Throws std::invalid_argument unless every field is finite and > 0.
  explicit WriteErrorModel(const WriteErrorParams& params);

  const WriteErrorParams& params() const { return params_; }

  // i = I / Ic0 for a cell whose barrier is `barrier` k_B T0.
  double current_ratio(double barrier) const;

  // Per-bit WER of a pulse `pulse_s` at thermal stability `delta` and current ratio `ratio` > 1.
  static double bit_error_rate(double delta, double ratio, double pulse_s, double tau_d_s);
  // The pulse whose per-bit WER is `wer`; throws std::invalid_argument if ratio <= 1 or if even a
  // zero-length pulse meets `wer` (wer >= 1 - exp(-pi^2 Delta / 4)).
  static double pulse_for_error_rate(double delta, double ratio, double wer, double tau_d_s);

 private:
  WriteErrorParams params_;
};

}  // namespace sttvp
