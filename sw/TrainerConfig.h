// Everything that fixes a training run, independent of where it runs: with the same config (and
// data) a run is bit-identical on any executor, native or simulated, with any number of workers.
#pragma once

#include <cstddef>
#include <cstdint>

#include "sw/Gemm.h"
#include "sw/Loss.h"
#include "sw/Network.h"
#include "sw/Optimizer.h"

namespace sttvp::sw {

enum class NetKind : std::uint8_t { LeNet5, Mlp };

struct TrainerConfig {
  NetKind net = NetKind::LeNet5;
  MlpShape mlp;  // used when net == Mlp
  LossKind loss = LossKind::Mse;
  float target_high = 0.8f;  // MSE targets (tanh outputs)
  float target_low = -0.8f;
  OptimizerConfig optimizer;
  unsigned epochs = 10;
  std::size_t minibatch = 16;
  // Shares of each minibatch, each processed by one worker into its own gradient buffer, then
  // summed in share order. The result depends on this number, never on the executor's workers.
  unsigned shares = 1;
  std::uint64_t seed = 1;  // weights; and the epoch orders when shuffling
  // Visit the training set in a fresh seeded order every epoch; false: file order (tiny-dnn).
  bool shuffle = true;
  bool evaluate_test = true;  // test accuracy at the end of every epoch
  // Data augmentation: each training image is shifted by up to this many pixels in x and y
  // (uniform, drawn from (seed, step, position in the minibatch), so independent of shares and
  // workers); uncovered pixels take the value of the image's top-left pixel (the background).
  unsigned shift_augment = 0;
  GemmTiling tiling;

  // Throws std::invalid_argument naming the offending field.
  void validate() const;

  // tiny-dnn's MNIST example: Adagrad alpha = 0.01 min(4, sqrt(16)) = 0.04, minibatch 16, MSE
  // against +-0.8, no shuffling (REFERENCE.md: ~77 % after 10 epochs on the 8,000/2,000 split).
  static TrainerConfig lenet_reference();
  // Converging LeNet default: Adam alpha = 0.001 (tiny-dnn defaults b1 0.9, b2 0.999), shuffled.
  static TrainerConfig lenet_default();
  // MLP 784-512-512-10: tanh hidden layers, linear outputs with softmax cross-entropy, Adam
  // alpha = 0.001, minibatch 16, shifts of up to 1 pixel (pixels in [0, 1]).
  static TrainerConfig mlp_default();
  // MLP 784-64-10 for quick runs.
  static TrainerConfig mlp_small();
};

}  // namespace sttvp::sw
