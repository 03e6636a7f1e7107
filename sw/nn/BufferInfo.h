// One named float buffer of a training run, for fault injection and address attribution:
// "the inputs of layer L", "the weights of layer L", ... The same memory may be listed under two
// roles (the output of layer L-1 is the input of layer L).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace sttvp::sw {

enum class BufferKind : std::uint8_t {
  Input,           // activation read by the layer (per share)
  Output,          // activation written by the layer (per share)
  InputGradient,   // d loss / d input, written by the layer's backward pass (per share)
  OutputGradient,  // d loss / d output, read by the layer's backward pass (per share)
  Weights,         // shared by all shares
  Bias,            // shared by all shares
  WeightGradient,  // per share; share 0 holds the minibatch sum after the reduction
  BiasGradient,    // per share; share 0 holds the minibatch sum after the reduction
  WeightState,     // optimizer state vector `state` for the weights
  BiasState,       // optimizer state vector `state` for the biases
  Scratch,         // per share: the layer's temporary (unfolded convolution input, ...)
};

const char* buffer_kind_name(BufferKind kind);

struct BufferInfo {
  std::string name;  // e.g. "layer4.conv-table.weights", "layer1.tanh.input[share2]"
  BufferKind kind = BufferKind::Input;
  int layer = -1;
  int share = -1;  // -1: one buffer shared by every share
  int state = -1;  // optimizer state index for WeightState/BiasState, else -1
  float* data = nullptr;
  std::size_t count = 0;  // floats
};

}  // namespace sttvp::sw
