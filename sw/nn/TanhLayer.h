// Element-wise hyperbolic tangent: y = tanh(x), dx = dy (1 - y^2), computed on chunks of 1 KB
// with Eigen's vectorised rational approximation.
#pragma once

#include <cstdint>

#include "sw/nn/Layer.h"

namespace sttvp::sw {

class TanhLayer final : public Layer {
 public:
  explicit TanhLayer(Shape3 shape) : Layer(shape, shape) {}

  // Floating-point operations charged per element (Eigen's float tanh is a clamped 13/6-degree
  // rational polynomial: about 20 multiply-adds and one division).
  static constexpr std::uint64_t kForwardFlops = 20;
  static constexpr std::uint64_t kBackwardFlops = 3;

  const char* type() const override { return "tanh"; }
  void forward(const LayerParams& params, const LayerIo& io) const override;
  void backward(const LayerParams& params, const LayerGradients& grads,
                const LayerIo& io) const override;
};

}  // namespace sttvp::sw
