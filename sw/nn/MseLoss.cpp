#include "sw/nn/MseLoss.h"

#include <cmath>

#include "sw/probe/Probe.h"

namespace sttvp::sw {

MseLoss::MseLoss(float target_high, float target_low) : high_(target_high), low_(target_low) {}

LossResult MseLoss::evaluate(const float* y, const std::uint8_t* labels, std::size_t n,
                             std::size_t k, float* dy) const {
  LossResult result;
  result.samples = n;
  read(labels, n);
  const float inv_k = 1.0f / static_cast<float>(k);
  for (std::size_t s = 0; s < n; ++s) {
    const float* ys = y + s * k;
    read(ys, k * sizeof(float));
    float loss = 0.0f;
    for (std::size_t j = 0; j < k; ++j) {
      const float diff = ys[j] - (j == labels[s] ? high_ : low_);
      loss += diff * diff;
      if (dy != nullptr) dy[s * k + j] = 2.0f * diff * inv_k;
    }
    loss *= inv_k;
    compute(5 * k);
    if (dy != nullptr) write(dy + s * k, k * sizeof(float));
    tally(result, ys, k, labels[s], loss);
  }
  return result;
}

}  // namespace sttvp::sw
