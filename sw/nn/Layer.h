// A layer of a feed-forward network. A layer holds only its shape and hyper-parameters; its
// parameters live in the network's flat parameter tensor and its activations, gradients and
// scratch space in the workspace of one share of the minibatch, so the same layer object serves
// every worker at once. Every kernel reports its reads before the computation that consumes them,
// its writes, and its FLOPs (sw/probe/Probe.h); the network marks the phase and layer index.
#pragma once

#include <cstddef>

namespace sttvp::sw {

class Rng;

// One sample: channels x height x width floats, row-major within a map. A batch of n samples is
// n such blocks back to back (NCHW).
struct Shape3 {
  std::size_t channels = 1;
  std::size_t height = 1;
  std::size_t width = 1;
  std::size_t size() const { return channels * height * width; }
};

struct LayerParams {
  const float* weights = nullptr;
  const float* bias = nullptr;
};

// Gradients of the loss summed over the samples of one backward call (overwritten, not added).
struct LayerGradients {
  float* weights = nullptr;
  float* bias = nullptr;
};

// The buffers of one layer for one share: x [n x in], y [n x out], their gradients dy and dx
// (dx may be null: no input gradient wanted, e.g. for layer 0) and the layer's scratch.
struct LayerIo {
  const float* x = nullptr;
  float* y = nullptr;
  const float* dy = nullptr;
  float* dx = nullptr;
  float* scratch = nullptr;
  std::size_t n = 0;
};

class Layer {
 public:
  Layer(Shape3 in, Shape3 out) : in_(in), out_(out) {}
  virtual ~Layer() = default;
  Layer(const Layer&) = delete;
  Layer& operator=(const Layer&) = delete;

  virtual const char* type() const = 0;
  const Shape3& in_shape() const { return in_; }
  const Shape3& out_shape() const { return out_; }
  std::size_t in_size() const { return in_.size(); }
  std::size_t out_size() const { return out_.size(); }

  virtual std::size_t weight_count() const { return 0; }
  virtual std::size_t bias_count() const { return 0; }
  // Draws initial parameters (tiny-dnn style: Xavier-uniform weights, zero biases).
  virtual void init_params(float* /*weights*/, float* /*bias*/, Rng& /*rng*/) const {}
  // Floats of scratch space needed for a call with n samples.
  virtual std::size_t scratch_size(std::size_t /*n*/) const { return 0; }

  virtual void forward(const LayerParams& params, const LayerIo& io) const = 0;
  virtual void backward(const LayerParams& params, const LayerGradients& grads,
                        const LayerIo& io) const = 0;

 protected:
  // Xavier (Glorot) uniform: U(-s, s) with s = sqrt(6 / (fan_in + fan_out)), tiny-dnn's default.
  static void xavier_uniform(float* w, std::size_t count, std::size_t fan_in, std::size_t fan_out,
                             Rng& rng);

 private:
  Shape3 in_;
  Shape3 out_;
};

}  // namespace sttvp::sw
