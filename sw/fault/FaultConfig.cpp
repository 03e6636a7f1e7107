#include "sw/fault/FaultConfig.h"

#include <stdexcept>

namespace sttvp::sw {

void FaultConfig::validate(std::size_t layer_count) const {
  if (!(p >= 0.0 && p <= 1.0))
    throw std::invalid_argument("fault: p = " + std::to_string(p) + " is not in [0, 1]");
  if (bit_mask == 0) throw std::invalid_argument("fault: the bit mask selects no bit");
  if (forward_only && target == FaultTarget::Weights && timing == FaultTiming::PerResidency &&
      persistence == FaultPersistence::Transient) {
    throw std::invalid_argument(
        "fault: forward-only transient flips of the weights need per_read timing (a residency of "
        "the weights spans every share's forward and backward pass)");
  }
  for (std::size_t l : layers) {
    if (l >= layer_count)
      throw std::invalid_argument("fault: layer " + std::to_string(l) + " does not exist (the " +
                                  "network has " + std::to_string(layer_count) + " layers)");
  }
}

}  // namespace sttvp::sw
