#include "sw/nn/Loss.h"

#include <cmath>

#include "sw/nn/MseLoss.h"
#include "sw/nn/SoftmaxCrossEntropyLoss.h"

namespace sttvp::sw {

LossResult& LossResult::operator+=(const LossResult& other) {
  loss_sum += other.loss_sum;
  samples += other.samples;
  correct += other.correct;
  nonfinite += other.nonfinite;
  return *this;
}

std::unique_ptr<Loss> Loss::create(LossKind kind, float target_high, float target_low) {
  if (kind == LossKind::SoftmaxCrossEntropy) return std::make_unique<SoftmaxCrossEntropyLoss>();
  return std::make_unique<MseLoss>(target_high, target_low);
}

void Loss::tally(LossResult& result, const float* y, std::size_t k, std::uint8_t label,
                 float loss) {
  const int predicted = arg_max(y, k);
  if (predicted < 0 || !std::isfinite(loss)) {
    ++result.nonfinite;
    return;
  }
  result.loss_sum += loss;
  if (predicted == label) ++result.correct;
}

int Loss::arg_max(const float* y, std::size_t k) {
  int best = 0;
  for (std::size_t j = 0; j < k; ++j) {
    if (!std::isfinite(y[j])) return -1;
    if (y[j] > y[best]) best = static_cast<int>(j);
  }
  return best;
}

}  // namespace sttvp::sw
