// Counter-based random numbers: every draw is a pure function of (seed, key1, key2, counter), so a
// model can re-derive the randomness of any object (an LLC line keyed by (set, way), a fault
// event keyed by its residency) on demand, in any order, without storing generator state.
//
// Construction: a stream key is hashed from (seed, key1, key2) with the SplitMix64 finaliser;
// draw number c of that stream is finalise(key + (c + 1) * golden_gamma), i.e. the SplitMix64
// sequence started at the stream key. For fixed keys the draws are a bijection of the counter, so
// a stream never repeats within 2^64 draws. fork(tag) derives an independent generator for
// another purpose (domain separation), so e.g. cell strengths and flip events never share draws.
//
// Determinism: the 64-bit integer draws are identical on every platform. Conversions to double
// are exact (a 52-bit integer scaled by a power of two). Normal deviates go through log, sqrt,
// exp and erfc from the C library and may differ in the last bits between C libraries or between
// builds with and without FMA contraction; they are deterministic for a given build.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace sttvp {

class CounterRng {
 public:
  explicit constexpr CounterRng(std::uint64_t seed) : seed_(seed) {}

  constexpr std::uint64_t seed() const { return seed_; }

  // SplitMix64 finaliser (Stafford's mix 13): a bijection of 64-bit words with full avalanche.
  static constexpr std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  // An independent generator for another purpose; distinct tags give unrelated draws.
  constexpr CounterRng fork(std::uint64_t tag) const {
    return CounterRng(mix(mix(seed_ ^ kForkSalt) + tag * kGolden));
  }

  // The key of stream (key1, key2): a bijection of key1 for fixed key2 and vice versa.
  constexpr std::uint64_t stream_key(std::uint64_t key1, std::uint64_t key2) const {
    return mix(mix(mix(seed_ ^ kSeedSalt) ^ key1) + key2 * kGolden);
  }

  // Draw number `counter` of stream (key1, key2).
  constexpr std::uint64_t bits(std::uint64_t key1, std::uint64_t key2,
                               std::uint64_t counter) const {
    return mix(stream_key(key1, key2) + (counter + 1) * kGolden);
  }
  double uniform(std::uint64_t key1, std::uint64_t key2, std::uint64_t counter) const {
    return to_open_unit(bits(key1, key2, counter));
  }
  double normal(std::uint64_t key1, std::uint64_t key2, std::uint64_t counter) const {
    return standard_normal(to_open_unit(bits(key1, key2, counter)));
  }

  // Sequential access to one stream, starting at a given counter.
  class Stream {
   public:
    constexpr Stream(std::uint64_t key, std::uint64_t counter) : key_(key), counter_(counter) {}

    // Counter of the next draw.
    constexpr std::uint64_t counter() const { return counter_; }

    std::uint64_t next_bits() {
      ++counter_;
      return mix(key_ + counter_ * kGolden);
    }
    // Uniform in the open interval (0, 1).
    double next_uniform() { return to_open_unit(next_bits()); }
    // Standard normal by inversion (one uniform per deviate).
    double next_normal() { return standard_normal(next_uniform()); }
    // Exponential with unit mean, in (0, 37].
    double next_exponential() { return -std::log(next_uniform()); }
    // Uniform integer in [0, n), exactly unbiased (Lemire's multiply-and-reject).
    std::uint64_t next_below(std::uint64_t n) {
      if (n == 0) throw std::invalid_argument("CounterRng: next_below(0) has no valid result");
      std::uint64_t hi = 0;
      std::uint64_t lo = 0;
      mul_64x64(next_bits(), n, hi, lo);
      if (lo < n) {
        const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
        while (lo < threshold) mul_64x64(next_bits(), n, hi, lo);
      }
      return hi;
    }

   private:
    std::uint64_t key_;
    std::uint64_t counter_;
  };

  // Stream (key1, key2); its first draw is bits(key1, key2, counter).
  constexpr Stream stream(std::uint64_t key1, std::uint64_t key2, std::uint64_t counter = 0) const {
    return Stream(stream_key(key1, key2), counter);
  }

