// Stochastic gradient descent with momentum, tiny-dnn's `momentum` update:
//   v = mu v - alpha (g + lambda w),   w += v
// (mu = 0 gives plain SGD with weight decay lambda.)
#pragma once

#include "sw/train/Optimizer.h"

namespace sttvp::sw {

class Momentum final : public Optimizer {
 public:
  Momentum(float alpha = 0.01f, float mu = 0.9f, float lambda = 0.0f)
      : Optimizer(alpha), mu_(mu), lambda_(lambda) {}

  const char* name() const override { return "momentum"; }
  std::size_t state_count() const override { return 1; }
  void update(float* w, const float* g, float* const* state, std::size_t n,
              float scale) const override;

 private:
  float mu_;
  float lambda_;
};

}  // namespace sttvp::sw
