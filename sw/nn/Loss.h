// A loss over the network outputs y [n x k] of one share, with integer class labels. It returns
// the summed loss, the number of correct arg-max predictions, and the number of samples whose
// outputs or loss are not finite (NaN/Inf: counted, excluded from the loss sum, never predicted
// correct), and writes dy = d(loss)/dy per sample when asked. Summed over the minibatch, the
// trainer divides the parameter gradients by the minibatch size (tiny-dnn averages the same way).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace sttvp::sw {

struct LossResult {
  double loss_sum = 0.0;
  std::uint64_t samples = 0;
  std::uint64_t correct = 0;
  std::uint64_t nonfinite = 0;

  LossResult& operator+=(const LossResult& other);
};

enum class LossKind : std::uint8_t { Mse, SoftmaxCrossEntropy };

class Loss {
 public:
  virtual ~Loss() = default;
  virtual const char* name() const = 0;
  // dy may be null (evaluation only).
  virtual LossResult evaluate(const float* y, const std::uint8_t* labels, std::size_t n,
                              std::size_t k, float* dy) const = 0;

  // MSE uses the tanh targets (high for the label, low elsewhere); cross-entropy ignores them.
  static std::unique_ptr<Loss> create(LossKind kind, float target_high, float target_low);

 protected:
  // Counts one sample with outputs y[0, k), its label and its loss into `result`: non-finite when
  // an output or the loss is NaN/Inf, else its loss adds up and a right arg-max is correct.
  static void tally(LossResult& result, const float* y, std::size_t k, std::uint8_t label,
                    float loss);

 private:
  // Index of the largest output; -1 when a value is not finite.
  static int arg_max(const float* y, std::size_t k);
};

}  // namespace sttvp::sw
