#include "sw/nn/Workspace.h"

#include "sw/nn/Network.h"

namespace sttvp::sw {

Workspace::Workspace(const Network& network, std::size_t capacity)
    : capacity_(capacity), gradient_(network.param_size()), labels_(capacity) {
  const std::size_t layers = network.layer_count();
  activations_.emplace_back(capacity * network.input_size());
  deltas_.emplace_back();
  for (std::size_t l = 0; l < layers; ++l) {
    const Layer& layer = network.layer(l);
    activations_.emplace_back(capacity * layer.out_size());
    deltas_.emplace_back(capacity * layer.out_size());
    scratch_.emplace_back(layer.scratch_size(capacity));
  }
}

}  // namespace sttvp::sw
