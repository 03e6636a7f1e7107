#include "sw/nn/Kernels.h"

#include <Eigen/Core>
#include <algorithm>
#include <cstring>

#include "sw/probe/Probe.h"

namespace sttvp::sw::kernels {
namespace {

using RowMajorMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatrixMap = Eigen::Map<RowMajorMatrix>;
using ConstMatrixMap = Eigen::Map<const RowMajorMatrix>;
using ConstVectorMap = Eigen::Map<const Eigen::VectorXf>;
using VectorMap = Eigen::Map<Eigen::VectorXf>;
using ConstRowVectorMap = Eigen::Map<const Eigen::RowVectorXf>;
using RowVectorMap = Eigen::Map<Eigen::RowVectorXf>;

Eigen::Index idx(std::size_t v) { return static_cast<Eigen::Index>(v); }

}  // namespace

void im2col_channel(const float* x, std::size_t h, std::size_t w, std::size_t k, float* col) {
  const std::size_t ho = h - k + 1;
  const std::size_t wo = w - k + 1;
  read(x, h * w * sizeof(float));
  float* dst = col;
  for (std::size_t ky = 0; ky < k; ++ky) {
    for (std::size_t kx = 0; kx < k; ++kx) {
      for (std::size_t oy = 0; oy < ho; ++oy) {
        std::memcpy(dst, x + (oy + ky) * w + kx, wo * sizeof(float));
        dst += wo;
      }
    }
  }
  write(col, k * k * ho * wo * sizeof(float));
}

void col2im_channel(const float* col, std::size_t h, std::size_t w, std::size_t k, float* dx) {
  const std::size_t ho = h - k + 1;
  const std::size_t wo = w - k + 1;
  read(col, k * k * ho * wo * sizeof(float));
  std::fill(dx, dx + h * w, 0.0f);
  const float* src = col;
  for (std::size_t ky = 0; ky < k; ++ky) {
    for (std::size_t kx = 0; kx < k; ++kx) {
      for (std::size_t oy = 0; oy < ho; ++oy) {
        float* row = dx + (oy + ky) * w + kx;
        for (std::size_t ox = 0; ox < wo; ++ox) row[ox] += src[ox];
        src += wo;
      }
    }
  }
  compute(k * k * ho * wo);
  write(dx, h * w * sizeof(float));
}

void add_bias_rows(float* y, std::size_t rows, std::size_t cols, const float* b) {
  read(y, rows * cols * sizeof(float));
  read(b, rows * sizeof(float));
  MatrixMap ym(y, idx(rows), idx(cols));
  ym.colwise() += ConstVectorMap(b, idx(rows));
  compute(rows * cols);
  write(y, rows * cols * sizeof(float));
}

void add_bias_cols(float* y, std::size_t rows, std::size_t cols, const float* b) {
  read(y, rows * cols * sizeof(float));
  read(b, cols * sizeof(float));
  MatrixMap ym(y, idx(rows), idx(cols));
  ym.rowwise() += ConstRowVectorMap(b, idx(cols));
  compute(rows * cols);
  write(y, rows * cols * sizeof(float));
}

void bias_grad_rows(const float* dy, std::size_t rows, std::size_t cols, float* db,
                    bool accumulate) {
  read(dy, rows * cols * sizeof(float));
  if (accumulate) read(db, rows * sizeof(float));
  const ConstMatrixMap dym(dy, idx(rows), idx(cols));
  VectorMap dbm(db, idx(rows));
  if (accumulate) {
    dbm += dym.rowwise().sum();
  } else {
    dbm = dym.rowwise().sum();
  }
  compute(rows * cols);
  write(db, rows * sizeof(float));
}

void bias_grad_cols(const float* dy, std::size_t rows, std::size_t cols, float* db) {
  read(dy, rows * cols * sizeof(float));
  RowVectorMap dbm(db, idx(cols));
  dbm.setZero();
  // Samples are summed in index order, one row at a time.
  for (std::size_t r = 0; r < rows; ++r) dbm += ConstRowVectorMap(dy + r * cols, idx(cols));
  compute(rows * cols);
  write(db, cols * sizeof(float));
}

void copy_or_add(const float* src, float* dst, std::size_t n, bool assign) {
  read(src, n * sizeof(float));
  if (assign) {
    std::memcpy(dst, src, n * sizeof(float));
  } else {
    read(dst, n * sizeof(float));
    VectorMap(dst, idx(n)) += ConstVectorMap(src, idx(n));
    compute(n);
  }
  write(dst, n * sizeof(float));
}

void fill_zero(float* p, std::size_t n) {
  std::fill(p, p + n, 0.0f);
  write(p, n * sizeof(float));
}

void dense_forward(const Gemm& gemm, const float* x, const float* w, const float* b, float* y,
                   std::size_t n, std::size_t in, std::size_t out) {
  if (n == 0) return;
  gemm.run(n, out, in, {x, in, Transpose::No}, {w, in, Transpose::Yes}, y, out, false);
  add_bias_cols(y, n, out, b);
}

void dense_backward(const Gemm& gemm, const float* x, const float* w, const float* dy, float* dw,
                    float* db, float* dx, std::size_t n, std::size_t in, std::size_t out) {
  if (n == 0) {
    fill_zero(dw, out * in);
    fill_zero(db, out);
    return;
  }
  bias_grad_cols(dy, n, out, db);
  gemm.run(out, in, n, {dy, out, Transpose::Yes}, {x, in, Transpose::No}, dw, in, false);
  if (dx != nullptr) {
    gemm.run(n, in, out, {dy, out, Transpose::No}, {w, in, Transpose::No}, dx, in, false);
  }
}

}  // namespace sttvp::sw::kernels
