// The tiled GEMM: products against a naive reference, and the number of cache lines it reports
// against the closed form in sw/nn/Gemm.h.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "sw/nn/Gemm.h"
#include "sw/nn/Rng.h"
#include "sw/nn/Tensor.h"
#include "sw/probe/Probe.h"

namespace sttvp::sw {
namespace {

// Splits every reported range into the 64-byte lines it touches.
class LineCountSink final : public ProbeSink {
 public:
  void read(const void* addr, std::size_t bytes) override { reads += lines(addr, bytes); }
  void write(const void* addr, std::size_t bytes) override { writes += lines(addr, bytes); }
  void compute(std::uint64_t f) override { flops += f; }
  void idle(double /*ns*/) override {}
  void phase(Phase /*p*/, int /*layer*/) override {}

  std::uint64_t reads = 0;
  std::uint64_t writes = 0;
  std::uint64_t flops = 0;

 private:
  static std::uint64_t lines(const void* addr, std::size_t bytes) {
    if (bytes == 0) return 0;
    const auto a = reinterpret_cast<std::uintptr_t>(addr);
    return (a + bytes - 1) / 64 - a / 64 + 1;
  }
};

std::uint64_t ceil_div(std::uint64_t a, std::uint64_t b) { return (a + b - 1) / b; }

struct Case {
  std::size_t m, n, k;
  Transpose ta, tb;
  bool accumulate;
};

// Element (r, c) of op(X) where X is stored row-major with leading dimension ld.
float at(const Tensor& x, std::size_t ld, Transpose op, std::size_t r, std::size_t c) {
  return op == Transpose::No ? x[r * ld + c] : x[c * ld + r];
}

std::size_t round16(std::size_t v) { return ceil_div(v, 16) * 16; }

class GemmTest : public ::testing::TestWithParam<Case> {};

TEST_P(GemmTest, MatchesNaiveProductAndAnalyticLineCount) {
  const Case p = GetParam();
  const GemmTiling tiling{32, 64, 48};
  const Gemm gemm(tiling);
  // Stored shapes, leading dimensions padded to whole cache lines.
  const std::size_t a_rows = p.ta == Transpose::No ? p.m : p.k;
  const std::size_t a_cols = p.ta == Transpose::No ? p.k : p.m;
  const std::size_t b_rows = p.tb == Transpose::No ? p.k : p.n;
  const std::size_t b_cols = p.tb == Transpose::No ? p.n : p.k;
  const std::size_t lda = round16(a_cols);
  const std::size_t ldb = round16(b_cols);
  const std::size_t ldc = round16(p.n);
  Tensor a(a_rows * lda);
  Tensor b(b_rows * ldb);
  Tensor c(p.m * ldc);
  Rng rng(7);
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = rng.uniform(-1, 1);
  for (std::size_t i = 0; i < b.size(); ++i) b[i] = rng.uniform(-1, 1);
  for (std::size_t i = 0; i < c.size(); ++i) c[i] = rng.uniform(-1, 1);
  std::vector<double> expected(p.m * p.n);
  for (std::size_t i = 0; i < p.m; ++i) {
    for (std::size_t j = 0; j < p.n; ++j) {
      double sum = p.accumulate ? c[i * ldc + j] : 0.0;
      for (std::size_t q = 0; q < p.k; ++q) {
        sum += static_cast<double>(at(a, lda, p.ta, i, q)) * at(b, ldb, p.tb, q, j);
      }
      expected[i * p.n + j] = sum;
    }
  }

  LineCountSink sink;
  {
    SinkScope scope(&sink);
    gemm.run(p.m, p.n, p.k, {a.data(), lda, p.ta}, {b.data(), ldb, p.tb}, c.data(), ldc,
             p.accumulate);
  }
  for (std::size_t i = 0; i < p.m; ++i) {
    for (std::size_t j = 0; j < p.n; ++j) {
      ASSERT_NEAR(c[i * ldc + j], expected[i * p.n + j], 1e-4) << i << "," << j;
    }
  }

  // The closed form of sw/nn/Gemm.h.
  const std::uint64_t ni = ceil_div(p.m, tiling.mc);
  const std::uint64_t nj = ceil_div(p.n, tiling.nc);
  const std::uint64_t nk = ceil_div(p.k, tiling.kc);
  const std::uint64_t a_lines =
      p.ta == Transpose::No ? nj * p.m * ceil_div(p.k, 16) : nj * p.k * ceil_div(p.m, 16);
  const std::uint64_t b_lines =
      p.tb == Transpose::No ? ni * p.k * ceil_div(p.n, 16) : ni * p.n * ceil_div(p.k, 16);
  const std::uint64_t c_tile_lines = p.m * ceil_div(p.n, 16);
  const std::uint64_t c_reads = (nk - 1 + (p.accumulate ? 1 : 0)) * c_tile_lines;
  EXPECT_EQ(sink.reads, a_lines + b_lines + c_reads);
  EXPECT_EQ(sink.writes, nk * c_tile_lines);
  EXPECT_EQ(sink.flops, 2ULL * p.m * p.n * p.k);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, GemmTest,
    ::testing::Values(Case{80, 272, 144, Transpose::No, Transpose::No, false},
                      Case{80, 272, 144, Transpose::No, Transpose::Yes, true},
                      Case{80, 272, 144, Transpose::Yes, Transpose::No, false},
                      Case{80, 272, 144, Transpose::Yes, Transpose::Yes, true},
                      // Ragged edges: dimensions not multiples of the tiles or of 16.
                      Case{70, 250, 130, Transpose::No, Transpose::No, true},
                      Case{70, 250, 130, Transpose::No, Transpose::Yes, false},
                      Case{70, 250, 130, Transpose::Yes, Transpose::No, true},
                      Case{5, 3, 200, Transpose::Yes, Transpose::Yes, false},
                      Case{1, 1, 1, Transpose::No, Transpose::No, false}));

TEST(Gemm, RejectsTilesThatAreNotWholeLines) {
  EXPECT_THROW(Gemm(GemmTiling{24, 64, 64}), std::invalid_argument);
  EXPECT_THROW(Gemm(GemmTiling{0, 64, 64}), std::invalid_argument);
}

TEST(Gemm, NoSinkStillComputes) {
  Tensor a(4), b(4), c(4);
  for (std::size_t i = 0; i < 4; ++i) {
    a[i] = static_cast<float>(i + 1);
    b[i] = 1.0f;
  }
  Gemm().run(2, 2, 2, {a.data(), 2}, {b.data(), 2}, c.data(), 2, false);
  EXPECT_FLOAT_EQ(c[0], 3.0f);
  EXPECT_FLOAT_EQ(c[3], 7.0f);
}

}  // namespace
}  // namespace sttvp::sw
