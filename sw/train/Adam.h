// Adam with tiny-dnn's update (epsilon inside the square root):
//   m = b1 m + (1 - b1) g,   v = b2 v + (1 - b2) g^2,
//   w -= alpha (m / (1 - b1^t)) / sqrt(v / (1 - b2^t) + epsilon)
// t counts minibatches (begin_step). tiny-dnn instead advances b1^t and b2^t once per parameter
// tensor updated (weights and biases of every layer), which makes its bias correction decay with
// the number of tensors; that artefact is not reproduced.
#pragma once

#include <cstdint>

#include "sw/train/Optimizer.h"

namespace sttvp::sw {

class Adam final : public Optimizer {
 public:
  Adam(float alpha = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f);

  const char* name() const override { return "adam"; }
  std::size_t state_count() const override { return 2; }
  void begin_step() override;
  void resume(std::uint64_t steps_done) override { t_ = steps_done; }
  void update(float* w, const float* g, float* const* state, std::size_t n,
              float scale) const override;
  std::uint64_t steps() const { return t_; }

 private:
  float beta1_;
  float beta2_;
  float epsilon_;
  std::uint64_t t_ = 0;
  float correction1_ = 1.0f;  // 1 - b1^t
  float correction2_ = 1.0f;  // 1 - b2^t
};

}  // namespace sttvp::sw
