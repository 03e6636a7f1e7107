// Tiled single-precision matrix product with a reported access stream that is analytic.
//
//   C[m x n] = op(A)[m x k] * op(B)[k x n]        (+ C when accumulating)
//
// All matrices are row-major with a leading dimension (elements between consecutive rows). The
// kernel owns the loop order; Eigen multiplies one tile at a time:
//
//   for i0 in 0..m step mc            (tile rows of C)
//     for j0 in 0..n step nc          (tile columns of C)
//       for k0 in 0..k step kc        (depth)
//         read  op(A)[i0.., k0..]     one range per stored row of the tile
//         read  op(B)[k0.., j0..]     one range per stored row of the tile
//         read  C[i0.., j0..]         if k0 > 0 or accumulating
//         C tile (+)= A tile * B tile (Eigen)
//         write C[i0.., j0..]         one range per row
//
// With 64-byte-aligned bases, leading dimensions and tile sizes that are multiples of 16 floats,
// every tile row starts on a cache line, so the number of reported lines is (L(x) = ceil(x / 16),
// nI = ceil(m / mc), nJ = ceil(n / nc), nK = ceil(k / kc)):
//   A: nJ * m * L(k)  (A stored m x k)   or  nJ * k * L(m)  (A stored k x m, transposed)
//   B: nI * k * L(n)  (B stored k x n)   or  nI * n * L(k)  (B stored n x k, transposed)
//   C: reads (nK - 1 + accumulate) * m * L(n), writes nK * m * L(n).
// Reported FLOPs: 2 m n k.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sttvp::sw {

enum class Transpose : std::uint8_t { No, Yes };

// One operand: element (r, c) of the stored matrix is data[r * ld + c]; with op == Yes the
// product uses the transpose of the stored matrix.
struct GemmOperand {
  const float* data = nullptr;
  std::size_t ld = 0;
  Transpose op = Transpose::No;
};

// Tile sizes in elements, multiples of 16 (one cache line of floats). The default keeps the A, B
// and C tiles of one step (32 KB + 64 KB + 32 KB) inside a 256 KB L2.
struct GemmTiling {
  std::size_t mc = 64;
  std::size_t nc = 128;
  std::size_t kc = 128;
};

class Gemm {
 public:
  explicit Gemm(GemmTiling tiling = {});

  const GemmTiling& tiling() const { return tiling_; }

  // C (leading dimension ldc) = op(A) * op(B), or C += op(A) * op(B) when accumulate.
  void run(std::size_t m, std::size_t n, std::size_t k, const GemmOperand& a, const GemmOperand& b,
           float* c, std::size_t ldc, bool accumulate) const;

 private:
  GemmTiling tiling_;
};

}  // namespace sttvp::sw
