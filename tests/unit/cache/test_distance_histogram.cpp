#include <gtest/gtest.h>

#include "models/cache/DistanceHistogram.h"

namespace sttvp {
namespace {

TEST(DistanceHistogram, BinsAreQuarterDecadesFromOneNanosecondToTenSeconds) {
  EXPECT_EQ(DistanceHistogram::bin_of(0.0), 0);
  EXPECT_EQ(DistanceHistogram::bin_of(0.99), 0);
  EXPECT_EQ(DistanceHistogram::bin_of(1.0), 1);
  EXPECT_EQ(DistanceHistogram::bin_of(10.0), 5);
  EXPECT_EQ(DistanceHistogram::bin_of(99.0), 8);
  EXPECT_EQ(DistanceHistogram::bin_of(1e10), DistanceHistogram::kBins - 1);
  EXPECT_EQ(DistanceHistogram::bin_of(1e15), DistanceHistogram::kBins - 1);
  EXPECT_EQ(DistanceHistogram::kBins, 42);
}

TEST(DistanceHistogram, EdgesEnclosetheirValues) {
  for (double ns : {0.5, 1.0, 3.3, 47.0, 1e3, 2.5e7, 9.9e9, 3e10}) {
    const int b = DistanceHistogram::bin_of(ns);
    EXPECT_LE(DistanceHistogram::lower_ns(b), ns) << ns;
    EXPECT_GT(DistanceHistogram::upper_ns(b), ns) << ns;
  }
  EXPECT_DOUBLE_EQ(DistanceHistogram::upper_ns(0), 1.0);
  EXPECT_DOUBLE_EQ(DistanceHistogram::lower_ns(DistanceHistogram::kBins - 1), 1e10);
}

TEST(DistanceHistogram, PicosecondBinsAgreeWithTheLogarithm) {
  // At every bin edge (in whole ps) and on a spread of distances up to an hour.
  for (int b = 1; b < DistanceHistogram::kBins; ++b) {
    const auto edge = static_cast<std::uint64_t>(DistanceHistogram::lower_ns(b) * 1e3);
    for (std::uint64_t ps = edge > 2 ? edge - 2 : 0; ps <= edge + 2; ++ps)
      EXPECT_EQ(DistanceHistogram::bin_of_ps(ps), DistanceHistogram::bin_of(ps * 1e-3)) << ps;
  }
  for (std::uint64_t ps = 1; ps < 3'600'000'000'000'000u; ps = ps * 1009 / 1000 + 7)
    EXPECT_EQ(DistanceHistogram::bin_of_ps(ps), DistanceHistogram::bin_of(ps * 1e-3)) << ps;
  // Around every power of two (where the search starts from a new octave).
  for (int k = 0; k < 64; ++k) {
    const std::uint64_t octave = std::uint64_t{1} << k;
    for (std::uint64_t ps : {octave - 1, octave, octave + 1})
      EXPECT_EQ(DistanceHistogram::bin_of_ps(ps), DistanceHistogram::bin_of(ps * 1e-3)) << ps;
  }
  EXPECT_EQ(DistanceHistogram::bin_of_ps(~std::uint64_t{0}), DistanceHistogram::kBins - 1);
}

TEST(DistanceHistogram, CountsAddUp) {
  DistanceHistogram h;
  h.add_ps(5'000);
  h.add_ps(5'000);
  h.add_ps(2'000'000'000);
  EXPECT_EQ(h.total(), 3u);
  EXPECT_EQ(h.count(DistanceHistogram::bin_of(5)), 2u);
  EXPECT_EQ(h.count(DistanceHistogram::bin_of(2e6)), 1u);
}

}  // namespace
}  // namespace sttvp
