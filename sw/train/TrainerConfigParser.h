// Reads a training configuration (a preset in configs/training/, or the `training` section of a
// training workload) into a validated sw::TrainerConfig. Unknown keys, wrong types and values out
// of range are sttvp::InputError naming the file and key path; defaults that were used are
// written into the document so that the resolved config shows them.
//
// Keys (see README "Training"): name, description, net (lenet | mlp), mlp.{hidden_layers,
// hidden_units, tanh_output}, input.{min, max, padding}, loss.{kind, target_high, target_low},
// optimizer.{kind, alpha, beta1, beta2, epsilon, momentum, weight_decay}, schedule.{kind, factor,
// every_epochs, final_fraction}, epochs, minibatch, shares, seed, shuffle, evaluate_test,
// augment.{shift, rotate_degrees, scale}, tiling.{mc, nc, kc}. Optimizer, loss and schedule keys
// depend on their kind.
#pragma once

#include <string>

#include "models/common/ConfigNode.h"
#include "models/common/EnumTable.h"
#include "sw/train/TrainerConfig.h"

namespace sttvp::sw {

// The kinds by their names in training configs.
inline constexpr EnumTable<NetKind, 2> kNetKinds{
    {{{NetKind::LeNet5, "lenet"}, {NetKind::Mlp, "mlp"}}}};
inline constexpr EnumTable<LossKind, 2> kLossKinds{
    {{{LossKind::Mse, "mse"}, {LossKind::SoftmaxCrossEntropy, "softmax-cross-entropy"}}}};
inline constexpr EnumTable<OptimizerKind, 3> kOptimizerKinds{
    {{{OptimizerKind::Adam, "adam"},
      {OptimizerKind::Adagrad, "adagrad"},
      {OptimizerKind::Momentum, "momentum"}}}};
inline constexpr EnumTable<ScheduleKind, 3> kScheduleKinds{{{{ScheduleKind::Constant, "constant"},
                                                             {ScheduleKind::Step, "step"},
                                                             {ScheduleKind::Cosine, "cosine"}}}};

class TrainerConfigParser {
 public:
  // Digits as the loaders deliver them: 28 x 28 before padding, 10 classes.
  static constexpr std::size_t kImageSide = 28;
  static constexpr std::size_t kClasses = 10;

  // Parses `node` (and finishes it). `default_shares` is used when the config has no `shares`
  // (one per simulated core, or 1 natively).
  static TrainerConfig parse(ConfigNode node, unsigned default_shares);
  // Loads a preset file (with its includes) and parses it.
  static TrainerConfig load(const std::string& path, unsigned default_shares = 1);
};

}  // namespace sttvp::sw
