#include "sw/workload/TrainingWorkload.h"

#include <algorithm>
#include <filesystem>
#include <limits>

#include "models/common/InputError.h"
#include "sw/probe/Probe.h"

namespace sttvp::sw {

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

TrainingWorkload::TrainingWorkload(const TrainerConfig& config, TrainingData train,
                                   TrainingData test, RegionOfInterest roi)
    : config_(config),
      train_(std::move(train)),
      test_(std::move(test)),
      roi_(roi),
      serial_(config.shares),
      trainer_(config_, train_, test_, serial_) {}

TrainingData TrainingWorkload::load(const std::string& dir, Dataset::Split split,
                                    const TrainerConfig& config, std::size_t max_samples) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw InputError(dir, "",
                     "no such data folder; run scripts/fetch-mnist.sh to fetch MNIST into "
                     "data/mnist, or pass --data DIR (a folder of IDX files, e.g. Fashion-MNIST)");
  }
  return TrainingData::from_dataset(
      Dataset::load_dir(dir, split, config.dataset_options(max_samples)));
}

std::uint64_t TrainingWorkload::roi_end() const {
  const std::uint64_t total = total_steps();
  if (roi_.steps == 0) return std::max(total, roi_.first_step);
  return roi_.first_step + roi_.steps;
}

void TrainingWorkload::run(Executor& executor) { run_until(roi_end(), &executor); }

void TrainingWorkload::finish() { run_until(total_steps(), nullptr); }

void TrainingWorkload::close() {
  if (epoch_steps_ > 0) end_epoch(true);
}

void TrainingWorkload::run_until(std::uint64_t end, Executor* simulated) {
  const std::uint64_t spe = trainer_.steps_per_epoch();
  const std::uint64_t planned = planned_end_ != 0 ? planned_end_ : roi_end();
  while (trainer_.step() < end) {
    const std::uint64_t step = trainer_.step();
    const bool sim = simulated != nullptr && step >= roi_.first_step && step < roi_end();
    const auto t0 = std::chrono::steady_clock::now();
    LossResult r;
    if (sim) {
      trainer_.set_executor(*simulated);
      const double sim0 = sim_clock_ ? sim_clock_() : 0.0;
      r = trainer_.run_steps(step, 1);
      const double sim_ns = sim_clock_ ? sim_clock_() - sim0 : 0.0;
      const double wall = seconds_since(t0);
      epoch_sim_ns_ += sim_ns;
      simulated_ns_ += sim_ns;
      simulated_wall_s_ += wall;
      ++simulated_steps_;
      ++epoch_simulated_steps_;
      simulated_loss_ += r;
      epoch_wall_s_ += wall;
    } else {
      // Native: no probe sink (not even the simulated core whose thread may be running this).
      SinkScope native(nullptr);
      trainer_.set_executor(serial_);
      r = trainer_.run_steps(step, 1);
      epoch_wall_s_ += seconds_since(t0);
    }
    epoch_loss_ += r;
    ++epoch_steps_;
    if (on_progress_) {
      TrainingProgress p;
      p.step = trainer_.step();
      p.total = std::max(planned, p.step);
      p.steps_per_epoch = spe;
      const std::uint64_t finite = epoch_loss_.samples - epoch_loss_.nonfinite;
      p.loss = finite > 0 ? epoch_loss_.loss_sum / static_cast<double>(finite) : 0.0;
      p.simulated = sim;
      on_progress_(p);
    }
    if (trainer_.step() % spe == 0) end_epoch(false);
  }
  trainer_.set_executor(serial_);
}

void TrainingWorkload::end_epoch(bool partial) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EpochRecord rec;
  const std::uint64_t spe = trainer_.steps_per_epoch();
  rec.epoch = partial ? static_cast<double>(trainer_.step()) / static_cast<double>(spe)
                      : static_cast<double>(trainer_.step() / spe);
  const std::uint64_t finite = epoch_loss_.samples - epoch_loss_.nonfinite;
  rec.loss = finite > 0 ? epoch_loss_.loss_sum / static_cast<double>(finite) : nan;
  rec.train_accuracy = epoch_loss_.samples > 0 ? static_cast<double>(epoch_loss_.correct) /
                                                     static_cast<double>(epoch_loss_.samples)
                                               : nan;
  rec.test_accuracy = nan;
  rec.wall_s = epoch_wall_s_;
  rec.sim_ns = epoch_sim_ns_;
  rec.steps = epoch_steps_;
  rec.simulated_steps = epoch_simulated_steps_;
  rec.nonfinite = epoch_loss_.nonfinite;
  if (on_epoch_ && config_.evaluate_test && test_.size() > 0) {
    SinkScope native(nullptr);
    trainer_.set_executor(serial_);
    const LossResult t = trainer_.evaluate(test_);
    rec.test_accuracy = static_cast<double>(t.correct) / static_cast<double>(t.samples);
  }
  history_.push_back(rec);
  epoch_loss_ = LossResult{};
  epoch_wall_s_ = 0;
  epoch_sim_ns_ = 0;
  epoch_steps_ = 0;
  epoch_simulated_steps_ = 0;
  if (on_epoch_) on_epoch_(rec);
}

}  // namespace sttvp::sw
