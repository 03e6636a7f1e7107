// Memory for everything the training kernels report to the platform (tensors, data sets, labels),
// at addresses that are the same in every run.
//
// The simulated platform uses host addresses as simulated addresses: cache sets, LLC banks and
// DRAM channels are picked from address bits. With ordinary heap memory those bits change from
// run to run (address-space randomisation, allocation history), and so would conflict misses and
// every statistic. The arena reserves one region of virtual memory aligned to 1 GiB and hands out
// blocks at offsets that depend only on the sequence of allocations and frees (first fit by
// address, freed neighbours merged), so the same run gives the same statistics, byte for byte.
//
// Blocks start on a 64-byte line and are followed by a line-sized gap; under AddressSanitizer
// everything past a block's requested size up to the next block, and freed blocks, are poisoned,
// so overruns and uses after free are still caught. Pages are reserved without being committed
// (MAP_NORESERVE) and freed blocks give their pages back. If the reservation is refused or
// exhausted, blocks come from the ordinary heap (still aligned, no longer reproducible).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>

namespace sttvp::sw {

class Arena {
 public:
  static constexpr std::size_t kAlignment = 64;
  static constexpr std::uint64_t kBaseAlignment = std::uint64_t{1} << 30;
  static constexpr std::uint64_t kReserveBytes = std::uint64_t{64} << 30;

  // The process-wide arena.
  static Arena& instance();

  // A 64-byte-aligned block of at least `bytes` bytes (uninitialised); throws std::bad_alloc.
  void* allocate(std::size_t bytes);
  void deallocate(void* p) noexcept;

  // Offset of p from the arena's base, or -1 when p is not in the arena.
  std::int64_t offset_of(const void* p) const;
  // Bytes in blocks currently allocated from the arena.
  std::size_t in_use() const;

  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

 private:
  Arena();
  ~Arena();

  mutable std::mutex mutex_;
  unsigned char* base_ = nullptr;                // null: the reservation failed
  std::uint64_t top_ = 0;                        // offsets >= top_ were never handed out
  std::map<std::uint64_t, std::uint64_t> free_;  // offset -> size, below top_
  std::map<std::uint64_t, std::uint64_t> used_;  // offset -> size (gap included)
};

}  // namespace sttvp::sw
