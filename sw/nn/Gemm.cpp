#include "sw/nn/Gemm.h"

#include <Eigen/Core>
#include <algorithm>
#include <stdexcept>

#include "sw/probe/Probe.h"

namespace sttvp::sw {
namespace {

using RowMajorMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstTile = Eigen::Map<const RowMajorMatrix, Eigen::Unaligned, Eigen::OuterStride<>>;
using Tile = Eigen::Map<RowMajorMatrix, Eigen::Unaligned, Eigen::OuterStride<>>;

constexpr std::size_t kFloatsPerLine = 16;

// Reports the stored block behind op(X)[r0 .. r0+rows, c0 .. c0+cols] and returns a map of it.
ConstTile stored_tile(const GemmOperand& x, std::size_t r0, std::size_t c0, std::size_t rows,
                      std::size_t cols) {
  if (x.op == Transpose::Yes) {
    std::swap(r0, c0);
    std::swap(rows, cols);
  }
  const float* p = x.data + r0 * x.ld + c0;
  read2d(p, rows, cols * sizeof(float), x.ld * sizeof(float));
  return ConstTile(p, static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols),
                   Eigen::OuterStride<>(static_cast<Eigen::Index>(x.ld)));
}

template <typename A, typename B>
void multiply(Tile& c, const A& a, const B& b, bool assign) {
  if (assign) {
    c.noalias() = a * b;
  } else {
    c.noalias() += a * b;
  }
}

}  // namespace

Gemm::Gemm(GemmTiling tiling) : tiling_(tiling) {
  for (std::size_t t : {tiling_.mc, tiling_.nc, tiling_.kc}) {
    if (t == 0 || t % kFloatsPerLine != 0) {
      throw std::invalid_argument("GemmTiling: tile sizes must be positive multiples of 16");
    }
  }
}

void Gemm::run(std::size_t m, std::size_t n, std::size_t k, const GemmOperand& a,
               const GemmOperand& b, float* c, std::size_t ldc, bool accumulate) const {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    if (!accumulate) {
      for (std::size_t i = 0; i < m; ++i) std::fill(c + i * ldc, c + i * ldc + n, 0.0f);
      write2d(c, m, n * sizeof(float), ldc * sizeof(float));
    }
    return;
  }
  for (std::size_t i0 = 0; i0 < m; i0 += tiling_.mc) {
    const std::size_t mb = std::min(tiling_.mc, m - i0);
    for (std::size_t j0 = 0; j0 < n; j0 += tiling_.nc) {
      const std::size_t nb = std::min(tiling_.nc, n - j0);
      float* ct = c + i0 * ldc + j0;
      for (std::size_t k0 = 0; k0 < k; k0 += tiling_.kc) {
        const std::size_t kb = std::min(tiling_.kc, k - k0);
        const ConstTile at = stored_tile(a, i0, k0, mb, kb);
        const ConstTile bt = stored_tile(b, k0, j0, kb, nb);
        const bool assign = k0 == 0 && !accumulate;
        if (!assign) read2d(ct, mb, nb * sizeof(float), ldc * sizeof(float));
        Tile ctile(ct, static_cast<Eigen::Index>(mb), static_cast<Eigen::Index>(nb),
                   Eigen::OuterStride<>(static_cast<Eigen::Index>(ldc)));
        const bool ta = a.op == Transpose::Yes;
        const bool tb = b.op == Transpose::Yes;
        if (!ta && !tb) {
          multiply(ctile, at, bt, assign);
        } else if (ta && !tb) {
          multiply(ctile, at.transpose(), bt, assign);
        } else if (!ta && tb) {
          multiply(ctile, at, bt.transpose(), assign);
        } else {
          multiply(ctile, at.transpose(), bt.transpose(), assign);
        }
        compute(2ULL * mb * nb * kb);
        write2d(ct, mb, nb * sizeof(float), ldc * sizeof(float));
      }
    }
  }
}

}  // namespace sttvp::sw
