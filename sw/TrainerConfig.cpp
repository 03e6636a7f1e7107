#include "sw/TrainerConfig.h"

#include <stdexcept>

namespace sttvp::sw {

void TrainerConfig::validate() const {
  if (minibatch == 0) throw std::invalid_argument("TrainerConfig.minibatch must be positive");
  if (shares == 0) throw std::invalid_argument("TrainerConfig.shares must be positive");
  if (shares > minibatch) {
    throw std::invalid_argument("TrainerConfig.shares must not exceed minibatch");
  }
  if (!(optimizer.alpha > 0.0f)) {
    throw std::invalid_argument("TrainerConfig.optimizer.alpha must be positive");
  }
  if (net == NetKind::Mlp && (mlp.inputs == 0 || mlp.outputs == 0)) {
    throw std::invalid_argument("TrainerConfig.mlp needs inputs and outputs");
  }
  for (std::size_t t : {tiling.mc, tiling.nc, tiling.kc}) {
    if (t == 0 || t % 16 != 0) {
      throw std::invalid_argument("TrainerConfig.tiling sizes must be positive multiples of 16");
    }
  }
}

TrainerConfig TrainerConfig::lenet_reference() {
  TrainerConfig c;
  c.net = NetKind::LeNet5;
  c.optimizer.kind = OptimizerKind::Adagrad;
  c.optimizer.alpha = 0.04f;
  c.shuffle = false;
  return c;
}

TrainerConfig TrainerConfig::lenet_default() {
  TrainerConfig c;
  c.net = NetKind::LeNet5;
  c.optimizer.kind = OptimizerKind::Adam;
  c.optimizer.alpha = 0.001f;
  return c;
}

TrainerConfig TrainerConfig::mlp_default() {
  TrainerConfig c;
  c.net = NetKind::Mlp;
  c.mlp.hidden = {512, 512};
  c.mlp.tanh_output = false;
  c.loss = LossKind::SoftmaxCrossEntropy;
  c.shift_augment = 1;
  c.optimizer.kind = OptimizerKind::Adam;
  c.optimizer.alpha = 0.001f;
  return c;
}

TrainerConfig TrainerConfig::mlp_small() {
  TrainerConfig c = mlp_default();
  c.mlp.hidden = {64};
  return c;
}

}  // namespace sttvp::sw
