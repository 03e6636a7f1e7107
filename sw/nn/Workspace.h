// Everything one share of a minibatch writes while a network trains: the activations between
// layers, their gradients, each layer's scratch, the labels, and a parameter gradient laid out
// like the network's parameters. One workspace per share keeps shares independent, so workers
// can run them in any order or concurrently and the result depends only on the number of shares.
//
// Activation i (0..L) is the input of layer i and the output of layer i-1: n_max x size floats.
// Delta i is the gradient of the loss with respect to activation i (none for i = 0).
#pragma once

#include <cstdint>
#include <vector>

#include "sw/nn/AlignedAllocator.h"
#include "sw/nn/Tensor.h"

namespace sttvp::sw {

class Network;

class Workspace {
 public:
  Workspace(const Network& network, std::size_t capacity);

  std::size_t capacity() const { return capacity_; }
  Tensor& activation(std::size_t i) { return activations_[i]; }
  const Tensor& activation(std::size_t i) const { return activations_[i]; }
  Tensor& delta(std::size_t i) { return deltas_[i]; }
  const Tensor& delta(std::size_t i) const { return deltas_[i]; }
  Tensor& scratch(std::size_t layer) { return scratch_[layer]; }
  const Tensor& scratch(std::size_t layer) const { return scratch_[layer]; }
  Tensor& gradient() { return gradient_; }
  const Tensor& gradient() const { return gradient_; }
  std::uint8_t* labels() { return labels_.data(); }
  const std::uint8_t* labels() const { return labels_.data(); }

 private:
  std::size_t capacity_;
  std::vector<Tensor> activations_;
  std::vector<Tensor> deltas_;
  std::vector<Tensor> scratch_;
  Tensor gradient_;
  std::vector<std::uint8_t, AlignedAllocator<std::uint8_t>> labels_;
};

}  // namespace sttvp::sw
