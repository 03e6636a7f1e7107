// The open-loop fault injector: flips bits of IEEE-754 float32 values in the tensors of chosen
// layers while a Trainer trains, with the semantics of FaultConfig (target, per_read or
// per_residency, persistent or transient, bit mask, probability p per bit or per value).
//
// It is a TrainerHooks: install it with Trainer::set_hooks (alone or in a HookChain, first, so
// that monitors and mitigations see what it did). It finds the tensors through
// Trainer::buffers(layer, kind).
//
// Randomness: the flips of one sampling are drawn by a BitFlipSampler from a CounterRng stream
// keyed by (seed, step, layer, tensor, share, read), on a generator forked from the seed for this
// purpose alone. They depend on nothing else: not on the weights' initial values, the sample
// order or the order in which shares run; enabling injection changes no other random draw, and
// p = 0 changes nothing at all (no hook writes anything).
//
// Every applied flip can be appended to a FlipLog; set_replay makes the injector apply a log's
// flips (at the same step, layer, tensor, share and read) instead of sampling, which reproduces
// the run exactly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <tuple>
#include <vector>

#include "models/common/CounterRng.h"
#include "sw/fault/BitFlipSampler.h"
#include "sw/fault/FaultConfig.h"
#include "sw/fault/FlipLog.h"
#include "sw/train/Trainer.h"
#include "sw/train/TrainerHooks.h"

namespace sttvp::sw {

class FaultInjector final : public TrainerHooks {
 public:
  // Throws std::invalid_argument for a config that does not fit the trainer's network.
  FaultInjector(Trainer& trainer, const FaultConfig& config);

  const FaultConfig& config() const { return config_; }
  // Appends every flip applied from now on to `log` (null: stop logging).
  void set_log(FlipLog* log) { log_ = log; }
  // Applies the flips of `log` instead of sampling (null: sample again). The log must outlive
  // the injector's use.
  void set_replay(const FlipLog* log);

  // Bits flipped so far, in all and per layer.
  std::uint64_t flips() const { return flips_; }
  const std::vector<std::uint64_t>& flips_per_layer() const { return flips_per_layer_; }
  // Flips that turned a finite value into a NaN or an infinity, per layer.
  std::uint64_t nonfinite_flips() const { return nonfinite_flips_; }
  const std::vector<std::uint64_t>& nonfinite_flips_per_layer() const {
    return nonfinite_flips_per_layer_;
  }
  // Transient flips undone, and those left in place because the value was rewritten meanwhile.
  std::uint64_t restored() const { return restored_; }
  std::uint64_t overwritten() const { return overwritten_; }
  // Flips applied since the start of the current step.
  std::uint64_t step_flips() const { return step_flips_; }

  void begin_step(std::uint64_t step) override;
  void before_forward(unsigned share, std::size_t layer, std::size_t n) override;
  void after_forward(unsigned share, std::size_t layer, std::size_t n) override;
  void before_backward(unsigned share, std::size_t layer, std::size_t n) override;
  void after_backward(unsigned share, std::size_t layer, std::size_t n) override;
  bool before_update(std::uint64_t step) override;
  void after_update(std::uint64_t step, bool updated) override;

 private:
  // One tensor of a target layer, as the registry lists it.
  struct Tensor {
    BufferKind kind;
    int state;  // optimizer state index, or -1
    int share;  // -1: shared by the shares
    float* data;
    std::size_t count;  // floats (inputs: capacity x values per sample)
  };
  // A flip to undo: the word's value before and after it.
  struct Undo {
    float* at;
    std::uint32_t before;
    std::uint32_t after;
  };
  using ReplayKey =
      std::tuple<std::uint64_t, int, int, int, int, int>;  // step layer kind state share read

  bool targets(std::size_t layer) const { return layer < target_.size() && target_[layer]; }
  // Samples (or replays) the flips of one read of `t` over its first `elements` values.
  void inject(std::size_t layer, const Tensor& t, int share, ReadEvent read, std::size_t elements,
              std::vector<Undo>* undo);
  void flip(std::size_t layer, const Tensor& t, int share, ReadEvent read, std::uint64_t element,
            unsigned bit, std::vector<Undo>* undo);
  void undo_all(std::vector<Undo>& undo);
  std::vector<Undo>& share_undo(unsigned share, std::size_t layer, bool backward);
  const Tensor* input_of(std::size_t layer, unsigned share) const;

  Trainer& trainer_;
  FaultConfig config_;
  BitFlipSampler sampler_;
  CounterRng rng_;
  std::vector<bool> target_;                  // per layer
  std::vector<std::vector<Tensor>> tensors_;  // per layer: the target's tensors
  std::size_t layers_ = 0;
  unsigned shares_ = 1;
  std::uint64_t step_ = 0;
  bool transient_;
  // Transient flips awaiting their undo: per (share, layer) for the reads of a layer (forward
  // and backward lists), and one list for the step (weights' residency, update reads).
  std::vector<std::vector<Undo>> undo_forward_, undo_backward_;
  std::vector<Undo> undo_step_;

  FlipLog* log_ = nullptr;
  const FlipLog* replay_ = nullptr;
  std::map<ReplayKey, std::vector<std::pair<std::uint64_t, unsigned>>> replay_index_;

  std::uint64_t flips_ = 0, nonfinite_flips_ = 0, restored_ = 0, overwritten_ = 0;
  std::uint64_t step_flips_ = 0;
  std::vector<std::uint64_t> flips_per_layer_, nonfinite_flips_per_layer_;
};

}  // namespace sttvp::sw
