#include <gtest/gtest.h>

#include <sstream>

#include "models/common/Stats.h"

namespace sttvp {
namespace {

TEST(Stats, NestsPathsAndArrays) {
  Stats s;
  std::uint64_t hits0 = 3, hits1 = 5;
  double t = 1.5;
  s.add("sim_time_ns", &t, "ns", "time");
  s.add("cores[0].l1d.hits", &hits0, "lines", "hits");
  s.add("cores[1].l1d.hits", &hits1, "lines", "hits");
  Json j = s.to_json();
  EXPECT_DOUBLE_EQ(j["sim_time_ns"].get<double>(), 1.5);
  ASSERT_TRUE(j["cores"].is_array());
  EXPECT_EQ(j["cores"][1]["l1d"]["hits"], 5);
  EXPECT_EQ(j["_units"]["cores[0].l1d.hits"]["unit"], "lines");
}

TEST(Stats, ReadsValuesWhenWritten) {
  Stats s;
  std::uint64_t n = 1;
  s.add("n", &n, "count", "a counter");
  n = 9;
  EXPECT_EQ(s.to_json()["n"], 9);
  EXPECT_DOUBLE_EQ(s.value("n"), 9);
  EXPECT_THROW(s.value("missing"), std::out_of_range);
}

TEST(Stats, FunctionStatistics) {
  Stats s;
  double x = 2;
  s.add(
      "twice", [&x] { return 2 * x; }, "nJ", "derived");
  EXPECT_DOUBLE_EQ(s.value("twice"), 4);
}

TEST(Stats, CsvHasHeaderAndOneRowPerStatistic) {
  Stats s;
  std::uint64_t a = 1, b = 2;
  s.add("llc.hits", &a, "lines", "hits \"quoted\"");
  s.add("llc.misses", &b, "lines", "misses");
  std::ostringstream out;
  s.write_csv(out);
  EXPECT_EQ(out.str(),
            "stat,value,unit,description\n"
            "llc.hits,1,lines,\"hits 'quoted'\"\n"
            "llc.misses,2,lines,\"misses\"\n");
}

TEST(Stats, OutputOrderIsRegistrationOrder) {
  Stats s;
  std::uint64_t v = 0;
  s.add("zeta", &v, "u", "d");
  s.add("alpha", &v, "u", "d");
  std::string dump = s.to_json().dump();
  EXPECT_LT(dump.find("zeta"), dump.find("alpha"));
}

}  // namespace
}  // namespace sttvp
