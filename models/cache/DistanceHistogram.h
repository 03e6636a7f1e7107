// Histogram of write-to-read distances (time from a line's fill or write in the LLC to a read of
// it), on logarithmic bins: [0, 1 ns), then four bins per decade from 1 ns to 10 s, then
// [10 s, inf). Fine enough to show the study's Figure 1 and wide enough for every retention time.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <ostream>
#include <string>

namespace sttvp {

class DistanceHistogram {
 public:
  static constexpr int kBinsPerDecade = 4;
  static constexpr int kDecades = 10;  // 1 ns .. 10 s
  static constexpr int kBins = kBinsPerDecade * kDecades + 2;

  static int bin_of(double ns) {
    if (!(ns >= 1.0)) return 0;
    const int b = 1 + static_cast<int>(std::floor(kBinsPerDecade * std::log10(ns)));
    return b >= kBins - 1 ? kBins - 1 : b;
  }
  static double lower_ns(int bin) {
    return bin == 0 ? 0.0 : std::pow(10.0, static_cast<double>(bin - 1) / kBinsPerDecade);
  }
  static double upper_ns(int bin) {
    return bin == kBins - 1 ? std::numeric_limits<double>::infinity()
                            : std::pow(10.0, static_cast<double>(bin) / kBinsPerDecade);
  }

  // bin_of(ps * 1e-3) for a distance in whole picoseconds, without a logarithm: from the bin of
  // the power of two just below `ps` (a bin spans a factor 10^(1/4) = 1.78 < 2, so at most two
  // bin edges lie above it within the octave), compared with the smallest distance of each bin,
  // found once with bin_of itself (so the two always agree).
  static int bin_of_ps(std::uint64_t ps) {
    struct Edges {
      std::array<std::uint64_t, kBins> first_ps{};
      std::array<std::uint8_t, 64> of_octave{};  // bin of 2^k
    };
    static const Edges edges = [] {
      Edges e;
      for (int b = 1; b < kBins; ++b) {
        // bin_of(lo) < b <= bin_of(hi)
        std::uint64_t lo = e.first_ps[b - 1], hi = std::uint64_t{1} << 62;
        while (hi - lo > 1) {
          const std::uint64_t mid = lo + (hi - lo) / 2;
          (bin_of(static_cast<double>(mid) * 1e-3) >= b ? hi : lo) = mid;
        }
        e.first_ps[b] = hi;
      }
      for (int k = 0; k < 64; ++k) {
        const std::uint64_t octave = std::uint64_t{1} << k;
        int b = 0;
        while (b + 1 < kBins && e.first_ps[b + 1] <= octave) ++b;
        e.of_octave[k] = static_cast<std::uint8_t>(b);
      }
      return e;
    }();
    if (ps == 0) return 0;
    int b = edges.of_octave[63 - __builtin_clzll(ps)];
    while (b + 1 < kBins && edges.first_ps[b + 1] <= ps) ++b;
    return b;
  }

  void add_ps(std::uint64_t ps) { ++counts_[static_cast<std::size_t>(bin_of_ps(ps))]; }
  std::uint64_t count(int bin) const { return counts_[static_cast<std::size_t>(bin)]; }
  // One CSV row per bin, "<prefix>bin_lo_ns,bin_hi_ns,count" (the last upper edge is "inf").
  void write_csv_rows(std::ostream& out, const std::string& prefix) const {
    for (int b = 0; b < kBins; ++b) {
      out << prefix << lower_ns(b) << ',';
      if (b == kBins - 1)
        out << "inf";
      else
        out << upper_ns(b);
      out << ',' << count(b) << '\n';
    }
  }
  std::uint64_t total() const {
    std::uint64_t t = 0;
    for (auto c : counts_) t += c;
    return t;
  }

 private:
  std::array<std::uint64_t, kBins> counts_{};
};

}  // namespace sttvp
