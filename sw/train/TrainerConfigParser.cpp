#include "sw/train/TrainerConfigParser.h"

#include <algorithm>
#include <utility>

namespace sttvp::sw {

namespace {

float to_float(double v) { return static_cast<float>(v); }

void parse_mlp(ConfigNode node, TrainerConfig& c) {
  const auto layers = node.u64("hidden_layers", 1, 16);
  const auto units = node.u64("hidden_units", 1, 65536);
  c.mlp.hidden.assign(layers, units);
  c.mlp.tanh_output = node.boolean("tanh_output", true);
  node.finish();
}

void parse_input(ConfigNode node, TrainerConfig& c) {
  c.input.min = to_float(node.real("min", -1e3, 1e3));
  c.input.max = to_float(node.real("max", -1e3, 1e3));
  if (!(c.input.max > c.input.min)) node.fail("max", "must be above input.min");
  c.input.padding = node.u64("padding", 0, 64, 0);
  node.finish();
}

void parse_loss(ConfigNode node, TrainerConfig& c) {
  c.loss = kLossKinds.read(node, "kind");
  if (c.loss == LossKind::Mse) {
    c.target_high = to_float(node.real("target_high", -1e3, 1e3));
    c.target_low = to_float(node.real("target_low", -1e3, 1e3));
    if (!(c.target_high > c.target_low)) node.fail("target_high", "must be above target_low");
  }
  node.finish();
}

void parse_optimizer(ConfigNode node, TrainerConfig& c) {
  OptimizerConfig& o = c.optimizer;
  o.kind = kOptimizerKinds.read(node, "kind");
  o.alpha = to_float(node.real("alpha", 1e-12, 100));
  if (o.kind == OptimizerKind::Adam) {
    o.beta1 = to_float(node.real("beta1", 0, 0.999999));
    o.beta2 = to_float(node.real("beta2", 0, 0.999999));
    o.epsilon = to_float(node.real("epsilon", 0, 1));
  } else if (o.kind == OptimizerKind::Adagrad) {
    o.epsilon = to_float(node.real("epsilon", 0, 1));
  } else {
    o.momentum = to_float(node.real("momentum", 0, 0.999999));
    o.weight_decay = to_float(node.real("weight_decay", 0, 1, 0));
  }
  node.finish();
}

void parse_schedule(ConfigNode node, TrainerConfig& c) {
  LearningRateSchedule& s = c.schedule;
  s.kind = kScheduleKinds.read(node, "kind", ScheduleKind::Constant);
  if (s.kind == ScheduleKind::Step) {
    s.factor = node.real("factor", 1e-6, 1);
    s.every_epochs = static_cast<unsigned>(node.u64("every_epochs", 1, 100000));
  } else if (s.kind == ScheduleKind::Cosine) {
    s.final_fraction = node.real("final_fraction", 0, 1, 0);
  }
  node.finish();
}

void parse_augment(ConfigNode node, TrainerConfig& c) {
  c.augment.shift = static_cast<unsigned>(node.u64("shift", 0, 8, 0));
  c.augment.rotate_degrees = to_float(node.real("rotate_degrees", 0, 90, 0));
  c.augment.scale = to_float(node.real("scale", 0, 0.5, 0));
  node.finish();
}

void parse_tiling(ConfigNode node, TrainerConfig& c) {
  for (auto [key, field] : {std::pair{"mc", &c.tiling.mc}, std::pair{"nc", &c.tiling.nc},
                            std::pair{"kc", &c.tiling.kc}}) {
    *field = node.u64(key, 16, 4096, *field);
    if (*field % 16 != 0) node.fail(key, "tile sizes must be multiples of 16 (one line of floats)");
  }
  node.finish();
}

}  // namespace

TrainerConfig TrainerConfigParser::parse(ConfigNode node, unsigned default_shares) {
  TrainerConfig c;
  node.text("name", {}, "");
  node.text("description", {}, "");
  c.net = kNetKinds.read(node, "net");
  // Children first: a default written into this object may move its members in memory.
  if (c.net == NetKind::Mlp) parse_mlp(node.child("mlp"), c);
  parse_input(node.child("input"), c);
  parse_loss(node.child("loss"), c);
  parse_optimizer(node.child("optimizer"), c);
  parse_schedule(node.child_or_empty("schedule"), c);
  parse_tiling(node.child_or_empty("tiling"), c);
  parse_augment(node.child_or_empty("augment"), c);

  const std::size_t side = kImageSide + 2 * c.input.padding;
  if (c.net == NetKind::LeNet5 && side != 32)
    node.fail("input.padding", "LeNet-5 takes 32 x 32 inputs: padding must be 2");
  c.mlp.inputs = side * side;
  c.mlp.outputs = kClasses;

  c.epochs = static_cast<unsigned>(node.u64("epochs", 1, 100000));
  c.minibatch = node.u64("minibatch", 1, 65536);
  c.shares = static_cast<unsigned>(
      node.u64("shares", 1, 1024, std::min<std::uint64_t>(default_shares, c.minibatch)));
  if (c.shares > c.minibatch) node.fail("shares", "more shares than samples in a minibatch");
  c.seed = node.u64("seed", 0, ~std::uint64_t{0}, 1);
  c.shuffle = node.boolean("shuffle");
  c.evaluate_test = node.boolean("evaluate_test", true);
  node.finish();
  c.validate();
  return c;
}

TrainerConfig TrainerConfigParser::load(const std::string& path, unsigned default_shares) {
  return parse(ConfigNode(ConfigDocument::load(path)), default_shares);
}

}  // namespace sttvp::sw
