// Fully connected layer on a share of n samples: Y[n x out] = X[n x in] * W^T + b, W stored
// out x in (row o holds the weights of output o). Backward: dW = dY^T X, db = column sums of dY,
// dX = dY W, all through the tiled GEMM.
#pragma once

#include "sw/nn/Gemm.h"
#include "sw/nn/Layer.h"

namespace sttvp::sw {

class FullyConnectedLayer final : public Layer {
 public:
  FullyConnectedLayer(std::size_t in, std::size_t out, GemmTiling tiling = {});

  const char* type() const override { return "fc"; }
  std::size_t weight_count() const override { return in_size() * out_size(); }
  std::size_t bias_count() const override { return out_size(); }
  void init_params(float* weights, float* bias, Rng& rng) const override;
  void forward(const LayerParams& params, const LayerIo& io) const override;
  void backward(const LayerParams& params, const LayerGradients& grads,
                const LayerIo& io) const override;

 private:
  Gemm gemm_;
};

}  // namespace sttvp::sw
