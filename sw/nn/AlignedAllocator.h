// A standard allocator for buffers the simulated platform sees: blocks come from the Arena (same
// addresses in every run) and start on a 64-byte cache line. Data is addressed by its host
// address, so where a buffer starts decides how many lines each reported range touches: a
// 32 x 32 float image is 64 lines when aligned, 65 when not.
#pragma once

#include <cstddef>

#include "sw/nn/Arena.h"

namespace sttvp::sw {

template <typename T>
class AlignedAllocator {
 public:
  using value_type = T;

  AlignedAllocator() noexcept = default;
  template <typename U>
  AlignedAllocator(const AlignedAllocator<U>&) noexcept {}  // NOLINT: rebinding is implicit

  T* allocate(std::size_t n) { return static_cast<T*>(Arena::instance().allocate(n * sizeof(T))); }
  void deallocate(T* p, std::size_t) noexcept { Arena::instance().deallocate(p); }

  template <typename U>
  bool operator==(const AlignedAllocator<U>&) const noexcept {
    return true;
  }
  template <typename U>
  bool operator!=(const AlignedAllocator<U>&) const noexcept {
    return false;
  }
};

}  // namespace sttvp::sw
