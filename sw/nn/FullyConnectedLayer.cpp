#include "sw/nn/FullyConnectedLayer.h"

#include <algorithm>

#include "sw/nn/Kernels.h"

namespace sttvp::sw {

FullyConnectedLayer::FullyConnectedLayer(std::size_t in, std::size_t out, GemmTiling tiling)
    : Layer({in, 1, 1}, {out, 1, 1}), gemm_(tiling) {}

void FullyConnectedLayer::init_params(float* weights, float* bias, Rng& rng) const {
  xavier_uniform(weights, weight_count(), in_size(), out_size(), rng);
  std::fill(bias, bias + out_size(), 0.0f);
}

void FullyConnectedLayer::forward(const LayerParams& params, const LayerIo& io) const {
  kernels::dense_forward(gemm_, io.x, params.weights, params.bias, io.y, io.n, in_size(),
                         out_size());
}

void FullyConnectedLayer::backward(const LayerParams& params, const LayerGradients& grads,
                                   const LayerIo& io) const {
  kernels::dense_backward(gemm_, io.x, params.weights, io.dy, grads.weights, grads.bias, io.dx,
                          io.n, in_size(), out_size());
}

}  // namespace sttvp::sw
