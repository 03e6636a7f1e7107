#include "sw/nn/SoftmaxCrossEntropyLoss.h"

#include <cmath>

#include "sw/probe/Probe.h"

namespace sttvp::sw {

LossResult SoftmaxCrossEntropyLoss::evaluate(const float* y, const std::uint8_t* labels,
                                             std::size_t n, std::size_t k, float* dy) const {
  LossResult result;
  result.samples = n;
  read(labels, n);
  for (std::size_t s = 0; s < n; ++s) {
    const float* ys = y + s * k;
    read(ys, k * sizeof(float));
    // A label no class has (a retention flip in the label bytes, closed loop) gives no loss and
    // no gradient: the sample counts as non-finite, as a NaN output would.
    if (labels[s] >= k) {
      if (dy != nullptr) {
        for (std::size_t j = 0; j < k; ++j) dy[s * k + j] = 0.0f;
        write(dy + s * k, k * sizeof(float));
      }
      ++result.nonfinite;
      continue;
    }
    float top = ys[0];
    for (std::size_t j = 1; j < k; ++j) top = ys[j] > top ? ys[j] : top;
    // Sum in double: log of the normaliser is the loss's only cancellation-prone term.
    double z = 0.0;
    for (std::size_t j = 0; j < k; ++j) z += std::exp(static_cast<double>(ys[j] - top));
    const double log_z = std::log(z);
    const auto loss = static_cast<float>(log_z - static_cast<double>(ys[labels[s]] - top));
    if (dy != nullptr) {
      for (std::size_t j = 0; j < k; ++j) {
        const auto p = static_cast<float>(std::exp(static_cast<double>(ys[j] - top) - log_z));
        dy[s * k + j] = p - (j == labels[s] ? 1.0f : 0.0f);
      }
      write(dy + s * k, k * sizeof(float));
    }
    compute(10 * k);
    tally(result, ys, k, labels[s], loss);
  }
  return result;
}

}  // namespace sttvp::sw
