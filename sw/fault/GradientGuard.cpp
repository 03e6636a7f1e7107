#include "sw/fault/GradientGuard.h"

#include <chrono>

#include "sw/nn/NonFinite.h"
#include "sw/probe/Probe.h"

namespace sttvp::sw {

GradientGuard::GradientGuard(const Trainer& trainer) {
  for (BufferInfo& b : trainer.buffers()) {
    if (b.kind == BufferKind::WeightGradient || b.kind == BufferKind::BiasGradient)
      gradients_.push_back(std::move(b));
  }
}

bool GradientGuard::before_update(std::uint64_t step) {
  const auto t0 = std::chrono::steady_clock::now();
  std::size_t bad = 0;
  for (const BufferInfo& g : gradients_) {
    read(g.data, g.count * sizeof(float));
    compute(g.count);
    bad += count_nonfinite(g.data, g.count);
  }
  seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (bad == 0) return true;
  ++skipped_;
  if (first_skipped_ < 0) first_skipped_ = static_cast<std::int64_t>(step);
  return false;
}

}  // namespace sttvp::sw
