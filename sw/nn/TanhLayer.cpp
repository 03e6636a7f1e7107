#include "sw/nn/TanhLayer.h"

#include <Eigen/Core>
#include <algorithm>

#include "sw/probe/Probe.h"

namespace sttvp::sw {
namespace {

constexpr std::size_t kChunk = 256;  // floats: 1 KB, 16 cache lines per report
using ConstArrayMap = Eigen::Map<const Eigen::ArrayXf>;
using ArrayMap = Eigen::Map<Eigen::ArrayXf>;

}  // namespace

void TanhLayer::forward(const LayerParams& /*params*/, const LayerIo& io) const {
  const std::size_t total = io.n * in_size();
  for (std::size_t i = 0; i < total; i += kChunk) {
    const std::size_t len = std::min(kChunk, total - i);
    const auto e = static_cast<Eigen::Index>(len);
    read(io.x + i, len * sizeof(float));
    ArrayMap(io.y + i, e) = ConstArrayMap(io.x + i, e).tanh();
    compute(kForwardFlops * len);
    write(io.y + i, len * sizeof(float));
  }
}

void TanhLayer::backward(const LayerParams& /*params*/, const LayerGradients& /*grads*/,
                         const LayerIo& io) const {
  if (io.dx == nullptr) return;
  const std::size_t total = io.n * in_size();
  for (std::size_t i = 0; i < total; i += kChunk) {
    const std::size_t len = std::min(kChunk, total - i);
    const auto e = static_cast<Eigen::Index>(len);
    read(io.y + i, len * sizeof(float));
    read(io.dy + i, len * sizeof(float));
    const ConstArrayMap y(io.y + i, e);
    ArrayMap(io.dx + i, e) = ConstArrayMap(io.dy + i, e) * (1.0f - y.square());
    compute(kBackwardFlops * len);
    write(io.dx + i, len * sizeof(float));
  }
}

}  // namespace sttvp::sw
