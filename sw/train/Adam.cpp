#include "sw/train/Adam.h"

#include <Eigen/Core>
#include <cmath>

namespace sttvp::sw {

Adam::Adam(float alpha, float beta1, float beta2, float epsilon)
    : Optimizer(alpha), beta1_(beta1), beta2_(beta2), epsilon_(epsilon) {}

void Adam::begin_step() {
  ++t_;
  const auto t = static_cast<double>(t_);
  correction1_ = static_cast<float>(1.0 - std::pow(static_cast<double>(beta1_), t));
  correction2_ = static_cast<float>(1.0 - std::pow(static_cast<double>(beta2_), t));
}

void Adam::update(float* w, const float* g, float* const* state, std::size_t n, float scale) const {
  float* m = state[0];
  float* v = state[1];
  for_each_chunk(w, g, state, n, 14, [&](std::size_t i, Eigen::Index e) {
    const Eigen::ArrayXf gs = Eigen::Map<const Eigen::ArrayXf>(g + i, e) * scale;
    Eigen::Map<Eigen::ArrayXf> mm(m + i, e);
    Eigen::Map<Eigen::ArrayXf> vm(v + i, e);
    mm = beta1_ * mm + (1.0f - beta1_) * gs;
    vm = beta2_ * vm + (1.0f - beta2_) * gs.square();
    Eigen::Map<Eigen::ArrayXf>(w + i, e) -=
        alpha_ * (mm / correction1_) / (vm / correction2_ + epsilon_).sqrt();
  });
}

}  // namespace sttvp::sw
