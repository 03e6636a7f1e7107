#include "sw/nn/Network.h"

#include <stdexcept>
#include <utility>

#include "sw/nn/AvgPoolLayer.h"
#include "sw/nn/ConnectionTable.h"
#include "sw/nn/ConvLayer.h"
#include "sw/nn/FullyConnectedLayer.h"
#include "sw/nn/Rng.h"
#include "sw/nn/TanhLayer.h"
#include "sw/nn/Workspace.h"
#include "sw/probe/Probe.h"

namespace sttvp::sw {
namespace {

constexpr std::size_t kLineFloats = 16;

std::size_t round_up_to_line(std::size_t floats) {
  return (floats + kLineFloats - 1) / kLineFloats * kLineFloats;
}

}  // namespace

Network::Network(std::string name, Shape3 input) : name_(std::move(name)), input_(input) {}

Network Network::lenet5(std::uint64_t seed, GemmTiling tiling) {
  Network net("lenet5", {1, 32, 32});
  net.add(std::make_unique<ConvLayer>(Shape3{1, 32, 32}, 6, 5, std::nullopt, tiling));  // 0
  net.add(std::make_unique<TanhLayer>(Shape3{6, 28, 28}));                              // 1
  net.add(std::make_unique<AvgPoolLayer>(Shape3{6, 28, 28}, 2));                        // 2
  net.add(std::make_unique<TanhLayer>(Shape3{6, 14, 14}));                              // 3
  net.add(std::make_unique<ConvLayer>(Shape3{6, 14, 14}, 16, 5, ConnectionTable::lenet_c3(),
                                      tiling));                                          // 4
  net.add(std::make_unique<TanhLayer>(Shape3{16, 10, 10}));                              // 5
  net.add(std::make_unique<AvgPoolLayer>(Shape3{16, 10, 10}, 2));                        // 6
  net.add(std::make_unique<TanhLayer>(Shape3{16, 5, 5}));                                // 7
  net.add(std::make_unique<ConvLayer>(Shape3{16, 5, 5}, 120, 5, std::nullopt, tiling));  // 8
  net.add(std::make_unique<TanhLayer>(Shape3{120, 1, 1}));                               // 9
  net.add(std::make_unique<FullyConnectedLayer>(120, 10, tiling));                       // 10
  net.add(std::make_unique<TanhLayer>(Shape3{10, 1, 1}));                                // 11
  net.init(seed);
  return net;
}

Network Network::mlp(const MlpShape& shape, std::uint64_t seed, GemmTiling tiling) {
  Network net("mlp", {shape.inputs, 1, 1});
  std::size_t width = shape.inputs;
  for (std::size_t hidden : shape.hidden) {
    net.add(std::make_unique<FullyConnectedLayer>(width, hidden, tiling));
    net.add(std::make_unique<TanhLayer>(Shape3{hidden, 1, 1}));
    width = hidden;
  }
  net.add(std::make_unique<FullyConnectedLayer>(width, shape.outputs, tiling));
  if (shape.tanh_output) net.add(std::make_unique<TanhLayer>(Shape3{shape.outputs, 1, 1}));
  net.init(seed);
  return net;
}

void Network::add(std::unique_ptr<Layer> layer) {
  const std::size_t expected = layers_.empty() ? input_.size() : layers_.back()->out_size();
  if (layer->in_size() != expected) {
    throw std::invalid_argument("Network '" + name_ + "': layer " + std::to_string(layers_.size()) +
                                " (" + layer->type() + ") expects " +
                                std::to_string(layer->in_size()) +
                                " inputs, the previous layer gives " + std::to_string(expected));
  }
  layers_.push_back(std::move(layer));
}

void Network::init(std::uint64_t seed) {
  ranges_.clear();
  std::size_t offset = 0;
  for (const auto& layer : layers_) {
    ParamRange r;
    r.weight_offset = offset;
    r.weight_count = layer->weight_count();
    offset = round_up_to_line(offset + r.weight_count);
    r.bias_offset = offset;
    r.bias_count = layer->bias_count();
    offset = round_up_to_line(offset + r.bias_count);
    ranges_.push_back(r);
  }
  params_ = Tensor(offset);
  Rng rng(seed);
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    layers_[l]->init_params(params_.data() + ranges_[l].weight_offset,
                            params_.data() + ranges_[l].bias_offset, rng);
  }
}

std::size_t Network::output_size() const {
  return layers_.empty() ? input_.size() : layers_.back()->out_size();
}

std::size_t Network::param_count() const {
  std::size_t count = 0;
  for (const ParamRange& r : ranges_) count += r.weight_count + r.bias_count;
  return count;
}

LayerParams Network::layer_params(std::size_t i) const {
  return {params_.data() + ranges_[i].weight_offset, params_.data() + ranges_[i].bias_offset};
}

void Network::forward(Workspace& workspace, std::size_t n) const {
  for (std::size_t l = 0; l < layers_.size(); ++l) forward_layer(l, workspace, n);
}

void Network::backward(Workspace& workspace, std::size_t n) const {
  for (std::size_t l = layers_.size(); l-- > 0;) backward_layer(l, workspace, n);
}

void Network::forward_layer(std::size_t l, Workspace& workspace, std::size_t n) const {
  phase(Phase::Forward, static_cast<int>(l));
  LayerIo io;
  io.x = workspace.activation(l).data();
  io.y = workspace.activation(l + 1).data();
  io.scratch = workspace.scratch(l).data();
  io.n = n;
  layers_[l]->forward(layer_params(l), io);
}

void Network::backward_layer(std::size_t l, Workspace& workspace, std::size_t n) const {
  phase(Phase::Backward, static_cast<int>(l));
  LayerIo io;
  io.x = workspace.activation(l).data();
  io.y = workspace.activation(l + 1).data();
  io.dy = workspace.delta(l + 1).data();
  io.dx = l > 0 ? workspace.delta(l).data() : nullptr;
  io.scratch = workspace.scratch(l).data();
  io.n = n;
  LayerGradients grads;
  grads.weights = workspace.gradient().data() + ranges_[l].weight_offset;
  grads.bias = workspace.gradient().data() + ranges_[l].bias_offset;
  layers_[l]->backward(layer_params(l), grads, io);
}

}  // namespace sttvp::sw
