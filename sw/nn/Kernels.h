// Small instrumented kernels shared by the layers: image-to-column unfolding for convolutions,
// bias broadcast and reduction, row copies, and the dense (fully connected) product. Each reports
// its reads before its computation and its writes, per contiguous range.
#pragma once

#include <cstddef>

#include "sw/nn/Gemm.h"

namespace sttvp::sw::kernels {

// Unfolds one h x w input map for a valid k x k convolution: row (ky * k + kx) of `col`
// (k*k rows of p = (h-k+1)(w-k+1) floats) holds x[oy + ky][ox + kx] at column oy * (w-k+1) + ox.
void im2col_channel(const float* x, std::size_t h, std::size_t w, std::size_t k, float* col);
// The adjoint of im2col_channel: dx = sum of every column entry back at its input position.
void col2im_channel(const float* col, std::size_t h, std::size_t w, std::size_t k, float* dx);

// y[r][c] += b[r] (one bias per row: per output map of a convolution).
void add_bias_rows(float* y, std::size_t rows, std::size_t cols, const float* b);
// y[r][c] += b[c] (one bias per column: per output of a dense layer, rows are samples).
void add_bias_cols(float* y, std::size_t rows, std::size_t cols, const float* b);
// db[r] = sum_c dy[r][c], or db[r] += ... when accumulate.
void bias_grad_rows(const float* dy, std::size_t rows, std::size_t cols, float* db,
                    bool accumulate);
// db[c] = sum_r dy[r][c].
void bias_grad_cols(const float* dy, std::size_t rows, std::size_t cols, float* db);

// dst = src (assign) or dst += src, over n floats.
void copy_or_add(const float* src, float* dst, std::size_t n, bool assign);
void fill_zero(float* p, std::size_t n);

// Dense layer on a batch: y[n x out] = x[n x in] * W^T + b with W stored out x in.
void dense_forward(const Gemm& gemm, const float* x, const float* w, const float* b, float* y,
                   std::size_t n, std::size_t in, std::size_t out);
// dW = dy^T x, db = column sums of dy, dx = dy W (dx may be null).
void dense_backward(const Gemm& gemm, const float* x, const float* w, const float* dy, float* dw,
                    float* db, float* dx, std::size_t n, std::size_t in, std::size_t out);

}  // namespace sttvp::sw::kernels
