#include "sw/train/TrainerConfig.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace sttvp::sw {

namespace {
constexpr double kPi = 3.14159265358979323846;
}  // namespace

void TrainerConfig::validate() const {
  if (minibatch == 0) throw std::invalid_argument("TrainerConfig.minibatch must be positive");
  if (shares == 0) throw std::invalid_argument("TrainerConfig.shares must be positive");
  if (shares > minibatch) {
    throw std::invalid_argument("TrainerConfig.shares must not exceed minibatch");
  }
  if (!(optimizer.alpha > 0.0f)) {
    throw std::invalid_argument("TrainerConfig.optimizer.alpha must be positive");
  }
  if (!(input.max > input.min)) {
    throw std::invalid_argument("TrainerConfig.input: max must be above min");
  }
  if (net == NetKind::Mlp && (mlp.inputs == 0 || mlp.outputs == 0)) {
    throw std::invalid_argument("TrainerConfig.mlp needs inputs and outputs");
  }
  if (schedule.kind == ScheduleKind::Step &&
      (!(schedule.factor > 0.0) || schedule.every_epochs == 0)) {
    throw std::invalid_argument("TrainerConfig.schedule: step needs factor > 0, every_epochs > 0");
  }
  if (!(schedule.final_fraction >= 0.0 && schedule.final_fraction <= 1.0)) {
    throw std::invalid_argument("TrainerConfig.schedule.final_fraction must be in [0, 1]");
  }
  for (std::size_t t : {tiling.mc, tiling.nc, tiling.kc}) {
    if (t == 0 || t % 16 != 0) {
      throw std::invalid_argument("TrainerConfig.tiling sizes must be positive multiples of 16");
    }
  }
}

float TrainerConfig::learning_rate(std::uint64_t step, std::uint64_t steps_per_epoch) const {
  const double alpha = optimizer.alpha;
  switch (schedule.kind) {
    case ScheduleKind::Constant:
      break;
    case ScheduleKind::Step: {
      const std::uint64_t epoch = step / std::max<std::uint64_t>(1, steps_per_epoch);
      const double k = static_cast<double>(epoch / std::max(1u, schedule.every_epochs));
      return static_cast<float>(alpha * std::pow(schedule.factor, k));
    }
    case ScheduleKind::Cosine: {
      const double total = static_cast<double>(epochs) * static_cast<double>(steps_per_epoch);
      const double f = schedule.final_fraction;
      if (total <= 0 || static_cast<double>(step) >= total) return static_cast<float>(alpha * f);
      const double c = 0.5 * (1.0 + std::cos(kPi * static_cast<double>(step) / total));
      return static_cast<float>(alpha * (f + (1.0 - f) * c));
    }
  }
  return optimizer.alpha;
}

DatasetOptions TrainerConfig::dataset_options(std::size_t max_samples) const {
  DatasetOptions o;
  o.scale_min = input.min;
  o.scale_max = input.max;
  o.padding = input.padding;
  o.max_samples = max_samples;
  return o;
}

}  // namespace sttvp::sw
