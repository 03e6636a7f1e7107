#include "sw/train/Adagrad.h"

#include <Eigen/Core>

namespace sttvp::sw {

void Adagrad::update(float* w, const float* g, float* const* state, std::size_t n,
                     float scale) const {
  float* h = state[0];
  for_each_chunk(w, g, state, n, 7, [&](std::size_t i, Eigen::Index e) {
    const Eigen::ArrayXf gs = Eigen::Map<const Eigen::ArrayXf>(g + i, e) * scale;
    Eigen::Map<Eigen::ArrayXf> hm(h + i, e);
    hm += gs.square();
    Eigen::Map<Eigen::ArrayXf>(w + i, e) -= alpha_ * gs / (hm.sqrt() + epsilon_);
  });
}

}  // namespace sttvp::sw
