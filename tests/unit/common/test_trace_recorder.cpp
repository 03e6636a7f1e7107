#include <gtest/gtest.h>

#include <sstream>

#include "models/common/TraceRecorder.h"

namespace sttvp {
namespace {

std::string vcd_of(const TraceRecorder& t, std::uint64_t end) {
  std::ostringstream out;
  t.write_vcd(out, end);
  return out.str();
}

TEST(TraceRecorder, HeaderDeclaresNestedScopesAndSignals) {
  TraceRecorder t(0, 1000, 100);
  t.add_signal("platform.llc.bank0", "busy", TraceRecorder::Kind::Busy, 1);
  t.add_signal("platform.llc", "hits", TraceRecorder::Kind::Events, 32);
  const std::string v = vcd_of(t, 1000);
  EXPECT_NE(v.find("$timescale 1ps $end"), std::string::npos);
  EXPECT_NE(v.find("$scope module platform $end\n$scope module llc $end\n$scope module bank0 $end\n"
                   "$var wire 1 ! busy $end\n$upscope $end\n$var wire 32 \" hits $end"),
            std::string::npos)
      << v;
  EXPECT_NE(v.find("$enddefinitions $end"), std::string::npos);
}

TEST(TraceRecorder, ChangesAreSortedByTimeWhateverTheOrderOfRecording) {
  TraceRecorder t(0, 1000, 100);
  int phase = t.add_signal("core0", "phase", TraceRecorder::Kind::Value, 8);
  t.value(phase, 500, 2);
  t.value(phase, 100, 1);
  const std::string v = vcd_of(t, 1000);
  const auto a = v.find("#100\nb1 !"), b = v.find("#500\nb10 !");
  ASSERT_NE(a, std::string::npos) << v;
  ASSERT_NE(b, std::string::npos) << v;
  EXPECT_LT(a, b);
}

TEST(TraceRecorder, EventsBecomeACumulativeCounter) {
  TraceRecorder t(0, 1000, 100);
  int hits = t.add_signal("llc", "hits", TraceRecorder::Kind::Events, 32);
  t.event(hits, 300);
  t.event(hits, 100);
  t.event(hits, 300);
  const std::string v = vcd_of(t, 1000);
  EXPECT_NE(v.find("#100\nb1 !"), std::string::npos) << v;
  EXPECT_NE(v.find("#300\nb11 !"), std::string::npos) << v;  // two events at 300: count 3
}

TEST(TraceRecorder, AdjacentBusyIntervalsMergeRecordedInAnyOrder) {
  TraceRecorder t(0, 1000, 100);
  int bank = t.add_signal("llc.bank0", "busy", TraceRecorder::Kind::Busy, 1);
  t.busy(bank, 200, 300);
  t.busy(bank, 100, 200);
  const std::string v = vcd_of(t, 1000);
  EXPECT_NE(v.find("#100\n1!"), std::string::npos) << v;
  EXPECT_EQ(v.find("#200"), std::string::npos) << "no glitch at the boundary: " << v;
  EXPECT_NE(v.find("#300\n0!"), std::string::npos) << v;
}

TEST(TraceRecorder, OnlyTheWindowIsRecorded) {
  TraceRecorder t(1000, 2000, 100);
  int s = t.add_signal("x", "v", TraceRecorder::Kind::Value, 4);
  t.value(s, 500, 3);
  t.value(s, 1500, 5);
  t.value(s, 2500, 7);
  EXPECT_EQ(t.changes(), 1u);
}

TEST(TraceRecorder, StopsAtTheChangeLimit) {
  TraceRecorder t(0, 1000, 2);
  int s = t.add_signal("x", "v", TraceRecorder::Kind::Events, 8);
  for (int i = 0; i < 5; ++i) t.event(s, 10 * i);
  EXPECT_EQ(t.changes(), 2u);
  EXPECT_TRUE(t.truncated());
}

}  // namespace
}  // namespace sttvp
