// Adagrad with tiny-dnn's update (epsilon outside the square root):
//   h += g^2,   w -= alpha g / (sqrt(h) + epsilon)
// tiny-dnn's MNIST example uses alpha = 0.01 * min(4, sqrt(minibatch)) = 0.04 for minibatch 16.
#pragma once

#include "sw/train/Optimizer.h"

namespace sttvp::sw {

class Adagrad final : public Optimizer {
 public:
  Adagrad(float alpha, float epsilon = 1e-8f) : Optimizer(alpha), epsilon_(epsilon) {}

  const char* name() const override { return "adagrad"; }
  std::size_t state_count() const override { return 1; }
  void update(float* w, const float* g, float* const* state, std::size_t n,
              float scale) const override;

 private:
  float epsilon_;
};

}  // namespace sttvp::sw
