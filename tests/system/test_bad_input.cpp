// Every malformed input: exit status 2, one line on stderr naming the file and key, no output.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/TempDir.h"
#include "tests/system/RunSttvp.h"

namespace sttvp::test {
namespace {

struct BadInput {
  const char* name;
  std::string args;                 // after "run"; OUT is replaced by the output folder
  std::string config_json;          // written to bad.json when non-empty (CONFIG in args)
  std::vector<std::string> expect;  // fragments of the error line
};

void PrintTo(const BadInput& c, std::ostream* os) { *os << c.name; }

class BadInputTest : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadInputTest, ExitsWithStatusTwoAndOneLineAndNoOutput) {
  const BadInput& c = GetParam();
  TempDir dir;
  std::string args = c.args;
  auto replace = [&](const std::string& key, const std::string& value) {
    for (auto p = args.find(key); p != std::string::npos; p = args.find(key))
      args.replace(p, key.size(), value);
  };
  if (!c.config_json.empty()) replace("CONFIG", dir.write("bad.json", c.config_json));
  const std::string out = dir.file("out");
  replace("OUT", out);
  Outcome o = run_sttvp(args, dir.path());
  EXPECT_EQ(o.status, 2) << o.err;
  ASSERT_FALSE(o.err.empty());
  EXPECT_EQ(o.err.find('\n'), o.err.size() - 1) << "exactly one line: " << o.err;
  for (const auto& f : c.expect) EXPECT_NE(o.err.find(f), std::string::npos) << o.err;
  EXPECT_FALSE(std::filesystem::exists(out)) << "no output folder";
}

const std::string kGood = "--config configs/skylake-sram.json --out OUT";

INSTANTIATE_TEST_SUITE_P(
    Cases, BadInputTest,
    ::testing::Values(
        BadInput{"MissingConfigFile",
                 "run --config /nonexistent.json --out OUT",
                 "",
                 {"/nonexistent.json", "cannot open"}},
        BadInput{"MalformedJson", "run --config CONFIG --out OUT", "{\"cores\": ", {"malformed"}},
        BadInput{"UnknownTopLevelKey",
                 "run --config CONFIG --out OUT",
                 R"({"include": ")" STTVP_SOURCE_DIR R"(/configs/skylake-sram.json", "cachez": 1})",
                 {"bad.json", "cachez", "unknown key"}},
        BadInput{"UnknownNestedKeyBySet",
                 "run " + kGood + " --set llc.wayz=3",
                 "",
                 {"--set", "llc.wayz", "unknown key"}},
        BadInput{"WrongType",
                 "run " + kGood + " --set cores.count=four",
                 "",
                 {"cores.count", "integer"}},
        BadInput{"OutOfRange",
                 "run " + kGood + " --set cores.count=0",
                 "",
                 {"cores.count", "out of range"}},
        BadInput{"NonPowerOfTwoSets",
                 "run " + kGood + " --set llc.size_bytes=6291456",
                 "",
                 {"--set", "llc.size_bytes", "power of two"}},
        BadInput{"NonPowerOfTwoBanks",
                 "run " + kGood + " --set llc.banks=3",
                 "",
                 {"llc.banks", "power of two"}},
        BadInput{"UnknownWorkload",
                 "run " + kGood + " --set workload.kind=resnet",
                 "",
                 {"workload.kind", "resnet"}},
        BadInput{"NegativeWriteFraction",
                 "run " + kGood + " --set workload.write_fraction=-0.5",
                 "",
                 {"workload.write_fraction", "out of range"}},
        BadInput{"L2SmallerThanL1",
                 "run " + kGood + " --set cores.l2.size_bytes=16384",
                 "",
                 {"cores.l2.size_bytes"}},
        BadInput{"UnknownDramStore",
                 "run " + kGood + " --set dram.store=disk",
                 "",
                 {"dram.store", "disk"}},
        BadInput{"BadSetSyntax", "run " + kGood + " --set cores.count", "", {"KEY=VALUE"}},
        BadInput{"MissingConfigOption", "run --out OUT", "", {"--config"}},
        BadInput{"UnknownOption", "run " + kGood + " --frobnicate", "", {"frobnicate"}},
        BadInput{"MissingSubcommand", "", "", {"subcommand"}}),
    [](const ::testing::TestParamInfo<BadInput>& p) { return p.param.name; });

}  // namespace
}  // namespace sttvp::test
