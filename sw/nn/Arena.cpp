#include "sw/nn/Arena.h"

#include <sys/mman.h>

#include <algorithm>
#include <iterator>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define STTVP_POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define STTVP_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define STTVP_POISON(p, n) ((void)(p), (void)(n))
#define STTVP_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

namespace sttvp::sw {

namespace {

constexpr std::uint64_t kPage = 4096;

std::uint64_t round_up(std::uint64_t v, std::uint64_t to) { return (v + to - 1) / to * to; }

}  // namespace

Arena& Arena::instance() {
  static Arena* arena = new Arena;  // never destroyed: blocks may outlive static destructors
  return *arena;
}

Arena::Arena() {
  const std::size_t span = kReserveBytes + kBaseAlignment;
  void* p = ::mmap(nullptr, span, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return;
  const auto raw = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t aligned = round_up(raw, kBaseAlignment);
  if (aligned > raw) ::munmap(p, aligned - raw);
  const std::uintptr_t end = raw + span;
  if (end > aligned + kReserveBytes)
    ::munmap(reinterpret_cast<void*>(aligned + kReserveBytes), end - aligned - kReserveBytes);
  base_ = reinterpret_cast<unsigned char*>(aligned);
  // Not poisoned as a whole (that would write 8 GiB of shadow): blocks poison their own gap, and
  // freed blocks stay poisoned; space above top_ was never handed out.
}

Arena::~Arena() = default;

void* Arena::allocate(std::size_t bytes) {
  // Every block is followed by a gap of one line (a red zone under AddressSanitizer).
  const std::uint64_t size = round_up(bytes == 0 ? 1 : bytes, kAlignment) + kAlignment;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (base_ != nullptr) {
      std::uint64_t offset = top_;
      auto fit = free_.begin();
      while (fit != free_.end() && fit->second < size) ++fit;
      if (fit != free_.end()) {
        offset = fit->first;
        const std::uint64_t left = fit->second - size;
        free_.erase(fit);
        if (left > 0) free_.emplace(offset + size, left);
      } else if (top_ + size <= kReserveBytes) {
        top_ += size;
      } else {
        offset = kReserveBytes;  // exhausted
      }
      if (offset < kReserveBytes) {
        used_.emplace(offset, size);
        // Whole cache lines stay addressable: the simulated LLC may flip bits anywhere in a line
        // it holds, including the tail after the last element.
        const std::uint64_t lines = std::min<std::uint64_t>(round_up(bytes, kAlignment), size);
        STTVP_UNPOISON(base_ + offset, lines);
        STTVP_POISON(base_ + offset + lines, size - lines);
        return base_ + offset;
      }
    }
  }
  return ::operator new (round_up(bytes == 0 ? 1 : bytes, kAlignment),
                         std::align_val_t{kAlignment});
}

void Arena::deallocate(void* p) noexcept {
  if (p == nullptr) return;
  std::lock_guard<std::mutex> lock(mutex_);
  const std::int64_t at = base_ == nullptr ? -1 : static_cast<unsigned char*>(p) - base_;
  if (at < 0 || static_cast<std::uint64_t>(at) >= kReserveBytes) {
    ::operator delete (p, std::align_val_t{kAlignment});
    return;
  }
  auto it = used_.find(static_cast<std::uint64_t>(at));
  if (it == used_.end()) return;  // not ours: ignore rather than corrupt the free list
  std::uint64_t offset = it->first;
  std::uint64_t size = it->second;
  used_.erase(it);
  STTVP_POISON(base_ + offset, size);
  // Give whole pages back to the system; they read as zero when handed out again.
  const std::uint64_t first_page = round_up(offset, kPage);
  const std::uint64_t last_page = (offset + size) / kPage * kPage;
  if (last_page > first_page) ::madvise(base_ + first_page, last_page - first_page, MADV_DONTNEED);
  // Merge with the free neighbours, then with the untouched space above top_.
  auto next = free_.lower_bound(offset);
  if (next != free_.end() && next->first == offset + size) {
    size += next->second;
    next = free_.erase(next);
  }
  if (next != free_.begin()) {
    auto prev = std::prev(next);
    if (prev->first + prev->second == offset) {
      offset = prev->first;
      size += prev->second;
      free_.erase(prev);
    }
  }
  if (offset + size == top_)
    top_ = offset;
  else
    free_.emplace(offset, size);
}

std::int64_t Arena::offset_of(const void* p) const {
  if (base_ == nullptr) return -1;
  const auto* c = static_cast<const unsigned char*>(p);
  if (c < base_ || c >= base_ + kReserveBytes) return -1;
  return c - base_;
}

std::size_t Arena::in_use() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::size_t n = 0;
  for (const auto& [offset, size] : used_) n += size;
  return n;
}

}  // namespace sttvp::sw
