// Average pooling as in tiny-dnn's and LeNet-5's subsampling layers: non-overlapping p x p windows,
// and a trainable coefficient and bias per map,
//   y[c][oy][ox] = w[c] * (1/p^2) * sum_{a,b < p} x[c][p oy + a][p ox + b] + b[c].
// Backward: dx = dy * w[c] / p^2 at every position of the window, dw[c] = sum dy * mean,
// db[c] = sum dy.
#pragma once

#include "sw/nn/Layer.h"

namespace sttvp::sw {

class AvgPoolLayer final : public Layer {
 public:
  AvgPoolLayer(Shape3 in, std::size_t pool = 2);

  const char* type() const override { return "avg-pool"; }
  std::size_t weight_count() const override { return in_shape().channels; }
  std::size_t bias_count() const override { return in_shape().channels; }
  // tiny-dnn: Xavier with fan-in p^2 (inputs per output) and fan-out 1 (outputs per input).
  void init_params(float* weights, float* bias, Rng& rng) const override;
  void forward(const LayerParams& params, const LayerIo& io) const override;
  void backward(const LayerParams& params, const LayerGradients& grads,
                const LayerIo& io) const override;

 private:
  std::size_t pool_;
};

}  // namespace sttvp::sw
