// The progress line: counts and the time-left estimate.
#include <gtest/gtest.h>

#include "experiments/jobs/SweepProgress.h"

namespace sttvp {
namespace {

TEST(SweepProgress, EstimatesFromThisRunsRateOnly) {
  SweepProgress p(10, 4);  // 4 finished by an earlier run
  EXPECT_LT(p.eta_seconds(5), 0) << "nothing ended yet in this run";
  EXPECT_EQ(p.line(5), "4/10 done, 0 failed, 0:05 elapsed, ETA --");
  p.job_done();
  p.job_failed();  // 2 ended in 10 s, 4 left
  EXPECT_DOUBLE_EQ(p.eta_seconds(10), 20);
  p.set_running(2);
  EXPECT_EQ(p.line(10), "5/10 done, 1 failed, 2 running, 0:10 elapsed, ETA 0:20");
  for (int i = 0; i < 4; ++i) p.job_done();
  EXPECT_EQ(p.remaining(), 0u);
  EXPECT_DOUBLE_EQ(p.eta_seconds(30), 0);
}

TEST(SweepProgress, Clock) {
  EXPECT_EQ(SweepProgress::clock(0), "0:00");
  EXPECT_EQ(SweepProgress::clock(59.6), "1:00");
  EXPECT_EQ(SweepProgress::clock(725), "12:05");
  EXPECT_EQ(SweepProgress::clock(3723), "1:02:03");
  EXPECT_EQ(SweepProgress::clock(-3), "0:00");
}

}  // namespace
}  // namespace sttvp
