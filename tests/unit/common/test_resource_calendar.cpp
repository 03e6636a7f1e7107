#include <gtest/gtest.h>

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

TEST(ResourceCalendar, ZeroSlotLengthIsRejected) {
  EXPECT_THROW(ResourceCalendar(0, 1000), std::invalid_argument);
}

}  // namespace
}  // namespace sttvp
