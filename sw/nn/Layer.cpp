#include "sw/nn/Layer.h"

#include <cmath>

#include "sw/nn/Rng.h"

namespace sttvp::sw {

void Layer::xavier_uniform(float* w, std::size_t count, std::size_t fan_in, std::size_t fan_out,
                           Rng& rng) {
  const float s = std::sqrt(6.0f / static_cast<float>(fan_in + fan_out));
  for (std::size_t i = 0; i < count; ++i) w[i] = rng.uniform(-s, s);
}

}  // namespace sttvp::sw
