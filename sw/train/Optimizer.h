// An element-wise optimizer over the flat parameter vector. The trainer calls begin_step() once
// per minibatch on the driver thread, then update() on disjoint slices of the parameters (from
// any worker), with g the gradient summed over the minibatch and `scale` = 1 / minibatch size,
// so the effective gradient is g * scale (tiny-dnn averages over the minibatch the same way).
// Each element's update depends only on that element, so slicing never changes the result.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

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
  // Updates w[0, n) in place; state[s] points at the same slice of state vector s.
  virtual void update(float* w, const float* g, float* const* state, std::size_t n,
                      float scale) const = 0;

  static std::unique_ptr<Optimizer> create(const OptimizerConfig& config);

 protected:
  explicit Optimizer(float alpha) : alpha_(alpha) {}

  float alpha_;
  // Chunk, in floats, over which an update reports its reads and writes (4 KB).
  static constexpr std::size_t kChunk = 1024;
};

}  // namespace sttvp::sw
