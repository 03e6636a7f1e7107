// A feed-forward network: a chain of layers with stable indices 0..L-1 (used by statistics and
// fault injection), and one flat, 64-byte-aligned parameter tensor in which every layer's weights
// and biases start on a cache line. Parameter gradients and optimizer state use the same layout.
//
// forward/backward run one share of a minibatch in a Workspace and mark each layer's phase
// (Forward/Backward with the layer index) before its kernels report their accesses.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sw/nn/Gemm.h"
#include "sw/nn/Layer.h"
#include "sw/nn/Tensor.h"

namespace sttvp::sw {

class Workspace;

// Where a layer's parameters live in the flat parameter tensor (offsets and counts in floats).
struct ParamRange {
  std::size_t weight_offset = 0;
  std::size_t weight_count = 0;
  std::size_t bias_offset = 0;
  std::size_t bias_count = 0;
};

// A fully connected net: inputs -> hidden... -> outputs, a tanh after every fc layer (after the
// last one only when tanh_output).
struct MlpShape {
  std::size_t inputs = 784;
  std::vector<std::size_t> hidden = {512, 512};
  std::size_t outputs = 10;
  bool tanh_output = true;
};

class Network {
 public:
  Network(std::string name, Shape3 input);

  // LeNet-5 as tiny-dnn's MNIST example (12 layers, see REFERENCE.md), input 1 x 32 x 32.
  static Network lenet5(std::uint64_t seed, GemmTiling tiling = {});
  static Network mlp(const MlpShape& shape, std::uint64_t seed, GemmTiling tiling = {});

  // Appends a layer whose input shape must equal the current output shape.
  void add(std::unique_ptr<Layer> layer);
  // Lays out the parameters and draws them (layer by layer, from one generator seeded by seed).
  void init(std::uint64_t seed);

  const std::string& name() const { return name_; }
  std::size_t layer_count() const { return layers_.size(); }
  const Layer& layer(std::size_t i) const { return *layers_[i]; }
  const ParamRange& param_range(std::size_t i) const { return ranges_[i]; }
  const Shape3& input_shape() const { return input_; }
  std::size_t input_size() const { return input_.size(); }
  std::size_t output_size() const;

  Tensor& params() { return params_; }
  const Tensor& params() const { return params_; }
  // Floats in the parameter tensor, alignment padding included.
  std::size_t param_size() const { return params_.size(); }
  // Trainable parameters (weights and biases), padding excluded.
  std::size_t param_count() const;
  LayerParams layer_params(std::size_t i) const;

  // Runs layers 0..L-1 on the first n samples of the workspace (activation 0 filled by caller).
  void forward(Workspace& workspace, std::size_t n) const;
  // Runs layers L-1..0 given delta L (filled by the loss): parameter gradients summed over the n
  // samples into the workspace's gradient; no input gradient for layer 0.
  void backward(Workspace& workspace, std::size_t n) const;
  // One layer of forward / backward (with its phase marker): the steps of the two loops above,
  // for callers that act between layers (Trainer's hooks).
  void forward_layer(std::size_t l, Workspace& workspace, std::size_t n) const;
  void backward_layer(std::size_t l, Workspace& workspace, std::size_t n) const;

 private:
  std::string name_;
  Shape3 input_;
  std::vector<std::unique_ptr<Layer>> layers_;
  std::vector<ParamRange> ranges_;
  Tensor params_;
};

}  // namespace sttvp::sw
