// Grid expansion: the order of the jobs, their overrides and arguments, and ids that stay the
// same from one run (and one build) to the next.
#include <gtest/gtest.h>

#include <set>

#include "experiments/sweep/SweepSpec.h"
#include "tests/support/TempDir.h"

namespace sttvp {
namespace {

using test::TempDir;

class SweepExpansionTest : public ::testing::Test {
 protected:
  SweepExpansionTest() { dir.write("base.json", "{}"); }
  SweepSpec parse(const std::string& text) {
    return SweepSpec::parse(Json::parse(text), dir.file("spec.json"));
  }
  TempDir dir;
};

const char* kSpec = R"({
  "config": "base.json",
  "grid": {"llc.ways": [8, 16], "workload.write_fraction": [0, 0.5, 1]},
  "set": {"workload.bytes": 1048576},
  "seeds": [1, 2]
})";

TEST_F(SweepExpansionTest, FirstGridKeySlowestSeedsFastest) {
  const auto jobs = parse(kSpec).expand();
  ASSERT_EQ(jobs.size(), 12u);
  std::vector<std::string> got;
  for (const auto& j : jobs)
    got.push_back(j.grid[0].second.dump() + "/" + j.grid[1].second.dump() + "/" +
                  std::to_string(*j.seed));
  EXPECT_EQ(got, (std::vector<std::string>{"8/0/1", "8/0/2", "8/0.5/1", "8/0.5/2", "8/1/1", "8/1/2",
                                           "16/0/1", "16/0/2", "16/0.5/1", "16/0.5/2", "16/1/1",
                                           "16/1/2"}));
  for (std::size_t i = 0; i < jobs.size(); ++i) EXPECT_EQ(jobs[i].index, i);
}

TEST_F(SweepExpansionTest, FixedOverridesComeFirstThenGridValuesWithTheirOrigins) {
  const auto jobs = parse(kSpec).expand();
  const auto& o = jobs[3].overrides;
  ASSERT_EQ(o.size(), 3u);
  EXPECT_EQ(o[0].key, "workload.bytes");
  EXPECT_EQ(o[0].origin, "set.workload.bytes");
  EXPECT_EQ(o[1].key, "llc.ways");
  EXPECT_EQ(o[1].origin, "grid.llc.ways[0]");
  EXPECT_EQ(o[2].origin, "grid.workload.write_fraction[1]");
  EXPECT_EQ(jobs[3].set_arguments(),
            (std::vector<std::string>{"workload.bytes=1048576", "llc.ways=8",
                                      "workload.write_fraction=0.5"}));
}

TEST_F(SweepExpansionTest, IdsAreStableReadableAndUnique) {
  const auto a = parse(kSpec).expand();
  const auto b = parse(kSpec).expand();
  std::set<std::string> ids;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_TRUE(SweepJob::valid_id(a[i].id)) << a[i].id;
    EXPECT_EQ(a[i].id.substr(0, 5), (i < 10 ? "000" : "00") + std::to_string(i) + "-");
    ids.insert(a[i].id);
  }
  EXPECT_EQ(ids.size(), a.size());
  // Pinned: a changed id would make every existing sweep folder rerun from scratch.
  EXPECT_EQ(a[0].id, SweepJob::make_id(0, a[0].overrides, a[0].seed));
  EXPECT_EQ(a[0].id, "0000-e4d0f3ac");
  EXPECT_EQ(a[11].id, "0011-1b7c48bb");
}

TEST_F(SweepExpansionTest, IdHashFollowsTheSettingsNotThePosition) {
  const auto a = parse(kSpec).expand();
  // Same settings, different index: same hash.
  EXPECT_EQ(SweepJob::make_id(7, a[0].overrides, a[0].seed).substr(5), a[0].id.substr(5));
  // Different value: different hash.
  EXPECT_NE(a[0].id.substr(5), a[1].id.substr(5));
  // A string and a number that print alike are different settings.
  std::vector<SweepJob::Override> num{{"x", Json(8), ""}}, str{{"x", Json("8"), ""}};
  EXPECT_NE(SweepJob::make_id(0, num, {}), SweepJob::make_id(0, str, {}));
  // No seed differs from seed 0.
  EXPECT_NE(SweepJob::make_id(0, num, {}), SweepJob::make_id(0, num, 0));
}

TEST_F(SweepExpansionTest, EmptyGridWithoutSeedsIsOneJobWithTheFixedOverrides) {
  const auto jobs = parse(R"({"config": "base.json", "grid": {}, "set": {"a": "b"}})").expand();
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_FALSE(jobs[0].seed.has_value());
  EXPECT_EQ(jobs[0].set_arguments(), (std::vector<std::string>{"a=\"b\""}));
}

TEST_F(SweepExpansionTest, RunArgumentsPassValuesAsJson) {
  const auto jobs =
      parse(R"({"config": "base.json", "grid": {"workload.kind": ["stream"]}, "seeds": [9]})")
          .expand();
  EXPECT_EQ(
      jobs[0].run_arguments("/c.json", "/out/j"),
      (std::vector<std::string>{"run", "--config", "/c.json", "--set", "workload.kind=\"stream\"",
                                "--seed", "9", "--out", "/out/j"}));
}

TEST_F(SweepExpansionTest, RoundTripsThroughSweepJson) {
  for (const auto& job : parse(kSpec).expand()) {
    const SweepJob back = SweepJob::from_json(job.to_json(), "sweep.json", "jobs[0]");
    EXPECT_EQ(back.id, job.id);
    EXPECT_EQ(back.index, job.index);
    EXPECT_EQ(back.seed, job.seed);
    EXPECT_EQ(back.grid, job.grid);
    EXPECT_EQ(back.set_arguments(), job.set_arguments());
  }
}

TEST(SweepJobId, RejectsWhatMakeIdCannotProduce) {
  EXPECT_TRUE(SweepJob::valid_id("0000-0123abcd"));
  EXPECT_TRUE(SweepJob::valid_id("12345-0123abcd"));
  for (const char* bad : {"", "0000", "000-0123abcd", "0000-0123ABCD", "0000-0123abc",
                          "../x-0123abcd", "0000-0123abcd/..", "0000-0123abcg"})
    EXPECT_FALSE(SweepJob::valid_id(bad)) << bad;
}

}  // namespace
}  // namespace sttvp
