// Sweep spec parsing: the accepted format, and every error naming the spec and the key path.
#include <gtest/gtest.h>

#include <filesystem>

#include "experiments/sweep/SweepSpec.h"
#include "models/common/InputError.h"
#include "tests/support/TempDir.h"

namespace sttvp {
namespace {

using test::TempDir;

class SweepSpecTest : public ::testing::Test {
 protected:
  SweepSpecTest() { dir.write("base.json", "{}"); }
  std::string spec_file() const { return dir.file("spec.json"); }
  SweepSpec parse(const std::string& text) {
    return SweepSpec::parse(Json::parse(text), spec_file());
  }
  TempDir dir;
};

TEST_F(SweepSpecTest, ReadsEveryPart) {
  const SweepSpec s = parse(R"({
    "_comment": "documentation keys are ignored",
    "name": "ways-x-writes",
    "config": "base.json",
    "grid": {"llc.ways": [8, 16], "workload.kind": ["stream"], "workload.write_fraction": [0, 0.5]},
    "set": {"workload.bytes": 1048576, "cores.count": 1},
    "seeds": [3, 1],
    "slurm": {"sbatch_args": ["--time=00:05:00", "--partition=short"]}
  })");
  EXPECT_EQ(s.name, "ways-x-writes");
  EXPECT_EQ(s.config, std::filesystem::path(dir.file("base.json")).lexically_normal().string());
  ASSERT_EQ(s.grid.size(), 3u);
  EXPECT_EQ(s.grid[0].key, "llc.ways");
  EXPECT_EQ(s.grid[0].values, (std::vector<Json>{8, 16}));
  EXPECT_EQ(s.grid[1].values[0], "stream");
  ASSERT_EQ(s.fixed.size(), 2u);
  EXPECT_EQ(s.fixed[0].first, "workload.bytes");
  EXPECT_EQ(s.seeds, (std::vector<std::uint64_t>{3, 1}));
  EXPECT_EQ(s.sbatch_args.size(), 2u);
  EXPECT_EQ(s.job_count(), 2u * 1 * 2 * 2);
}

TEST_F(SweepSpecTest, DefaultsNameToTheFileStemAndAllowsAnEmptyGrid) {
  const SweepSpec s = parse(R"({"config": "base.json", "grid": {}})");
  EXPECT_EQ(s.name, "spec");
  EXPECT_TRUE(s.seeds.empty());
  EXPECT_EQ(s.job_count(), 1u);
}

TEST_F(SweepSpecTest, ConfigIsRelativeToTheSpecNotTheWorkingFolder) {
  std::filesystem::create_directories(dir.file("sub"));
  dir.write("sub/other.json", "{}");
  const SweepSpec s = SweepSpec::parse(Json::parse(R"({"config": "../base.json", "grid": {}})"),
                                       dir.file("sub/spec.json"));
  EXPECT_EQ(s.config, std::filesystem::path(dir.file("base.json")).lexically_normal().string());
}

TEST_F(SweepSpecTest, LoadsFromAFile) {
  dir.write("spec.json", R"({"config": "base.json", "grid": {"llc.ways": [4]}})");
  EXPECT_EQ(SweepSpec::load(spec_file()).grid.size(), 1u);
}

TEST_F(SweepSpecTest, FileErrorsNameTheSpec) {
  try {
    SweepSpec::load(dir.file("absent.json"));
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), dir.file("absent.json"));
  }
  dir.write("broken.json", R"({"config": )");
  try {
    SweepSpec::load(dir.file("broken.json"));
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), dir.file("broken.json"));
    EXPECT_NE(std::string(e.what()).find("malformed"), std::string::npos);
  }
}

TEST_F(SweepSpecTest, RefusesAnAbsurdlyLargeGrid) {
  Json spec = Json::parse(R"({"config": "base.json", "grid": {}})");
  for (const char* key : {"a", "b", "c", "d", "e", "f", "g"})
    spec["grid"][key] = Json::parse("[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]");
  try {
    SweepSpec::parse(spec, spec_file());
    FAIL() << "accepted 10^7 jobs";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where(), "grid");
    EXPECT_NE(std::string(e.what()).find("more than the limit"), std::string::npos);
  }
}

struct BadSpec {
  const char* name;
  const char* json;
  const char* where;    // expected key path
  const char* message;  // a fragment of the message
};

void PrintTo(const BadSpec& c, std::ostream* os) { *os << c.name; }

class BadSweepSpecTest : public SweepSpecTest, public ::testing::WithParamInterface<BadSpec> {};

