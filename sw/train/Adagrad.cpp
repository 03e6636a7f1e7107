#include "sw/train/Adagrad.h"

#include <Eigen/Core>
#include <algorithm>

#include "sw/probe/Probe.h"

namespace sttvp::sw {

void Adagrad::update(float* w, const float* g, float* const* state, std::size_t n,
                     float scale) const {
  float* h = state[0];
  for (std::size_t i = 0; i < n; i += kChunk) {
    const std::size_t len = std::min(kChunk, n - i);
    const std::size_t bytes = len * sizeof(float);
    const auto e = static_cast<Eigen::Index>(len);
    read(g + i, bytes);
    read(h + i, bytes);
    read(w + i, bytes);
    const Eigen::ArrayXf gs = Eigen::Map<const Eigen::ArrayXf>(g + i, e) * scale;
    Eigen::Map<Eigen::ArrayXf> hm(h + i, e);
    hm += gs.square();
    Eigen::Map<Eigen::ArrayXf>(w + i, e) -= alpha_ * gs / (hm.sqrt() + epsilon_);
    compute(7 * len);
    write(h + i, bytes);
    write(w + i, bytes);
  }
}

}  // namespace sttvp::sw
