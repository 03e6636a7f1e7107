#include "sw/nn/AvgPoolLayer.h"

#include <algorithm>
#include <stdexcept>

#include "sw/nn/Kernels.h"
#include "sw/probe/Probe.h"

namespace sttvp::sw {
namespace {

Shape3 pooled(const Shape3& in, std::size_t pool) {
  if (pool == 0 || in.height % pool != 0 || in.width % pool != 0) {
    throw std::invalid_argument("AvgPoolLayer: the map size must be a multiple of the window");
  }
  return {in.channels, in.height / pool, in.width / pool};
}

}  // namespace

AvgPoolLayer::AvgPoolLayer(Shape3 in, std::size_t pool)
    : Layer(in, pooled(in, pool)), pool_(pool) {}

void AvgPoolLayer::init_params(float* weights, float* bias, Rng& rng) const {
  xavier_uniform(weights, in_shape().channels, pool_ * pool_, 1, rng);
  std::fill(bias, bias + in_shape().channels, 0.0f);
}

void AvgPoolLayer::forward(const LayerParams& params, const LayerIo& io) const {
  const std::size_t channels = in_shape().channels;
  const std::size_t w = in_shape().width;
  const std::size_t ho = out_shape().height;
  const std::size_t wo = out_shape().width;
  const std::size_t in_map = in_shape().height * w;
  const std::size_t out_map = ho * wo;
  const float inv_area = 1.0f / static_cast<float>(pool_ * pool_);
  if (io.n == 0) return;
  read(params.weights, channels * sizeof(float));
  read(params.bias, channels * sizeof(float));
  for (std::size_t s = 0; s < io.n; ++s) {
    for (std::size_t c = 0; c < channels; ++c) {
      const float* x = io.x + s * in_size() + c * in_map;
      float* y = io.y + s * out_size() + c * out_map;
      read(x, in_map * sizeof(float));
      const float scale = params.weights[c] * inv_area;
      const float bias = params.bias[c];
      for (std::size_t oy = 0; oy < ho; ++oy) {
        for (std::size_t ox = 0; ox < wo; ++ox) {
          float sum = 0.0f;
          for (std::size_t a = 0; a < pool_; ++a) {
            const float* row = x + (oy * pool_ + a) * w + ox * pool_;
            for (std::size_t b = 0; b < pool_; ++b) sum += row[b];
          }
          y[oy * wo + ox] = scale * sum + bias;
        }
      }
      compute(in_map + 2 * out_map);
      write(y, out_map * sizeof(float));
    }
  }
}

void AvgPoolLayer::backward(const LayerParams& params, const LayerGradients& grads,
                            const LayerIo& io) const {
  const std::size_t channels = in_shape().channels;
  const std::size_t w = in_shape().width;
  const std::size_t ho = out_shape().height;
  const std::size_t wo = out_shape().width;
  const std::size_t in_map = in_shape().height * w;
  const std::size_t out_map = ho * wo;
  const float inv_area = 1.0f / static_cast<float>(pool_ * pool_);
  if (io.dx != nullptr && io.n > 0) read(params.weights, channels * sizeof(float));
  for (std::size_t c = 0; c < channels; ++c) {
    // Sums over the samples of this call, in sample order; the gradients of all maps are
    // reported as one write each at the end.
    float dw = 0.0f;
    float db = 0.0f;
    const float g = params.weights[c] * inv_area;
    for (std::size_t s = 0; s < io.n; ++s) {
      const float* x = io.x + s * in_size() + c * in_map;
      const float* dy = io.dy + s * out_size() + c * out_map;
      read(dy, out_map * sizeof(float));
      read(x, in_map * sizeof(float));
      float* dx = io.dx != nullptr ? io.dx + s * in_size() + c * in_map : nullptr;
      for (std::size_t oy = 0; oy < ho; ++oy) {
        for (std::size_t ox = 0; ox < wo; ++ox) {
          const float d = dy[oy * wo + ox];
          float sum = 0.0f;
          for (std::size_t a = 0; a < pool_; ++a) {
            const std::size_t row = (oy * pool_ + a) * w + ox * pool_;
            for (std::size_t b = 0; b < pool_; ++b) {
              sum += x[row + b];
              if (dx != nullptr) dx[row + b] = d * g;
            }
          }
          dw += d * sum * inv_area;
          db += d;
        }
      }
      compute(2 * in_map + 4 * out_map);
      if (dx != nullptr) write(dx, in_map * sizeof(float));
    }
    grads.weights[c] = dw;
    grads.bias[c] = db;
  }
  write(grads.weights, channels * sizeof(float));
  write(grads.bias, channels * sizeof(float));
}

}  // namespace sttvp::sw
