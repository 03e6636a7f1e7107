// Data-parallel training of a network on a TrainingData set through an Executor.
//
// Every minibatch (step) is two fork-join regions:
//   1. executor.parallel: each worker runs whole shares of the minibatch (share s = samples
//      [s nb / S, (s+1) nb / S) of the batch, S = config.shares): input copy (phase Other), forward
//      (Forward, layer l), loss (Backward, no layer), backward (Backward, layer l) into the
//      share's own parameter-gradient buffer;
//   2. executor.parallel: each worker takes whole slices of the flat parameter vector (slice s =
//      [s P / S, (s+1) P / S), rounded to cache lines) and, per layer it covers (Update, layer l),
//      sums the shares' gradients in share order into share 0's buffer and applies the optimizer.
// Worker w runs shares w, w + W, w + 2W, ... (W = executor.workers()), so the numbers computed
// depend only on S: a SerialExecutor and a simulated multi-core platform give bit-identical
// weights. Steps are numbered from 0 across epochs; step s trains batch s mod B of epoch s / B
// (B = steps per epoch), whose sample order is a pure function of (seed, epoch).
//
// The trainer keeps references to the data sets: they must outlive it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "sw/data/TrainingData.h"
#include "sw/nn/BufferInfo.h"
#include "sw/nn/Loss.h"
#include "sw/nn/Network.h"
#include "sw/nn/Tensor.h"
#include "sw/nn/Workspace.h"
#include "sw/train/Optimizer.h"
#include "sw/train/TrainerConfig.h"
#include "sw/train/TrainerHooks.h"
#include "sw/workload/Executor.h"

namespace sttvp::sw {

struct EpochStats {
  unsigned epoch = 0;           // 1-based number of the epoch just completed
  std::uint64_t steps = 0;      // minibatches trained in this call
  double loss = 0.0;            // mean training loss over the epoch's finite samples
  double train_accuracy = 0.0;  // fraction of the epoch's samples classified right while training
  double test_loss = 0.0;       // NaN when not evaluated
  double test_accuracy = 0.0;   // NaN when not evaluated
  double seconds = 0.0;         // wall time of the training steps
  double eval_seconds = 0.0;    // wall time of the test evaluation
  std::uint64_t nonfinite = 0;  // training samples with NaN/Inf outputs or loss
  std::uint64_t test_nonfinite = 0;    // the same on the test set
  std::uint64_t nonfinite_params = 0;  // NaN/Inf parameters after the epoch
};

class Trainer {
 public:
  using EpochCallback = std::function<void(const EpochStats&)>;

  // Builds the network (weights drawn from config.seed), the optimizer and one workspace per
  // share. `test` may be empty.
  Trainer(const TrainerConfig& config, const TrainingData& train, const TrainingData& test,
          Executor& executor);

  void set_executor(Executor& executor) { executor_ = &executor; }
  Executor& executor() { return *executor_; }
  const TrainerConfig& config() const { return config_; }

  // config.epochs epochs from the current step, calling on_epoch after each.
  std::vector<EpochStats> train(const EpochCallback& on_epoch = {});
  // Trains to the end of the current epoch, then evaluates the test set (if configured).
  EpochStats run_epoch();
  // Trains `count` minibatches starting at step first_step. If first_step is ahead of step(),
  // the steps in between run first on a SerialExecutor(config.shares) (identical results).
  // first_step behind step() is an error (std::logic_error).
  LossResult run_steps(std::uint64_t first_step, std::uint64_t count);
  // Forward pass and loss over a data set, minibatch by minibatch, no update.
  LossResult evaluate(const TrainingData& data);

  // Fault injection, monitoring and mitigations during training steps (see TrainerHooks); null
  // (the default) runs without any call. The hooks must outlive their use.
  void set_hooks(TrainerHooks* hooks) { hooks_ = hooks; }
  TrainerHooks* hooks() const { return hooks_; }

  std::uint64_t step() const { return step_; }
  // Continues a run at `step` whose parameters and optimizer state were restored (Checkpoint):
  // the sample order, the augmentation and the learning rate are functions of the step, so the
  // run goes on as if never stopped. Only before the first step (std::logic_error otherwise).
  void resume(std::uint64_t step);
  std::uint64_t steps_per_epoch() const;
  unsigned epoch() const { return static_cast<unsigned>(step_ / steps_per_epoch()); }

  Network& network() { return network_; }
  const Network& network() const { return network_; }
  const Optimizer& optimizer() const { return *optimizer_; }
  const Workspace& workspace(unsigned share) const { return workspaces_[share]; }
  // Optimizer state vector s, laid out like the parameters.
  const Tensor& optimizer_state(std::size_t s) const { return state_[s]; }

  // Every float buffer of the run, by layer and role (see BufferInfo).
  std::vector<BufferInfo> buffers() const;
  std::vector<BufferInfo> buffers(int layer, BufferKind kind) const;
  // Parameters that are NaN or infinite (a host-side scan, not reported to the probe).
  std::uint64_t nonfinite_params() const;

 private:
  void train_step();
  // Samples indices[0, n) of `data` in share `share`; the first is slot first_slot of the batch.
  void run_share(unsigned share, const std::size_t* indices, std::size_t n,
                 const TrainingData& data, bool training, std::size_t first_slot);
  void copy_augmented(const float* src, float* dst, const TrainingData& data,
                      std::size_t slot) const;
  // Network::forward / backward of one share, layer by layer with the hooks around each layer.
  void forward_hooked(unsigned share, Workspace& ws, std::size_t n);
  void backward_hooked(unsigned share, Workspace& ws, std::size_t n);
  void update_slice(unsigned share, float scale);
  void reduce_and_update(std::size_t offset, std::size_t count, float scale);
  const std::vector<std::size_t>& epoch_order(std::uint64_t epoch);
  void parallel_over_shares(const std::function<void(unsigned share)>& body);
  void check_data(const TrainingData& data, const char* what) const;

  TrainerConfig config_;
  const TrainingData& train_;
  const TrainingData& test_;
  Executor* executor_;
  Network network_;
  std::unique_ptr<Loss> loss_;
  std::unique_ptr<Optimizer> optimizer_;
  std::vector<Workspace> workspaces_;
  std::vector<Tensor> state_;
  std::vector<LossResult> share_results_;
  std::vector<std::size_t> order_;
  std::uint64_t order_epoch_ = ~std::uint64_t{0};
  std::vector<std::size_t> identity_;
  std::uint64_t step_ = 0;
  TrainerHooks* hooks_ = nullptr;
};

}  // namespace sttvp::sw
