#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "models/common/ResourceCalendar.h"

namespace sttvp {
namespace {

TEST(ResourceCalendar, IdleResourceStartsAtArrival) {
  ResourceCalendar c(100, 100000);
  EXPECT_EQ(c.book(5000, 100), 5000u);
  EXPECT_EQ(c.book(9000, 100), 9000u);
}

TEST(ResourceCalendar, SimultaneousRequestsQueueBackToBack) {
  ResourceCalendar c(100, 100000);
  for (std::uint64_t i = 0; i < 10; ++i) EXPECT_EQ(c.book(2000, 100), 2000 + 100 * i);
}

TEST(ResourceCalendar, EarlierRequestBookedLaterDoesNotWaitBehindLaterOnes) {
  // Temporal decoupling: a core a quantum ahead books first at 900 ns; a request at 1 ns booked
  // afterwards must not wait until 900 ns.
  ResourceCalendar c(250, 10000000);
  EXPECT_EQ(c.book(900000, 3750), 900000u);
  EXPECT_EQ(c.book(1000, 3750), 1000u);
}

TEST(ResourceCalendar, FirstFitUsesAGapThatIsLongEnough) {
  ResourceCalendar c(100, 100000);
  c.book(0, 300);                   // [0, 300)
  c.book(500, 300);                 // [500, 800)
  EXPECT_EQ(c.book(0, 200), 300u);  // fits the gap [300, 500)
  EXPECT_EQ(c.book(0, 300), 800u);  // the gap is full now
}

TEST(ResourceCalendar, FutureBookingDelaysOnlyRequestsThatOverlapIt) {
  ResourceCalendar c(100, 100000);
  c.book(7800, 500);  // a fill written when memory answers, [7800, 8300)
  EXPECT_EQ(c.book(0, 200), 0u);
  EXPECT_EQ(c.book(7700, 200), 8300u);
}

TEST(ResourceCalendar, SustainedOverloadWaitsGrowWithLoad) {
  ResourceCalendar c(10, 1000000);
  // 20 requests of 100 ps every 50 ps: twice the capacity, so the backlog grows.
  std::uint64_t last_wait = 0;
  for (std::uint64_t i = 0; i < 20; ++i) {
    const std::uint64_t at = i * 50;
    last_wait = c.book(at, 100) - at;
  }
  EXPECT_EQ(last_wait, 19 * 100 - 19 * 50u);
}

TEST(ResourceCalendar, LongServiceSpansWords) {
  ResourceCalendar c(10, 100000);
  EXPECT_EQ(c.book(0, 2500), 0u);  // 250 slots: several 64-slot words
  EXPECT_EQ(c.book(500, 100), 2500u);
}

TEST(ResourceCalendar, ZeroServiceNeverWaits) {
  ResourceCalendar c(100, 100000);
  c.book(0, 1000);
  EXPECT_EQ(c.book(200, 0), 200u);
}

TEST(ResourceCalendar, MatchesAPlainFirstFitUnderRandomBookings) {
  // The reference: one flag per slot, the first run of n free slots at or after the arrival.
  // Arrivals in the first `slots` slots, about half of them booked; the calendar's horizon and
  // the reference cover four times that, so that no booking is forgotten.
  const std::uint64_t slot = 238, slots = 40000;
  ResourceCalendar c(slot, 4 * slot * slots);
  std::vector<bool> busy(4 * slots, false);
  std::mt19937_64 rng(7);
  for (int i = 0; i < 1500; ++i) {
    const std::uint64_t arrival = rng() % (slot * slots);
    // Mostly short services (one word), some spanning words, some of zero slots.
    const std::uint64_t service = i % 7 == 0 ? rng() % (slot * 200) : rng() % (slot * 6);
    const std::uint64_t n = (service + slot - 1) / slot;
    std::uint64_t s = arrival / slot;
    if (service > 0) {
      while (true) {
        std::uint64_t k = 0;
        while (k < n && !busy[s + k]) ++k;
        if (k == n) break;
        s += k + 1;
      }
      for (std::uint64_t k = 0; k < n; ++k) busy[s + k] = true;
    }
    const std::uint64_t expected = service == 0 ? arrival : std::max(arrival, s * slot);
    ASSERT_EQ(c.book(arrival, service), expected) << "booking " << i;
  }
}

TEST(ResourceCalendar, ZeroSlotLengthIsRejected) {
  EXPECT_THROW(ResourceCalendar(0, 1000), std::invalid_argument);
}

TEST(ResourceCalendar, SlotsAreExactForArrivalsFarIntoTheRun) {
  // A second booking at the same time starts in the next slot, at floor(t / slot) + 1 slots.
  for (std::uint64_t slot : {1u, 3u, 238u, 250u, 1000u, 4096u})
    for (std::uint64_t t : {0ull, 1ull, 237ull, 238ull, 999'999'999ull, 3'600'000'000'000'000ull,
                            (1ull << 62) + 12345ull}) {
      ResourceCalendar c(slot, 100 * slot);
      EXPECT_EQ(c.book(t, 1), t);
      EXPECT_EQ(c.book(t, 1), (t / slot + 1) * slot) << "slot " << slot << " t " << t;
    }
}

TEST(ResourceCalendar, MemoryFollowsTheHorizonUpTo256MiB) {
  // One 16-byte entry per 64 slots, rounded up to a power of two words, at least 16.
  EXPECT_EQ(ResourceCalendar::bytes(238, 1000), 16u * 16);
  const std::uint64_t horizon = ResourceCalendar::horizon_for_quantum(1'000'000);  // 1 us
  EXPECT_EQ(horizon, 104'000'000u);
  EXPECT_EQ(ResourceCalendar::bytes(238, horizon), 8192u * 16);  // 437k slots: 6.8k words
  EXPECT_EQ(ResourceCalendar::bytes(1, ResourceCalendar::horizon_for_quantum(1'000'000'000'000)),
            std::uint64_t{1} << 28);  // capped at 2^24 words
}

}  // namespace
}  // namespace sttvp