  // Writes k distinct indices in [0, n) to out[0..k): a uniformly random ordered k-tuple (each
  // index uniform over those not yet chosen). O(k^2) comparisons, meant for k much less than n.
  // The first j outputs do not depend on k. `Index` is any unsigned type that holds n - 1.
  template <class Index>
  static void distinct_indices(Stream& stream, std::size_t k, std::uint64_t n, Index* out) {
    require_distinct(k, n);
    for (std::size_t i = 0; i < k; ++i) {
      for (;;) {
        const auto candidate = static_cast<Index>(stream.next_below(n));
        bool taken = false;
        for (std::size_t j = 0; j < i && !taken; ++j) taken = out[j] == candidate;
        if (!taken) {
          out[i] = candidate;
          break;
        }
      }
    }
  }
  // The indices distinct_indices() draws, ascending: the same draws in the same order, so the
  // same set as calling it and sorting. Above a few indices, membership is a bitmap instead of
  // comparisons, so k may approach n (the wrong bits of a line written very many times: half of
  // them). n at most kMaxAscendingRange for the bitmap; larger n takes the comparisons.
  static constexpr std::uint64_t kMaxAscendingRange = std::uint64_t{1} << 16;
  static void distinct_indices_ascending(Stream& stream, std::size_t k, std::uint64_t n,
                                         std::vector<std::uint32_t>& out) {
    if (k <= 16 || n > kMaxAscendingRange) {
      out.resize(k);
      distinct_indices(stream, k, n, out.data());
      std::sort(out.begin(), out.end());
      return;
    }
    require_distinct(k, n);
    std::array<std::uint64_t, kMaxAscendingRange / 64> taken;
    const std::size_t words = static_cast<std::size_t>((n + 63) / 64);
    std::fill_n(taken.begin(), words, 0);
    for (std::size_t i = 0; i < k; ++i) {
      for (;;) {
        const std::uint64_t candidate = stream.next_below(n);
        std::uint64_t& word = taken[candidate / 64];
        const std::uint64_t bit = std::uint64_t{1} << (candidate % 64);
        if ((word & bit) == 0) {
          word |= bit;
          break;
        }
      }
    }
    out.clear();
    for (std::size_t w = 0; w < words; ++w) {
      for (std::uint64_t bits = taken[w]; bits != 0; bits &= bits - 1)
        out.push_back(static_cast<std::uint32_t>(w * 64 + __builtin_ctzll(bits)));
    }
  }
  static std::vector<std::uint64_t> distinct_indices(Stream& stream, std::size_t k,
                                                     std::uint64_t n) {
    std::vector<std::uint64_t> out(k);
    distinct_indices(stream, k, n, out.data());
    return out;
  }

  // (m + 1/2) * 2^-52 for the top 52 bits m: strictly inside (0, 1), symmetric about 1/2, exact.
  static constexpr double to_open_unit(std::uint64_t bits) {
    return (static_cast<double>(bits >> 12) + 0.5) * (1.0 / 4503599627370496.0);
  }

  // Standard normal CDF Phi(x) and survival function Q(x) = 1 - Phi(x), accurate in both tails.
  static double normal_cdf(double x) { return 0.5 * std::erfc(-x * kInvSqrt2); }
  static double normal_sf(double x) { return 0.5 * std::erfc(x * kInvSqrt2); }

  // Phi^-1(p) for p in (0, 1), relative error near machine precision in both tails.
  static double inverse_normal_cdf(double p) {
    if (!(p > 0.0 && p < 1.0)) {
      throw std::invalid_argument("CounterRng: inverse_normal_cdf needs p in (0, 1), got " +
                                  std::to_string(p));
    }
    // 1 - p is exact for p in [1/2, 1); the lower-tail routine keeps full relative precision.
    return p <= 0.5 ? lower_inverse(p) : -lower_inverse(1.0 - p);
  }
  // Phi^-1(1 - q) for q in (0, 1), accurate when q is tiny (where 1 - q would round).
  static double inverse_normal_sf(double q) { return -inverse_normal_cdf(q); }

  // A standard normal deviate from a uniform u in (0, 1).
  static double standard_normal(double u) { return inverse_normal_cdf(u); }

 private:
  static constexpr std::uint64_t kGolden = 0x9e3779b97f4a7c15ULL;  // 2^64 / golden ratio, odd
  static constexpr std::uint64_t kSeedSalt = 0x6a09e667f3bcc909ULL;
  static constexpr std::uint64_t kForkSalt = 0xbb67ae8584caa73bULL;
  static constexpr double kInvSqrt2 = 0.70710678118654752440;
  static constexpr double kSqrt2Pi = 2.50662827463100050242;

  static void require_distinct(std::size_t k, std::uint64_t n) {
    if (k > n) {
      throw std::invalid_argument("CounterRng: cannot draw " + std::to_string(k) +
                                  " distinct indices from [0, " + std::to_string(n) + ")");
    }
  }

  // Full 128-bit product of two 64-bit words (one multiply instruction on x86-64).
  static void mul_64x64(std::uint64_t a, std::uint64_t b, std::uint64_t& hi, std::uint64_t& lo) {
    __extension__ using Wide = unsigned __int128;  // a GCC/Clang type
    const Wide p = static_cast<Wide>(a) * b;
    lo = static_cast<std::uint64_t>(p);
    hi = static_cast<std::uint64_t>(p >> 64);
  }

  // Phi^-1(p) for 0 < p <= 1/2: Acklam's rational approximation (relative error < 1.2e-9)
  // followed by one Halley step on Phi, which makes the error cubic, i.e. at rounding level.
  static double lower_inverse(double p) {
    constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                            1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
    constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                            6.680131188771972e+01, -1.328068155288572e+01};
    constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                            -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
    constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                            3.754408661907416e+00};
    constexpr double p_low = 0.02425;
    double x;
    if (p < p_low) {
      const double q = std::sqrt(-2.0 * std::log(p));
      x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
          ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    } else {
      const double q = p - 0.5;
      const double r = q * q;
      x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
          (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
    }
    // exp(x^2 / 2) overflows for |x| > 37.6 (p < 1e-308); there the rational form alone is kept.
    if (x > -37.5) {
      const double e = normal_cdf(x) - p;
      const double u = e * kSqrt2Pi * std::exp(0.5 * x * x);
      x -= u / (1.0 + 0.5 * x * u);
    }
    return x;
  }

  std::uint64_t seed_;
};

}  // namespace sttvp
