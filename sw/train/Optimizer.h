// An element-wise optimizer over the flat parameter vector. The trainer calls begin_step() once
// per minibatch on the driver thread, then update() on disjoint slices of the parameters (from
// any worker), with g the gradient summed over the minibatch and `scale` = 1 / minibatch size,
// so the effective gradient is g * scale (tiny-dnn averages over the minibatch the same way).
// Each element's update depends only on that element, so slicing never changes the result.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "sw/probe/Probe.h"

namespace sttvp::sw {

enum class OptimizerKind : std::uint8_t { Adagrad, Adam, Momentum };

struct OptimizerConfig {
  OptimizerKind kind = OptimizerKind::Adam;
  float alpha = 0.001f;    // learning rate
  float beta1 = 0.9f;      // Adam
  float beta2 = 0.999f;    // Adam
  float epsilon = 1e-8f;   // Adagrad, Adam
  float momentum = 0.9f;   // Momentum (mu)
  float weight_decay = 0;  // Momentum (lambda)
};

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  // The learning rate of the following updates; a schedule changes it between steps.
  float alpha() const { return alpha_; }
  void set_alpha(float alpha) { alpha_ = alpha; }
  virtual const char* name() const = 0;
  // Per-parameter state vectors (Adagrad 1, Adam 2, Momentum 1), each shaped like the parameters.
  virtual std::size_t state_count() const = 0;
  virtual void begin_step() {}
  // Continues a run after `steps_done` minibatches, its state vectors restored (a resumed run):
  // whatever the optimizer counts per step must count them.
  virtual void resume(std::uint64_t /*steps_done*/) {}
  // Updates w[0, n) in place; state[s] points at the same slice of state vector s.
  virtual void update(float* w, const float* g, float* const* state, std::size_t n,
                      float scale) const = 0;

  static std::unique_ptr<Optimizer> create(const OptimizerConfig& config);

 protected:
  explicit Optimizer(float alpha) : alpha_(alpha) {}

  // The loop every update shares: `step(i, len)` updates elements [i, i + len) of w and the
  // state vectors, chunk by chunk. Per chunk the kernel reports the reads of g, of each state
  // vector and of w, then `ops_per_value` operations per element, then the writes of each state
  // vector and of w.
  template <typename Step>
  void for_each_chunk(float* w, const float* g, float* const* state, std::size_t n,
                      std::uint64_t ops_per_value, Step&& step) const {
    const std::size_t states = state_count();
    for (std::size_t i = 0; i < n; i += kChunk) {
      const std::size_t len = std::min(kChunk, n - i);
      const std::size_t bytes = len * sizeof(float);
      read(g + i, bytes);
      for (std::size_t s = 0; s < states; ++s) read(state[s] + i, bytes);
      read(w + i, bytes);
      step(i, static_cast<std::ptrdiff_t>(len));
      compute(ops_per_value * len);
      for (std::size_t s = 0; s < states; ++s) write(state[s] + i, bytes);
      write(w + i, bytes);
    }
  }

  float alpha_;
  // Chunk, in floats, over which an update reports its reads and writes (4 KB).
  static constexpr std::size_t kChunk = 1024;
};

}  // namespace sttvp::sw
