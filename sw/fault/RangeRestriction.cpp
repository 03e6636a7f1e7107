#include "sw/fault/RangeRestriction.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <limits>

#include "sw/probe/Probe.h"

namespace sttvp::sw {

RangeRestriction::RangeRestriction(Trainer& trainer) : trainer_(trainer) {
  const Network& net = trainer.network();
  const std::size_t layers = net.layer_count();
  const float big = std::numeric_limits<float>::max();
  const InputScaling& in = trainer.config().input;
  Range current{in.min, in.max, true};
  for (std::size_t l = 0; l < layers; ++l) {
    ranges_.push_back(current);
    // tanh bounds its output; a layer with parameters (conv, fc, and tiny-dnn's average pooling,
    // which scales and shifts each map by a trained coefficient and bias) does not; a layer
    // without parameters that averages keeps its input's range.
    const Layer& layer = net.layer(l);
    if (std::string(layer.type()) == "tanh")
      current = {-1.0f, 1.0f, true};
    else if (layer.weight_count() > 0 || layer.bias_count() > 0 ||
             std::string(layer.type()) != "avg-pool")
      current = {-big, big, false};
  }
  inputs_.resize(layers);
  for (std::size_t l = 0; l < layers; ++l) {
    const std::vector<BufferInfo> bufs = trainer.buffers(static_cast<int>(l), BufferKind::Input);
    inputs_[l].assign(trainer.config().shares, nullptr);
    for (const BufferInfo& b : bufs) inputs_[l][static_cast<std::size_t>(b.share)] = b.data;
  }
  clamped_.assign(layers, 0);
}

std::uint64_t RangeRestriction::clamped_total() const {
  std::uint64_t total = 0;
  for (std::uint64_t c : clamped_) total += c;
  return total;
}

std::size_t RangeRestriction::restrict(float* x, std::size_t n, const Range& range) {
  const float lo = range.lo;
  const float hi = range.hi;
  const float fill = std::min(std::max(0.0f, lo), hi);
  std::size_t changed = 0;
  // Branch-free so that it vectorises. A NaN fails both comparisons, passes the clamp unchanged
  // and is then the only value unequal to itself.
  for (std::size_t i = 0; i < n; ++i) {
    const float v = x[i];
    float c = v < lo ? lo : v;
    c = c > hi ? hi : c;
    c = v != v ? fill : c;
    changed += c != v ? 1 : 0;
    x[i] = c;
  }
  return changed;
}

void RangeRestriction::apply(unsigned share, std::size_t layer, std::size_t n) {
  float* x = inputs_[layer][share];
  if (x == nullptr) return;
  const auto t0 = std::chrono::steady_clock::now();
  const std::size_t count = n * trainer_.network().layer(layer).in_size();
  read(x, count * sizeof(float));
  compute(2 * count);
  clamped_[layer] += restrict(x, count, ranges_[layer]);
  write(x, count * sizeof(float));
  seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void RangeRestriction::before_forward(unsigned share, std::size_t layer, std::size_t n) {
  apply(share, layer, n);
}

void RangeRestriction::before_backward(unsigned share, std::size_t layer, std::size_t n) {
  // Only a layer with parameters reads its input again in its backward pass (for the weight
  // gradient); tanh's backward reads its output.
  const Layer& l = trainer_.network().layer(layer);
  if (l.weight_count() > 0 || l.bias_count() > 0) apply(share, layer, n);
}

}  // namespace sttvp::sw
