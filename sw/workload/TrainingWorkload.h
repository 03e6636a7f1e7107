// A training run as a platform workload: LeNet-5 or an MLP trained on a data set for the
// configured epochs, with a region of interest (ROI) of minibatches that runs on a given executor
// (the simulated cores) while every other step runs natively.
//
// Steps before the ROI and after it run on a SerialExecutor(config.shares) with no probe sink,
// test evaluations always do, so they cost no simulated time and report no traffic. The numbers
// computed depend only on config.shares (see Trainer), so a run is bit-identical whichever steps
// were simulated.
//
//   run(executor): from the current step to the end of the ROI (the workload of `sttvp run`);
//   finish():      natively from the current step to the end of training;
//   close():       evaluates and reports a partial last epoch, if any.
// `sttvp train` calls run() inside the simulation, then finish() (or close() with
// --stop-after-roi); natively it calls finish() alone.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sw/data/TrainingData.h"
#include "sw/train/Trainer.h"
#include "sw/train/TrainerConfig.h"
#include "sw/workload/Executor.h"

namespace sttvp::sw {

// Minibatches [first_step, first_step + steps) run on the executor given to run(); steps = 0
// means to the end of training.
struct RegionOfInterest {
  std::uint64_t first_step = 0;
  std::uint64_t steps = 0;
};

// One row of train.csv.
struct EpochRecord {
  double epoch = 0;           // epochs completed; fractional for a partial last epoch
  double loss = 0;            // mean training loss over the epoch's finite samples
  double train_accuracy = 0;  // fraction of the epoch's samples classified right while training
  double test_accuracy = 0;   // NaN when not evaluated
  double wall_s = 0;          // host time of the epoch's training steps (evaluation excluded)
  double sim_ns = 0;          // simulated time of the epoch's simulated steps
  std::uint64_t steps = 0;
  std::uint64_t simulated_steps = 0;
  std::uint64_t nonfinite = 0;  // training samples with NaN/Inf outputs or loss
};

struct TrainingProgress {
  std::uint64_t step = 0;   // steps done
  std::uint64_t total = 0;  // steps the run will do
  std::uint64_t steps_per_epoch = 0;
  double loss = 0;  // running mean over the current epoch
  bool simulated = false;
};

class TrainingWorkload final : public Workload {
 public:
  using EpochCallback = std::function<void(const EpochRecord&)>;
  using ProgressCallback = std::function<void(const TrainingProgress&)>;

  TrainingWorkload(const TrainerConfig& config, TrainingData train, TrainingData test,
                   RegionOfInterest roi);

  // Loads split `split` of the IDX folder `dir` preprocessed for `config` (its first max_samples
  // samples; 0: all). A missing folder or file is an InputError saying how to fetch MNIST.
  static TrainingData load(const std::string& dir, Dataset::Split split,
                           const TrainerConfig& config, std::size_t max_samples);

  void run(Executor& executor) override;
  void finish();
  void close();

  // Called after every epoch (and by close()). Without it test sets are never evaluated.
  void on_epoch(EpochCallback callback) { on_epoch_ = std::move(callback); }
  void on_progress(ProgressCallback callback) { on_progress_ = std::move(callback); }
  // Simulated time now, in ns (the platform's clock), read around simulated steps.
  void set_sim_clock(std::function<double()> now_ns) { sim_clock_ = std::move(now_ns); }
  // The step at which the caller will stop, for progress reports (default: the end of the ROI).
  void set_planned_end(std::uint64_t step) { planned_end_ = step; }

  Trainer& trainer() { return trainer_; }
  const Trainer& trainer() const { return trainer_; }
  const TrainingData& train_data() const { return train_; }
  const TrainingData& test_data() const { return test_; }
  std::uint64_t total_steps() const { return trainer_.steps_per_epoch() * config_.epochs; }
  std::uint64_t roi_begin() const { return roi_.first_step; }
  std::uint64_t roi_end() const;
  const std::vector<EpochRecord>& history() const { return history_; }
  // Host time and simulated time of the simulated steps, and their count.
  double simulated_wall_s() const { return simulated_wall_s_; }
  double simulated_ns() const { return simulated_ns_; }
  std::uint64_t simulated_steps() const { return simulated_steps_; }
  // Loss over the simulated steps.
  const LossResult& simulated_loss() const { return simulated_loss_; }

 private:
  // Trains steps [step, end), the ROI steps on `simulated` when given.
  void run_until(std::uint64_t end, Executor* simulated);
  void end_epoch(bool partial);

  TrainerConfig config_;
  TrainingData train_;
  TrainingData test_;
  RegionOfInterest roi_;
  SerialExecutor serial_;
  Trainer trainer_;
  std::uint64_t planned_end_ = 0;  // 0: roi_end()
  EpochCallback on_epoch_;
  ProgressCallback on_progress_;
  std::function<double()> sim_clock_;

  // The epoch in progress.
  LossResult epoch_loss_;
  double epoch_wall_s_ = 0;
  double epoch_sim_ns_ = 0;
  std::uint64_t epoch_steps_ = 0;
  std::uint64_t epoch_simulated_steps_ = 0;

  std::vector<EpochRecord> history_;
  double simulated_wall_s_ = 0;
  double simulated_ns_ = 0;
  std::uint64_t simulated_steps_ = 0;
  LossResult simulated_loss_;
};

}  // namespace sttvp::sw
