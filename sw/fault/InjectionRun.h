// One training run under open-loop fault injection, monitored for NaN/Inf and with optional
// software mitigations, driven step by step:
//
//   hooks: FaultInjector -> RangeRestriction -> GradientGuard -> DivergenceMonitor (HookChain
//   order: the injector flips first, the mitigations see its flips, the monitor counts what the
//   layers then produced).
//   after each step: the step's loss goes to the monitor; the parameters are scanned; if any is
//   NaN or infinite the run has diverged at this step, unless rollback is on and a checkpoint
//   exists (then the checkpoint is restored and training goes on from the next step); with
//   rollback, a checkpoint is saved every `checkpoint_every` steps after a step whose loss,
//   parameters and optimizer state were all finite (and once before the first step).
//   a diverged run stops at once when stop_on_divergence (the weights will not recover: NaN
//   spreads through every later update), else it trains on to the end.
//   at the end: test accuracy of the final weights (evaluation runs no hooks: the faults are
//   injected into training only).
//
// Nothing here draws random numbers or touches what the trainer computes unless a fault or a
// mitigation does, so with p = 0 and no mitigation the weights are bit-identical to a plain
// Trainer run of the same steps.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sw/data/TrainingData.h"
#include "sw/fault/FaultConfig.h"
#include "sw/fault/FlipLog.h"
#include "sw/train/Trainer.h"

namespace sttvp::sw {

struct MitigationConfig {
  bool range_restriction = false;
  bool gradient_guard = false;
  bool rollback = false;
  std::uint64_t checkpoint_every = 100;  // steps between rollback checkpoints

  bool any() const { return range_restriction || gradient_guard || rollback; }
  // "none", or the names joined by '+': "range", "grad_guard", "rollback" (e.g. "range+rollback").
  std::string name() const;
  // Parses such a name; false if it is not one (a part unknown or repeated).
  static bool parse(const std::string& name, MitigationConfig& out);
};

struct InjectionRunConfig {
  FaultConfig fault;
  MitigationConfig mitigation;
  bool stop_on_divergence = true;
  FlipLog* log = nullptr;           // append every flip here (optional)
  const FlipLog* replay = nullptr;  // apply these flips instead of sampling (optional)
};

struct InjectionResult {
  std::uint64_t steps_planned = 0;
  std::uint64_t steps_trained = 0;
  bool diverged = false;
  std::int64_t diverged_step = -1;  // first step after which a parameter was non-finite
  // First step with a NaN/Inf loss, layer output, gradient (when the guard scans them) or
  // parameter; -1: none.
  std::int64_t first_nonfinite_step = -1;
  std::uint64_t nonfinite_samples = 0;  // training samples with a non-finite output or loss
  std::vector<std::uint64_t> nonfinite_outputs;           // per layer, over all steps
  std::vector<std::int64_t> first_nonfinite_output_step;  // per layer, -1: never

  std::uint64_t flips = 0;
  std::uint64_t nonfinite_flips = 0;  // flips that made a value NaN or infinite
  std::uint64_t restored_flips = 0;   // transient flips undone
  std::vector<std::uint64_t> flips_per_layer;

  std::vector<std::uint64_t> clamped;  // range restriction: values changed, per layer
  std::uint64_t skipped_steps = 0;     // gradient guard
  std::uint64_t rollbacks = 0;
  std::uint64_t checkpoints = 0;

  double final_loss = 0;            // mean finite training loss over the last epoch trained
  double final_train_accuracy = 0;  // over the same samples
  double test_accuracy = 0;         // NaN without a test set
  std::uint64_t test_nonfinite = 0;
  double train_seconds = 0;       // host time of the training steps (hooks included)
  double mitigation_seconds = 0;  // of which in mitigations (clamps, scans, checkpoints)
  double eval_seconds = 0;
  std::uint64_t params_hash = 0;  // FNV-1a of the final parameters' bits
};

class InjectionRun {
 public:
  using Progress = std::function<void(std::uint64_t done, std::uint64_t total)>;

  // Throws std::invalid_argument if the fault config does not fit the trainer's network.
  InjectionRun(Trainer& trainer, InjectionRunConfig config);

  // Trains `steps` minibatches from the trainer's current step, then evaluates `test`.
  InjectionResult run(std::uint64_t steps, const TrainingData& test, const Progress& progress = {});

  // FNV-1a over the bits of the network's parameters: equal hashes, (almost surely) equal weights.
  static std::uint64_t params_hash(const Trainer& trainer);

 private:
  Trainer& trainer_;
  InjectionRunConfig config_;
};

}  // namespace sttvp::sw
