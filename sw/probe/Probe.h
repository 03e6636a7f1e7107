// The only boundary between the training kernels and the platform.
//
// Kernels report, in the order they execute it, every read before the computation that consumes
// it and every write, per byte range (one call per contiguous range or tile row, never per
// scalar), their arithmetic work, and phase markers. The simulated core that runs the kernel
// installs itself as the sink; with no sink installed (native mode) each call is one well-predicted
// branch on a thread-local pointer.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sttvp::sw {

// Training phase of the work that follows a marker. Every statistic can be split by phase.
enum class Phase : std::uint8_t { None = 0, Forward, Backward, Update, Other };
inline constexpr int kPhaseCount = 5;
inline constexpr int kNoLayer = -1;

constexpr const char* phase_name(Phase phase) {
  switch (phase) {
    case Phase::None:
      return "none";
    case Phase::Forward:
      return "forward";
    case Phase::Backward:
      return "backward";
    case Phase::Update:
      return "update";
    case Phase::Other:
      return "other";
  }
  return "none";
}

class ProbeSink {
 public:
  virtual ~ProbeSink() = default;
  // A read or write of the bytes [addr, addr + bytes); the sink splits it into cache lines.
  virtual void read(const void* addr, std::size_t bytes) = 0;
  virtual void write(const void* addr, std::size_t bytes) = 0;
  // Arithmetic work in floating-point operations (an FMA counts 2).
  virtual void compute(std::uint64_t flops) = 0;
  // Time during which the core does nothing (e.g. waiting for I/O), in nanoseconds.
  virtual void idle(double ns) = 0;
  // The work that follows belongs to this phase and layer (kNoLayer: not layer-specific).
  virtual void phase(Phase phase, int layer) = 0;
};

namespace detail {
inline thread_local ProbeSink* current_sink = nullptr;
}

inline ProbeSink* sink() { return detail::current_sink; }
inline bool instrumented() { return detail::current_sink != nullptr; }

inline void read(const void* addr, std::size_t bytes) {
  if (ProbeSink* s = detail::current_sink) s->read(addr, bytes);
}
inline void write(const void* addr, std::size_t bytes) {
  if (ProbeSink* s = detail::current_sink) s->write(addr, bytes);
}
// A 2-D block: `rows` ranges of `row_bytes`, consecutive rows `stride_bytes` apart.
inline void read2d(const void* addr, std::size_t rows, std::size_t row_bytes,
                   std::size_t stride_bytes) {
  if (ProbeSink* s = detail::current_sink) {
    const auto* p = static_cast<const unsigned char*>(addr);
    for (std::size_t r = 0; r < rows; ++r) s->read(p + r * stride_bytes, row_bytes);
  }
}
inline void write2d(const void* addr, std::size_t rows, std::size_t row_bytes,
                    std::size_t stride_bytes) {
  if (ProbeSink* s = detail::current_sink) {
    const auto* p = static_cast<const unsigned char*>(addr);
    for (std::size_t r = 0; r < rows; ++r) s->write(p + r * stride_bytes, row_bytes);
  }
}
inline void compute(std::uint64_t flops) {
  if (ProbeSink* s = detail::current_sink) s->compute(flops);
}
inline void idle(double ns) {
  if (ProbeSink* s = detail::current_sink) s->idle(ns);
}
inline void phase(Phase p, int layer = kNoLayer) {
  if (ProbeSink* s = detail::current_sink) s->phase(p, layer);
}

// Installs a sink for the current thread for the lifetime of the scope.
class SinkScope {
 public:
  explicit SinkScope(ProbeSink* s) : previous_(detail::current_sink) { detail::current_sink = s; }
  ~SinkScope() { detail::current_sink = previous_; }
  SinkScope(const SinkScope&) = delete;
  SinkScope& operator=(const SinkScope&) = delete;

 private:
  ProbeSink* previous_;
};

}  // namespace sttvp::sw
