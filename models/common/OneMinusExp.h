// 1 - e^-x for x >= 0, inline and without a C library call: the failure probability of a
// Poisson process of rate r after time t (x = r t), evaluated on every STT-RAM read hit, where a
// call to expm1 would cost more than the rest of the hit's retention work.
//
// Accuracy: within a few units in the last place of -expm1(-x) over [0, inf), including
// x ~ 1e-20, where 1 - exp(-x) would lose every digit. Two ranges:
//   x < ln2/2:  the alternating Taylor series x - x^2/2! + x^3/3! - ..., to x^14 (the first
//               omitted term is below 1.2e-17 of the sum);
//   x >= ln2/2: e^-x = 2^-k e^-r with k = round(x / ln 2), |r| <= ln2/2 (ln 2 split in two so
//               that k ln 2 is exact), e^-r by its Taylor series to r^13, and 1 - e^-x, which
//               cancels nothing since e^-x <= 0.71. Above x = 38, e^-x < 2^-54: the result is 1.
#pragma once

#include <cstdint>
#include <cstring>

namespace sttvp {

namespace one_minus_exp_detail {
// 1/n, so that the series multiplies (a division by a constant stays a division).
inline constexpr double kInverse[15] = {0,        1.0,      1.0 / 2,  1.0 / 3,  1.0 / 4,
                                        1.0 / 5,  1.0 / 6,  1.0 / 7,  1.0 / 8,  1.0 / 9,
                                        1.0 / 10, 1.0 / 11, 1.0 / 12, 1.0 / 13, 1.0 / 14};
}  // namespace one_minus_exp_detail

inline double one_minus_exp(double x) {
  using one_minus_exp_detail::kInverse;
  constexpr double kHalfLn2 = 0.34657359027997264;
  if (!(x >= kHalfLn2)) {
    // x (1 - x/2 (1 - x/3 (1 - ... (1 - x/14)))): Horner on the ratios of successive terms.
    double s = 1.0;
    for (int n = 14; n >= 2; --n) s = 1.0 - x * s * kInverse[n];
    return x * s;
  }
  if (x >= 38.0) return 1.0;
  constexpr double kInvLn2 = 1.4426950408889634;
  constexpr double kLn2Hi = 0.693147180369123816490;  // 32 significant bits: k * kLn2Hi is exact
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  const int k = static_cast<int>(x * kInvLn2 + 0.5);
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;  // |r| <= ln2/2 (up to rounding)
  double e = 1.0;
  for (int n = 13; n >= 1; --n) e = 1.0 - r * e * kInverse[n];  // e^-r
  // 2^-k as a double built from its exponent bits (k <= 55, a normal number).
  const std::uint64_t bits = static_cast<std::uint64_t>(1023 - k) << 52;
  double scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return 1.0 - e * scale;
}

}  // namespace sttvp
