// Softmax followed by cross-entropy: p = softmax(y), loss = -log p_label, dy = p - onehot(label).
// The softmax subtracts the largest output first, so large outputs do not overflow.
#pragma once

#include "sw/nn/Loss.h"

namespace sttvp::sw {

class SoftmaxCrossEntropyLoss final : public Loss {
 public:
  const char* name() const override { return "softmax-cross-entropy"; }
  LossResult evaluate(const float* y, const std::uint8_t* labels, std::size_t n, std::size_t k,
                      float* dy) const override;
};

}  // namespace sttvp::sw
