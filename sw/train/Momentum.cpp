#include "sw/train/Momentum.h"

#include <Eigen/Core>
#include <algorithm>

#include "sw/probe/Probe.h"

namespace sttvp::sw {

void Momentum::update(float* w, const float* g, float* const* state, std::size_t n,
                      float scale) const {
  float* velocity = state[0];
  for (std::size_t i = 0; i < n; i += kChunk) {
    const std::size_t len = std::min(kChunk, n - i);
    const std::size_t bytes = len * sizeof(float);
    const auto e = static_cast<Eigen::Index>(len);
    read(g + i, bytes);
    read(velocity + i, bytes);
    read(w + i, bytes);
    Eigen::Map<Eigen::ArrayXf> wm(w + i, e);
    Eigen::Map<Eigen::ArrayXf> vm(velocity + i, e);
    vm = mu_ * vm - alpha_ * (Eigen::Map<const Eigen::ArrayXf>(g + i, e) * scale + lambda_ * wm);
    wm += vm;
    compute(6 * len);
    write(velocity + i, bytes);
    write(w + i, bytes);
  }
}

}  // namespace sttvp::sw
