// Software mitigation: range restriction of layer inputs. Before layer l reads its input (forward
// and backward pass), every value is clamped to the range that the previous layer can produce,
// and a NaN is replaced by the value in that range closest to 0:
//   layer 0       [input.min, input.max] of the training config (the pixel scaling);
//   after tanh    [-1, 1];
//   after a layer with parameters (conv, fc, and tiny-dnn's average pooling, which scales and
//   shifts every map by a trained coefficient and bias): unbounded; only infinities are clamped
//                 to the largest finite float and NaNs replaced by 0 (in these networks such
//                 inputs feed tanh, which saturates anyway).
// In LeNet-5 the inputs of layers 0, 2, 4, 6, 8 and 10 are bounded, those of the tanh layers not.
// A flipped exponent bit that turns -1.0 into -Inf, or 0.5 into 1.7e38, is brought back to -1 or 1
// before the layer multiplies it into every output it touches.
//
// The check runs before every forward pass and before the backward pass of layers with parameters
// (the only ones whose backward reads the input again).
// Cost: one read and one write of every input per checked pass, reported to the probe (so a
// simulated run pays for it) and timed on the host (seconds()).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sw/train/Trainer.h"
#include "sw/train/TrainerHooks.h"

namespace sttvp::sw {

class RangeRestriction final : public TrainerHooks {
 public:
  struct Range {
    float lo;
    float hi;
    bool bounded;  // false: only non-finite values are replaced
  };

  explicit RangeRestriction(Trainer& trainer);

  // The valid range of each layer's input.
  const std::vector<Range>& ranges() const { return ranges_; }
  // Values changed so far, per layer, and the host time spent.
  const std::vector<std::uint64_t>& clamped() const { return clamped_; }
  std::uint64_t clamped_total() const;
  double seconds() const { return seconds_; }

  void before_forward(unsigned share, std::size_t layer, std::size_t n) override;
  void before_backward(unsigned share, std::size_t layer, std::size_t n) override;

  // Clamps x[0, n) to `range`; returns the number of values changed.
  static std::size_t restrict(float* x, std::size_t n, const Range& range);

 private:
  void apply(unsigned share, std::size_t layer, std::size_t n);

  Trainer& trainer_;
  std::vector<Range> ranges_;
  std::vector<std::vector<float*>> inputs_;  // per layer, per share
  std::vector<std::uint64_t> clamped_;
  double seconds_ = 0;
};

}  // namespace sttvp::sw
