// Contention for one resource (an LLC bank, a DRAM channel) under temporal decoupling.
//
// With a quantum, each core runs up to a quantum ahead of simulation time, so requests reach a
// shared resource out of timestamp order, and some bookings lie in the future (the write of a
// line fill happens when memory returns the data). A single busy-until time would make a request
// that is earlier in simulated time wait behind every later one already booked. Instead the
// calendar records which time slots are occupied: a request takes the first run of free slots,
// at or after its arrival, long enough for its occupancy (first fit). Its wait then depends only
// on what is booked around its own time, whatever the order of booking. Slots are bits in a
// ring covering `horizon_ps`; bookings further apart than the horizon forget each other. The
// slot length sets the resolution (one resource clock cycle is a good choice).
#pragma once

#include <cstdint>
#include <vector>

namespace sttvp {

class ResourceCalendar {
 public:
  ResourceCalendar(std::uint64_t slot_ps, std::uint64_t horizon_ps);

  // The horizon a calendar covers under temporal decoupling with global quantum `quantum_ps`:
  // four quanta (cores run up to a quantum ahead; fills are booked a memory latency into the
  // future) plus 100 us.
  static std::uint64_t horizon_for_quantum(std::uint64_t quantum_ps) {
    return 4 * quantum_ps + 100'000'000;
  }
  // Host memory of a calendar of `slot_ps` slots over `horizon_ps` (its ring: a power of two of
  // 64-slot words, at most 2^24 words, 256 MiB).
  static std::uint64_t bytes(std::uint64_t slot_ps, std::uint64_t horizon_ps);

  // Books `service_ps` of occupancy for a request arriving at `arrival_ps`; returns its start.
  std::uint64_t book(std::uint64_t arrival_ps, std::uint64_t service_ps);

  std::uint64_t slot_ps() const { return slot_ps_; }

 private:
  static std::uint64_t words(std::uint64_t slot_ps, std::uint64_t horizon_ps);
  // The occupancy bits of absolute word `w` (64 slots), cleared when the ring reuses it.
  std::uint64_t& word(std::uint64_t w);
  // Marks slots [s, s + n) occupied.
  void occupy(std::uint64_t s, std::uint64_t n);
  // x / slot_ps_, by a multiplication with a precomputed reciprocal (a 64-bit division costs
  // dozens of cycles) and an exact correction.
  std::uint64_t slots(std::uint64_t x) const {
    __extension__ using Wide = unsigned __int128;  // a GCC/Clang type
    std::uint64_t q = static_cast<std::uint64_t>((static_cast<Wide>(x) * reciprocal_) >> 64);
    for (std::uint64_t r = x - q * slot_ps_; r >= slot_ps_; r -= slot_ps_) ++q;
    return q;
  }

  // One ring entry: the absolute word number it holds and its occupancy bits, side by side so
  // a booking touches one host cache line.
  struct Entry {
    std::uint64_t tag;
    std::uint64_t bits;
  };

  std::uint64_t slot_ps_;
  std::uint64_t reciprocal_;  // floor((2^64 - 1) / slot_ps_): slots() underestimates by <= 2
  std::uint64_t mask_;
  std::vector<Entry> ring_;
};

}  // namespace sttvp
