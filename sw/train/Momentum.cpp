#include "sw/train/Momentum.h"

#include <Eigen/Core>

namespace sttvp::sw {

void Momentum::update(float* w, const float* g, float* const* state, std::size_t n,
                      float scale) const {
  float* velocity = state[0];
  for_each_chunk(w, g, state, n, 6, [&](std::size_t i, Eigen::Index e) {
    Eigen::Map<Eigen::ArrayXf> wm(w + i, e);
    Eigen::Map<Eigen::ArrayXf> vm(velocity + i, e);
    vm = mu_ * vm - alpha_ * (Eigen::Map<const Eigen::ArrayXf>(g + i, e) * scale + lambda_ * wm);
    wm += vm;
  });
}

}  // namespace sttvp::sw
