#include "sw/train/Optimizer.h"

#include "sw/train/Adagrad.h"
#include "sw/train/Adam.h"
#include "sw/train/Momentum.h"

namespace sttvp::sw {

std::unique_ptr<Optimizer> Optimizer::create(const OptimizerConfig& config) {
  switch (config.kind) {
    case OptimizerKind::Adagrad:
      return std::make_unique<Adagrad>(config.alpha, config.epsilon);
    case OptimizerKind::Adam:
      return std::make_unique<Adam>(config.alpha, config.beta1, config.beta2, config.epsilon);
    case OptimizerKind::Momentum:
      return std::make_unique<Momentum>(config.alpha, config.momentum, config.weight_decay);
  }
  return nullptr;
}

}  // namespace sttvp::sw
