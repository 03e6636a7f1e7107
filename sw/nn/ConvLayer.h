// Valid 2-D convolution (stride 1, no padding) with k x k filters, a bias per output map, and an
// optional connection table (LeNet-5's C3).
//
// Each sample is unfolded (im2col) into a (C_in k^2) x P matrix, P = output positions, and the
// convolution becomes a product with the (C_out) x (C_in k^2) weight matrix:
//   forward      Y_s  = W * col_s + b
//   backward     dW  += dY_s * col_s^T,   db += row sums of dY_s,   dcol = W^T * dY_s -> col2im
// The unfolding is recomputed in the backward pass (one scratch matrix per share).
//
// With a connection table the weights are stored compactly, one block per input map i holding a
// row of k^2 weights for each output map o it feeds (in increasing o); so exactly the connected
// pairs exist (LeNet C3: 60 x 25 weights), and a flipped bit in any stored weight matters.
// Output maps are then accumulated per input map: T = W_i * col_i, and row j of T is added into
// output map O_i[j]; backward gathers the rows O_i of dY_s into T first.
//
// When the output is a single position (P = 1, e.g. LeNet's C5: 16 x 5 x 5 -> 120), the unfolded
// sample is the sample itself, and the whole share is processed as one dense product
// Y[n x C_out] = X[n x C_in k^2] * W^T, as in a fully connected layer.
#pragma once

#include <optional>
#include <vector>

#include "sw/nn/ConnectionTable.h"
#include "sw/nn/Gemm.h"
#include "sw/nn/Layer.h"

namespace sttvp::sw {

class ConvLayer final : public Layer {
 public:
  ConvLayer(Shape3 in, std::size_t out_channels, std::size_t kernel,
            std::optional<ConnectionTable> table = std::nullopt, GemmTiling tiling = {});

  const char* type() const override { return table_ ? "conv-table" : "conv"; }
  std::size_t weight_count() const override { return weight_count_; }
  std::size_t bias_count() const override { return out_shape().channels; }
  void init_params(float* weights, float* bias, Rng& rng) const override;
  std::size_t scratch_size(std::size_t n) const override;
  void forward(const LayerParams& params, const LayerIo& io) const override;
  void backward(const LayerParams& params, const LayerGradients& grads,
                const LayerIo& io) const override;

  std::size_t kernel() const { return kernel_; }
  const std::optional<ConnectionTable>& table() const { return table_; }

 private:
  void forward_sample(const LayerParams& params, const float* x, float* y, float* scratch) const;
  void backward_sample(const LayerParams& params, const LayerGradients& grads, const float* x,
                       const float* dy, float* dx, float* scratch, bool accumulate) const;

  std::size_t kernel_;
  std::size_t k2_;         // k^2
  std::size_t positions_;  // P = output height x width
  std::size_t depth_;      // C_in k^2, rows of the unfolded sample
  std::optional<ConnectionTable> table_;
  std::vector<std::vector<std::size_t>> outputs_of_input_;  // O_i (table only)
  std::vector<std::size_t> block_offset_;                   // weights of input map i (table only)
  std::vector<bool> first_input_of_output_;                 // [i * C_out + o]: assign, not add
  std::size_t max_outputs_per_input_ = 0;
  std::size_t weight_count_;
  Gemm gemm_;
};

}  // namespace sttvp::sw
