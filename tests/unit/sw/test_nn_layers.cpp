// Gradient checks of every layer type and both losses against central finite differences, and
// the LeNet connection table against LeCun et al. (1998), Table I.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "sw/nn/AvgPoolLayer.h"
#include "sw/nn/ConnectionTable.h"
#include "sw/nn/ConvLayer.h"
#include "sw/nn/FullyConnectedLayer.h"
#include "sw/nn/MseLoss.h"
#include "sw/nn/Rng.h"
#include "sw/nn/SoftmaxCrossEntropyLoss.h"
#include "sw/nn/TanhLayer.h"
#include "sw/nn/Tensor.h"

namespace sttvp::sw {
namespace {

// |analytic - numeric| relative to the larger magnitude, with a floor for near-zero gradients.
void expect_close(double analytic, double numeric, const char* what, std::size_t i) {
  const double scale = std::max({std::abs(analytic), std::abs(numeric), 1e-2});
  EXPECT_LT(std::abs(analytic - numeric) / scale, 1e-2)
      << what << "[" << i << "]: analytic " << analytic << " numeric " << numeric;
}

Tensor random_tensor(std::size_t n, Rng& rng, float lo = -1.0f, float hi = 1.0f) {
  Tensor t(n);
  for (std::size_t i = 0; i < n; ++i) t[i] = rng.uniform(lo, hi);
  return t;
}

// Checks d/dx, d/dW and d/db of f = sum(r * y) for a layer on a batch of n samples. Linear
// layers are exact under central differences, so a large step (less rounding noise) is used.
void check_layer(const Layer& layer, std::size_t n, float eps, std::uint64_t seed = 3) {
  Rng rng(seed);
  Tensor x = random_tensor(n * layer.in_size(), rng);
  Tensor w = random_tensor(std::max<std::size_t>(layer.weight_count(), 1), rng, -0.5f, 0.5f);
  Tensor b = random_tensor(std::max<std::size_t>(layer.bias_count(), 1), rng, -0.5f, 0.5f);
  Tensor r = random_tensor(n * layer.out_size(), rng);
  Tensor y(n * layer.out_size());
  Tensor dx(n * layer.in_size());
  Tensor dw(w.size());
  Tensor db(b.size());
  Tensor scratch(std::max<std::size_t>(layer.scratch_size(n), 1));
  LayerParams params{w.data(), b.data()};

  const auto objective = [&]() {
    LayerIo io;
    io.x = x.data();
    io.y = y.data();
    io.scratch = scratch.data();
    io.n = n;
    layer.forward(params, io);
    double f = 0.0;
    for (std::size_t i = 0; i < y.size(); ++i) f += static_cast<double>(r[i]) * y[i];
    return f;
  };
  objective();
  LayerIo io;
  io.x = x.data();
  io.y = y.data();
  io.dy = r.data();
  io.dx = dx.data();
  io.scratch = scratch.data();
  io.n = n;
  // Poison the outputs to prove backward overwrites them.
  dw.fill(1e9f);
  db.fill(1e9f);
  layer.backward(params, {dw.data(), db.data()}, io);

  const auto numeric = [&](float& v) {
    const float saved = v;
    v = saved + eps;
    const double up = objective();
    v = saved - eps;
    const double down = objective();
    v = saved;
    return (up - down) / (2.0 * static_cast<double>(eps));
  };
  for (std::size_t i = 0; i < x.size(); ++i) expect_close(dx[i], numeric(x[i]), "dx", i);
  for (std::size_t i = 0; i < layer.weight_count(); ++i) {
    expect_close(dw[i], numeric(w[i]), "dw", i);
  }
  for (std::size_t i = 0; i < layer.bias_count(); ++i) {
    expect_close(db[i], numeric(b[i]), "db", i);
  }
}

TEST(LayerGradient, ConvolutionWithoutTable) {
  check_layer(ConvLayer(Shape3{2, 7, 6}, 3, 3), 2, 1e-2f);
}

TEST(LayerGradient, ConvolutionWithLeNetTable) {
  const ConvLayer conv(Shape3{6, 7, 7}, 16, 3, ConnectionTable::lenet_c3());
  EXPECT_EQ(conv.weight_count(), 60u * 9u);
  check_layer(conv, 2, 1e-2f);
}

TEST(LayerGradient, ConvolutionWithSparseTable) {
  // Input map 1 feeds nothing (its input gradient must be zero), output 0 reads two maps.
  const ConnectionTable table(3, 2, {true, true, false, false, true, false});
  check_layer(ConvLayer(Shape3{3, 5, 5}, 2, 2, table), 2, 1e-2f);
}

TEST(LayerGradient, ConvolutionToSinglePosition) {
  check_layer(ConvLayer(Shape3{3, 4, 4}, 5, 4), 3, 1e-2f);
}

TEST(LayerGradient, AveragePooling) { check_layer(AvgPoolLayer(Shape3{2, 4, 6}, 2), 2, 1e-2f); }

TEST(LayerGradient, Tanh) { check_layer(TanhLayer(Shape3{3, 4, 5}), 2, 1e-3f); }

TEST(LayerGradient, FullyConnected) { check_layer(FullyConnectedLayer(7, 5), 3, 1e-2f); }

// d loss / d y of a loss against central differences.
void check_loss(const Loss& loss, float eps) {
  const std::size_t n = 3;
  const std::size_t k = 10;
  Rng rng(5);
  Tensor y = random_tensor(n * k, rng);
  const std::vector<std::uint8_t> labels = {3, 0, 9};
  Tensor dy(n * k);
  const LossResult r = loss.evaluate(y.data(), labels.data(), n, k, dy.data());
  EXPECT_EQ(r.samples, n);
  EXPECT_EQ(r.nonfinite, 0u);
  for (std::size_t i = 0; i < y.size(); ++i) {
    const float saved = y[i];
    y[i] = saved + eps;
    const double up = loss.evaluate(y.data(), labels.data(), n, k, nullptr).loss_sum;
    y[i] = saved - eps;
    const double down = loss.evaluate(y.data(), labels.data(), n, k, nullptr).loss_sum;
    y[i] = saved;
    expect_close(dy[i], (up - down) / (2.0 * static_cast<double>(eps)), "dy", i);
  }
}

TEST(LossGradient, MeanSquaredError) { check_loss(MseLoss(0.8f, -0.8f), 1e-3f); }

TEST(LossGradient, SoftmaxCrossEntropy) { check_loss(SoftmaxCrossEntropyLoss(), 1e-3f); }

TEST(Loss, SoftmaxLabelOutsideTheClassesCountsAsNonFiniteWithNoGradient) {
  // A retention flip can turn a label byte into any value; class 200 of 3 must not be read.
  const SoftmaxCrossEntropyLoss loss;
  std::vector<float> y = {0.0f, 2.0f, 0.0f, 1.0f, 0.5f, 0.2f};
  const std::vector<std::uint8_t> labels = {1, 200};
  std::vector<float> dy(6, 7.0f);
  const LossResult r = loss.evaluate(y.data(), labels.data(), 2, 3, dy.data());
  EXPECT_EQ(r.samples, 2u);
  EXPECT_EQ(r.nonfinite, 1u);
  EXPECT_EQ(r.correct, 1u);
  EXPECT_GT(r.loss_sum, 0.0);
  for (std::size_t j = 3; j < 6; ++j) EXPECT_EQ(dy[j], 0.0f) << j;
  EXPECT_LT(dy[1], 0.0f);  // the valid sample still pulls its class up
}

TEST(Loss, MseValueAccuracyAndNonFiniteOutputs) {
  const MseLoss loss(0.8f, -0.8f);
  // Sample 0 predicts class 1 exactly; sample 1 has a NaN output.
  std::vector<float> y = {-0.8f, 0.8f, -0.8f, 0.1f, std::nanf(""), 0.2f};
  const std::vector<std::uint8_t> labels = {1, 2};
  std::vector<float> dy(6);
  const LossResult r = loss.evaluate(y.data(), labels.data(), 2, 3, dy.data());
  EXPECT_EQ(r.samples, 2u);
  EXPECT_EQ(r.correct, 1u);
  EXPECT_EQ(r.nonfinite, 1u);
  EXPECT_DOUBLE_EQ(r.loss_sum, 0.0);
  EXPECT_FLOAT_EQ(dy[0], 0.0f);
}

TEST(ConnectionTable, LeNetC3MatchesLeCunTableOne) {
  const ConnectionTable t = ConnectionTable::lenet_c3();
  ASSERT_EQ(t.in_channels(), 6u);
  ASSERT_EQ(t.out_channels(), 16u);
  EXPECT_EQ(t.connections(), 60u);
  for (std::size_t o = 0; o < 16; ++o) {
    std::vector<std::size_t> inputs;
    if (o < 6) {
      for (std::size_t d = 0; d < 3; ++d) inputs.push_back((o + d) % 6);
    } else if (o < 12) {
      for (std::size_t d = 0; d < 4; ++d) inputs.push_back((o - 6 + d) % 6);
    } else if (o == 12) {
      inputs = {0, 1, 3, 4};
    } else if (o == 13) {
      inputs = {1, 2, 4, 5};
    } else if (o == 14) {
      inputs = {0, 2, 3, 5};
    } else {
      inputs = {0, 1, 2, 3, 4, 5};
    }
    for (std::size_t i = 0; i < 6; ++i) {
      const bool expected = std::find(inputs.begin(), inputs.end(), i) != inputs.end();
      EXPECT_EQ(t.connected(i, o), expected) << "in " << i << " out " << o;
    }
  }
}

TEST(ConvLayer, ForwardMatchesDirectConvolutionWithTable) {
  const ConnectionTable table = ConnectionTable::lenet_c3();
  const ConvLayer conv(Shape3{6, 6, 6}, 16, 3, table);
  Rng rng(11);
  Tensor x = random_tensor(conv.in_size(), rng);
  Tensor w = random_tensor(conv.weight_count(), rng);
  Tensor b = random_tensor(16, rng);
  Tensor y(conv.out_size());
  Tensor scratch(conv.scratch_size(1));
  LayerIo io;
  io.x = x.data();
  io.y = y.data();
  io.scratch = scratch.data();
  io.n = 1;
  conv.forward({w.data(), b.data()}, io);
  // Compact weights: per input map i, one 3x3 block for each connected output, in output order.
  std::size_t offset = 0;
  std::vector<std::vector<std::size_t>> block(6, std::vector<std::size_t>(16, 0));
  for (std::size_t i = 0; i < 6; ++i) {
    for (std::size_t o = 0; o < 16; ++o) {
      if (!table.connected(i, o)) continue;
      block[i][o] = offset;
      offset += 9;
    }
  }
  for (std::size_t o = 0; o < 16; ++o) {
    for (std::size_t oy = 0; oy < 4; ++oy) {
      for (std::size_t ox = 0; ox < 4; ++ox) {
        double sum = b[o];
        for (std::size_t i = 0; i < 6; ++i) {
          if (!table.connected(i, o)) continue;
          for (std::size_t ky = 0; ky < 3; ++ky) {
            for (std::size_t kx = 0; kx < 3; ++kx) {
              sum += static_cast<double>(w[block[i][o] + ky * 3 + kx]) *
                     x[i * 36 + (oy + ky) * 6 + ox + kx];
            }
          }
        }
        EXPECT_NEAR(y[o * 16 + oy * 4 + ox], sum, 1e-5);
      }
    }
  }
}

}  // namespace
}  // namespace sttvp::sw