TEST_P(BadSweepSpecTest, NamesTheSpecAndTheKeyPath) {
  const BadSpec& c = GetParam();
  try {
    parse(c.json);
    FAIL() << "accepted " << c.json;
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), spec_file());
    EXPECT_EQ(e.where(), c.where) << e.what();
    EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadSweepSpecTest,
    ::testing::Values(
        BadSpec{"NotAnObject", R"([1, 2])", "", "JSON object"},
        BadSpec{"UnknownKey", R"({"config": "base.json", "grid": {}, "grids": {}})", "grids",
                "unknown key"},
        BadSpec{"NameNotString", R"({"name": 3, "config": "base.json", "grid": {}})", "name",
                "expected a string"},
        BadSpec{"NameWithSlash", R"({"name": "a/b", "config": "base.json", "grid": {}})", "name",
                "letters"},
        BadSpec{"MissingConfig", R"({"grid": {}})", "config", "missing"},
        BadSpec{"ConfigNotString", R"({"config": 1, "grid": {}})", "config", "file name"},
        BadSpec{"ConfigEmpty", R"({"config": "", "grid": {}})", "config", "empty"},
        BadSpec{"ConfigAbsent", R"({"config": "nope.json", "grid": {}})", "config",
                "no such config file"},
        BadSpec{"MissingGrid", R"({"config": "base.json"})", "grid", "missing"},
        BadSpec{"GridNotObject", R"({"config": "base.json", "grid": [1]})", "grid",
                "expected an object"},
        BadSpec{"GridKeyMalformed", R"({"config": "base.json", "grid": {"llc..ways": [1]}})",
                "grid.llc..ways", "dotted config key"},
        BadSpec{"GridKeyWithSpace", R"({"config": "base.json", "grid": {"llc ways": [1]}})",
                "grid.llc ways", "dotted config key"},
        BadSpec{"GridValuesNotList", R"({"config": "base.json", "grid": {"llc.ways": 8}})",
                "grid.llc.ways", "list of values"},
        BadSpec{"GridValuesEmpty", R"({"config": "base.json", "grid": {"llc.ways": []}})",
                "grid.llc.ways", "empty list"},
        BadSpec{"GridValueNull", R"({"config": "base.json", "grid": {"llc.ways": [8, null]}})",
                "grid.llc.ways[1]", "null"},
        BadSpec{"GridValueDuplicate",
                R"({"config": "base.json", "grid": {"llc.ways": [8, 16, 8]}})", "grid.llc.ways[2]",
                "duplicate value 8"},
        BadSpec{"GridKeysOverlap",
                R"({"config": "base.json", "grid": {"llc": [{"ways": 8}], "llc.ways": [8]}})",
                "grid.llc.ways", "overlaps grid.llc"},
        BadSpec{"SetNotObject", R"({"config": "base.json", "grid": {}, "set": [1]})", "set",
                "expected an object"},
        BadSpec{"SetKeyMalformed", R"({"config": "base.json", "grid": {}, "set": {".a": 1}})",
                "set..a", "dotted config key"},
        BadSpec{"SetValueNull", R"({"config": "base.json", "grid": {}, "set": {"a.b": null}})",
                "set.a.b", "null"},
        BadSpec{"SetAlsoInGrid",
                R"({"config": "base.json", "grid": {"llc.ways": [8]}, "set": {"llc.ways": 4}})",
                "set.llc.ways", "also set by grid.llc.ways"},
        BadSpec{"SetOverlapsGrid",
                R"({"config": "base.json", "grid": {"llc.ways": [8]}, "set": {"llc": {}}})",
                "set.llc", "also set by grid.llc.ways"},
        BadSpec{"SetKeysOverlap",
                R"({"config": "base.json", "grid": {}, "set": {"llc": {}, "llc.ways": 4}})",
                "set.llc.ways", "overlaps set.llc"},
        BadSpec{"SeedsNotList", R"({"config": "base.json", "grid": {}, "seeds": 1})", "seeds",
                "list of seeds"},
        BadSpec{"SeedsEmpty", R"({"config": "base.json", "grid": {}, "seeds": []})", "seeds",
                "empty list"},
        BadSpec{"SeedNegative", R"({"config": "base.json", "grid": {}, "seeds": [1, -2]})",
                "seeds[1]", "non-negative integer"},
        BadSpec{"SeedFraction", R"({"config": "base.json", "grid": {}, "seeds": [1.5]})",
                "seeds[0]", "non-negative integer"},
        BadSpec{"SeedDuplicate", R"({"config": "base.json", "grid": {}, "seeds": [4, 4]})",
                "seeds[1]", "duplicate seed 4"},
        BadSpec{"SeedInGridAndSeeds",
                R"({"config": "base.json", "grid": {"sim.seed": [1, 2]}, "seeds": [1]})",
                "grid.sim.seed", "seeds"},
        BadSpec{"SeedInSetAndSeeds",
                R"({"config": "base.json", "grid": {}, "set": {"sim": {"seed": 3}}, "seeds": [1]})",
                "set.sim", "seeds"},
        BadSpec{"SlurmNotObject", R"({"config": "base.json", "grid": {}, "slurm": "x"})", "slurm",
                "expected an object"},
        BadSpec{"SlurmUnknownKey",
                R"({"config": "base.json", "grid": {}, "slurm": {"partition": "a"}})",
                "slurm.partition", "unknown key"},
        BadSpec{"SbatchArgsNotList",
                R"({"config": "base.json", "grid": {}, "slurm": {"sbatch_args": "--time=1"}})",
                "slurm.sbatch_args", "list of strings"},
        BadSpec{"SbatchArgNotString",
                R"({"config": "base.json", "grid": {}, "slurm": {"sbatch_args": [5]}})",
                "slurm.sbatch_args[0]", "expected a string"},
        BadSpec{"SbatchArgNotOption",
                R"({"config": "base.json", "grid": {}, "slurm": {"sbatch_args": ["time=1"]}})",
                "slurm.sbatch_args[0]", "sbatch option"},
        BadSpec{"SbatchArgLineBreak",
                R"({"config": "base.json", "grid": {}, "slurm": {"sbatch_args": ["--a\nb"]}})",
                "slurm.sbatch_args[0]", "line break"}),
    [](const ::testing::TestParamInfo<BadSpec>& p) { return p.param.name; });

}  // namespace
}  // namespace sttvp
