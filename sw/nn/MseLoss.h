// Mean squared error against tanh targets, as tiny-dnn's `mse`: target t_j = high for the label
// and low elsewhere (LeNet: +0.8 / -0.8), loss = sum_j (y_j - t_j)^2 / k, dy_j = 2 (y_j - t_j) / k.
#pragma once

#include "sw/nn/Loss.h"

namespace sttvp::sw {

class MseLoss final : public Loss {
 public:
  MseLoss(float target_high = 0.8f, float target_low = -0.8f);

  const char* name() const override { return "mse"; }
  LossResult evaluate(const float* y, const std::uint8_t* labels, std::size_t n, std::size_t k,
                      float* dy) const override;

 private:
  float high_;
  float low_;
};

}  // namespace sttvp::sw
