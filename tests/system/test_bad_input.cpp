// Every malformed input, for every command and file format: exit status 2, one line on stderr
// naming the file (or option) and the key path, line or byte offset, and no output left behind.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <utility>

#include "tests/support/TempDir.h"
#include "tests/system/RunSttvp.h"
#include "tests/system/SanitizerNoise.h"

namespace sttvp::test {
namespace {

namespace fs = std::filesystem;

struct BadInput {
  const char* name;
  // Arguments: OUT is replaced by the output path, CONFIG by bad.json (written from config_json),
  // TMP/ by the test's scratch folder.
  std::string args;
  std::string config_json;
  std::vector<std::string> expect;                              // fragments of the error line
  std::vector<std::pair<std::string, std::string>> files = {};  // written into TMP/ first
};

void PrintTo(const BadInput& c, std::ostream* os) { *os << c.name; }

// Bytes of a binary file, from values 0..255.
std::string bin(std::initializer_list<int> bytes) {
  std::string s;
  for (int b : bytes) s.push_back(static_cast<char>(b));
  return s;
}

std::string be32(std::uint32_t v) {
  return bin({static_cast<int>(v >> 24), static_cast<int>((v >> 16) & 0xff),
              static_cast<int>((v >> 8) & 0xff), static_cast<int>(v & 0xff)});
}

// An IDX file: magic, dimensions, then `data` bytes of value `fill`.
std::string idx(std::uint32_t magic, std::vector<std::uint32_t> dims, std::size_t data,
                char fill = 0) {
  std::string s = be32(magic);
  for (auto d : dims) s += be32(d);
  return s + std::string(data, fill);
}

const std::string kImages = "d/train-images-idx3-ubyte", kLabels = "d/train-labels-idx1-ubyte";

// A data folder of two 28x28 images per split, with `changes` replacing or adding files.
std::vector<std::pair<std::string, std::string>> data_dir(
    std::vector<std::pair<std::string, std::string>> changes) {
  std::vector<std::pair<std::string, std::string>> files = {
      {kImages, idx(0x803, {2, 28, 28}, 2 * 784)},
      {kLabels, idx(0x801, {2}, 2, 1)},
      {"d/t10k-images-idx3-ubyte", idx(0x803, {2, 28, 28}, 2 * 784)},
      {"d/t10k-labels-idx1-ubyte", idx(0x801, {2}, 2, 1)}};
  for (auto& c : changes) {
    bool replaced = false;
    for (auto& f : files)
      if (f.first == c.first) {
        f.second = c.second;
        replaced = true;
      }
    if (!replaced) files.push_back(c);
  }
  return files;
}

class BadInputTest : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadInputTest, ExitsWithStatusTwoAndOneLineAndNoOutput) {
  const BadInput& c = GetParam();
  TempDir dir;
  for (const auto& [name, content] : c.files) {
    fs::create_directories(fs::path(dir.file(name)).parent_path());
    dir.write(name, content);
  }
  std::string args = c.args;
  auto replace = [&](const std::string& key, const std::string& value) {
    for (auto p = args.find(key); p != std::string::npos; p = args.find(key, p + value.size()))
      args.replace(p, key.size(), value);
  };
  if (!c.config_json.empty()) replace("CONFIG", dir.write("bad.json", c.config_json));
  replace("TMP/", dir.path() + "/");
  const std::string out = dir.file("out");
  replace("OUT", out);
  Outcome o = run_sttvp(args, dir.path());
  o.err = without_sanitizer_noise(o.err);
  EXPECT_EQ(o.status, 2) << o.err;
  ASSERT_FALSE(o.err.empty());
  EXPECT_EQ(o.err.find('\n'), o.err.size() - 1) << "exactly one line: " << o.err;
  for (const auto& f : c.expect) EXPECT_NE(o.err.find(f), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(out)) << "no output folder";
  for (const auto& e : fs::directory_iterator(dir.path()))
    EXPECT_NE(e.path().filename().string().rfind("out", 0), 0u)
        << "left behind: " << e.path().filename();
}

const std::string kGood = "--config configs/skylake-sram.json --out OUT";
const std::string kSrc = STTVP_SOURCE_DIR;
const std::string kSram = "\"" + kSrc + "/configs/skylake-sram.json\"";
const std::string kTrain = "train --net mlp --data TMP/d --out OUT --quiet";
const std::string kReplay = "replay --trace TMP/t --out OUT --quiet";
const std::string kReplayBin = "replay --format bin --trace TMP/t --out OUT --quiet";
const std::string kBinHeader =
    bin({'S', 'T', 'T', 'V', 'P', 'T', 'R', 'C', 1, 0, 0, 0, 0, 0, 0, 0});

INSTANTIATE_TEST_SUITE_P(
    Run, BadInputTest,
    ::testing::Values(
        BadInput{"MissingConfigFile",
                 "run --config /nonexistent.json --out OUT",
                 "",
                 {"/nonexistent.json", "cannot open"}},
        BadInput{"ConfigIsAFolder", "run --config configs --out OUT", "", {"configs", "folder"}},
        BadInput{"MalformedJson",
                 "run --config CONFIG --out OUT",
                 "{\"name\": \"x\",\n \"cores\": ",
                 {"bad.json: line 2, column 11: malformed JSON: ", "unexpected end of input"}},
        BadInput{"DeepNesting",
                 "run --config CONFIG --out OUT",
                 "{\"a\": " + std::string(60000, '[') + std::string(60000, ']') + "}",
                 {"bad.json: line 1, column 70: nested deeper than 64 levels"}},
        BadInput{"IncludeOfADevice",
                 "run --config CONFIG --out OUT",
                 R"({"include": "/dev/zero"})",
                 {"/dev/zero", "not a regular file"}},
        BadInput{"DuplicateKeyInFile",
                 "run --config CONFIG --out OUT",
                 R"({"include": ")" STTVP_SOURCE_DIR R"(/configs/skylake-sram.json",
                      "llc": {"ways": 8, "banks": 4, "ways": 16}})",
                 {"bad.json: llc.ways: key given twice", "line 2, column 31", "line 2, column 54"}},
        BadInput{"DuplicateKeyInSet",
                 "run " + kGood + R"( --set 'sim={"seed": 1, "seed": 2}')",
                 "",
                 {"--set: sim.seed: key given twice"}},
        BadInput{"UnknownKeyWithSuggestion",
                 "run " + kGood + " --set sim.quantum_nz=5",
                 "",
                 {"--set: sim.quantum_nz: unknown key (did you mean quantum_ns?)"}},
        BadInput{"CrossKeyErrorNamesTheSet",
                 "run " + kGood + " --set llc.ways=3",
                 "",
                 {"configs/skylake-sram.json with --set llc.ways: llc.size_bytes"}},
        BadInput{"TopLevelNotAnObject",
                 "run --config CONFIG --out OUT",
                 "[1, 2]",
                 {"bad.json", "top level"}},
        BadInput{"NumberOverflowInFile",
                 "run --config CONFIG --out OUT",
                 R"({"sim": {"quantum_ns": 1e400}})",
                 {"bad.json", "overflow"}},
        BadInput{"UnknownTopLevelKey",
                 "run --config CONFIG --out OUT",
                 R"({"include": ")" STTVP_SOURCE_DIR R"(/configs/skylake-sram.json", "cachez": 1})",
                 {"bad.json", "cachez", "unknown key"}},
        BadInput{"MissingRequiredKey",
                 "run --config CONFIG --out OUT",
                 R"({"name": "x", "line_bytes": 64})",
                 {"bad.json", "missing required key"}},
        BadInput{"IncludeCycle",
                 "run --config TMP/a.json --out OUT",
                 "",
                 {"a.json", "include", "cycle"},
                 {{"a.json", R"({"include": "b.json"})"}, {"b.json", R"({"include": "a.json"})"}}},
        BadInput{"IncludeMissing",
                 "run --config CONFIG --out OUT",
                 R"({"include": "missing.json"})",
                 {"missing.json", "cannot open"}},
        BadInput{"IncludeWrongType",
                 "run --config CONFIG --out OUT",
                 R"({"include": 5})",
                 {"bad.json", "include", "file name"}},
        BadInput{"UnknownNestedKeyBySet",
                 "run " + kGood + " --set llc.wayz=3",
                 "",
                 {"--set", "llc.wayz", "unknown key"}},
        BadInput{"WrongType",
                 "run " + kGood + " --set cores.count=four",
                 "",
                 {"cores.count", "integer"}},
        BadInput{"ObjectReplacedByNumber",
                 "run " + kGood + " --set llc=5",
                 "",
                 {"--set", "llc", "expected an object"}},
        BadInput{"FractionalInteger",
                 "run " + kGood + " --set llc.ways=1.5",
                 "",
                 {"llc.ways", "non-negative integer"}},
        BadInput{
            "NegativeInteger", "run " + kGood + " --set llc.ways=-4", "", {"llc.ways", "negative"}},
        BadInput{"NumberOverflowInSet",
                 "run " + kGood + " --set sim.quantum_ns=1e400",
                 "",
                 {"--set", "sim.quantum_ns", "overflow"}},
        BadInput{"SetBelowAString",
                 "run " + kGood + " --set name.x=1",
                 "",
                 {"--set", "name.x", "not an object"}},
        BadInput{"SetNotUtf8", "run " + kGood + " --set 'name=x\xff'", "", {"--set", "UTF-8"}},
        BadInput{"SetKeyWithNewline",
                 "run " + kGood + " --set 'llc.wa\nys=3'",
                 "",
                 {"--set", "llc.wa\\nys", "unknown key"}},
        BadInput{"SetEmptySegment",
                 "run " + kGood + " --set llc..ways=1",
                 "",
                 {"--set", "empty key segment"}},
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
        BadInput{"UnknownRetentionPolicy",
                 "run " + kGood + " --set llc.retention.policy=scrub",
                 "",
                 {"llc.retention.policy", "scrub"}},
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
        BadInput{"NegativeSeed", "run " + kGood + " --seed -1", "", {"--seed"}},
        BadInput{
            "SeedOf2To64",
            "run " + kGood + " --seed 18446744073709551616",
            "",
            {"--seed: value 18446744073709551616 is out of range (0 to 18446744073709551615)"}},
        BadInput{"SeedInScientificNotation",
                 "run " + kGood + " --seed 1e23",
                 "",
                 {"--seed: expected an integer", "\"1e23\""}},
        BadInput{"SeedBeyond64BitsBySet",
                 "run " + kGood + " --set sim.seed=1e23",
                 "",
                 {"--set: sim.seed: value 9.999999999999999e+22 out of range [0, "
                  "18446744073709551615]"}},
        BadInput{"VcdFolderMissing",
                 "run " + kGood + " --vcd /nonexistent/t.vcd",
                 "",
                 {"--vcd", "does not exist"}},
        BadInput{"VcdIsAFolder", "run " + kGood + " --vcd TMP/", "", {"--vcd", "is a folder"}},
        BadInput{"VcdCannotBeCreated",
                 "run " + kGood + " --vcd /proc/t.vcd",
                 "",
                 {"--vcd", "/proc/t.vcd", "cannot create a file in /proc"}},
        BadInput{
            "VcdToStandardOutput", "run " + kGood + " --vcd -", "", {"--vcd", "standard output"}},
        BadInput{"OutEmpty",
                 "run --config configs/skylake-sram.json --out ''",
                 "",
                 {"--out", "empty path"}},
        BadInput{"OutStandardOutput",
                 "run --config configs/skylake-sram.json --out -",
                 "",
                 {"--out", "standard output"}},
        BadInput{"OutIsAFile",
                 "run --config configs/skylake-sram.json --out TMP/f",
                 "",
                 {"--out", "/f: exists and is a file, not a folder"},
                 {{"f", "x"}}},
        BadInput{"OutBelowAFile",
                 "run --config configs/skylake-sram.json --out TMP/f/out",
                 "",
                 {"--out", "/f is not a folder"},
                 {{"f", "x"}}},
        BadInput{"TrainOutEmpty", kTrain + " --out ''", "", {"--out", "empty path"}, data_dir({})},
        BadInput{"SweepOutEmpty",
                 "sweep TMP/spec.json --out ''",
                 "",
                 {"--out", "empty path"},
                 {{"spec.json", R"({"config": "x.json", "grid": {}})"}}},
        BadInput{"StudyOutEmpty", "study --out ''", "", {"--out", "empty path"}},
        BadInput{"InjectOutEmpty",
                 "inject configs/campaigns/fig2.json --out ''",
                 "",
                 {"--out", "empty path"}},
        BadInput{"VcdWindowBackwards",
                 "run " + kGood + " --vcd TMP/t.vcd --vcd-start-ns 5 --vcd-end-ns 2",
                 "",
                 {"--vcd-end-ns"}},
        BadInput{"MissingConfigOption", "run --out OUT", "", {"--config"}},
        BadInput{"UnknownOption",
                 "run " + kGood + " --frobnicate",
                 "",
                 {"run: unknown option --frobnicate"}},
        BadInput{"MistypedOptionBeforeARequiredOne",
                 "run --confg configs/skylake-sram.json --out OUT",
                 "",
                 {"run: unknown option --confg (did you mean --config?)"}},
        BadInput{"MistypedCommand",
                 "rnu --config configs/skylake-sram.json --out OUT",
                 "",
                 {"unknown command 'rnu' (did you mean run?)"}},
        BadInput{"UnknownCommand", "xyzzy", "", {"unknown command 'xyzzy' (commands: run, "}},
        BadInput{"OptionWithoutItsValue", "run --out OUT --config", "", {"--config needs a value"}},
        BadInput{"OptionGivenTwice",
                 "run " + kGood + " --config configs/skylake-sram.json",
                 "",
                 {"--config is given 2 times; give it once"}},
        BadInput{"NumberOptionOutOfRange",
                 "run " + kGood + " --vcd TMP/t.vcd --vcd-start-ns -1",
                 "",
                 {"--vcd-start-ns: value -1 is out of range (at least 0)"}},
        BadInput{"NullForAnInteger",
                 "run " + kGood + " --set llc.ways=null",
                 "",
                 {"llc.ways: expected a non-negative integer, got null"}},
        BadInput{"MissingSubcommand", "", "", {"a command is required: run, "}}),
    [](const ::testing::TestParamInfo<BadInput>& p) { return p.param.name; });

// Traces: Valgrind Lackey text (errors name the line) and sttvp binary (errors name the offset).
INSTANTIATE_TEST_SUITE_P(
    Trace, BadInputTest,
    ::testing::Values(
        BadInput{"LackeyBadAddress",
                 kReplay,
                 "",
                 {"/t", "line 2", "hexadecimal"},
                 {{"t", "I  0400d7d4,8\n L zzzz,8\n"}}},
        BadInput{"LackeyZeroSize", kReplay, "", {"line 1", "size 0"}, {{"t", " L 1000,0\n"}}},
        BadInput{"LackeyUnknownKind", kReplay, "", {"line 1", "'Q'"}, {{"t", " Q 1000,8\n"}}},
        BadInput{"LackeyMissingSize", kReplay, "", {"line 1", "size"}, {{"t", " L 1000\n"}}},
        BadInput{"LackeyOutsideMemory",
                 kReplay,
                 "",
                 {"line 1", "outside the simulated memory"},
                 {{"t", " L ffffffffffff0000,8\n"}}},
        BadInput{"BinaryBadMagic",
                 kReplayBin,
                 "",
                 {"offset 0", "magic"},
                 {{"t", bin({'S', 'T', 'T', 'V', 'P', 'T', 'R', 'X', 1, 0, 0, 0, 0, 0, 0, 0})}}},
        BadInput{"BinaryTooShortForAHeader", kReplayBin, "", {"offset 0"}, {{"t", "STTV"}}},
        BadInput{"BinaryWrongVersion",
                 kReplayBin,
                 "",
                 {"offset 8", "version 2"},
                 {{"t", bin({'S', 'T', 'T', 'V', 'P', 'T', 'R', 'C', 2, 0, 0, 0, 0, 0, 0, 0})}}},
        BadInput{
            "BinaryUnknownFlags",
            kReplayBin,
            "",
            {"offset 12", "flags"},
            {{"t", bin({'S', 'T', 'T', 'V', 'P', 'T', 'R', 'C', 1, 0, 0, 0, 1, 0, 0, 0, 0, 0})}}},
        BadInput{"BinaryTruncatedRecord",
                 kReplayBin,
                 "",
                 {"offset 16", "truncated"},
                 {{"t", kBinHeader + bin({0x09})}}},
        BadInput{"BinaryMissingEndRecord",
                 kReplayBin,
                 "",
                 {"offset 16", "end record"},
                 {{"t", kBinHeader}}},
        BadInput{"BinaryDataAfterEndRecord",
                 kReplayBin,
                 "",
                 {"offset 18", "after the end record"},
                 {{"t", kBinHeader + bin({0, 0, 7})}}},
        BadInput{"TraceMissing", kReplay, "", {"/t", "cannot open"}},
        BadInput{"ReplayUnknownFormat",
                 "replay --format xml --trace TMP/t --out OUT",
                 "",
                 {"--format", "xml"},
                 {{"t", " L 1000,8\n"}}},
        BadInput{"TraceConvertBadRecord",
                 "trace-convert --in TMP/t --out OUT --quiet",
                 "",
                 {"/t", "line 1"},
                 {{"t", " L 1000,8,9\n"}}},
        BadInput{"TraceConvertBadBinary",
                 "trace-convert --from bin --in TMP/t --out OUT --quiet",
                 "",
                 {"/t", "offset 16"},
                 {{"t", kBinHeader}}}),
    [](const ::testing::TestParamInfo<BadInput>& p) { return p.param.name; });

// `sttvp train`: options, presets, overrides, and the IDX data files (errors name the offset).
INSTANTIATE_TEST_SUITE_P(
    Train, BadInputTest,
    ::testing::Values(
        BadInput{"UnknownNet",
                 "train --net resnet --data TMP/d --out OUT",
                 "",
                 {"--net", "resnet"},
                 data_dir({})},
        BadInput{"UnknownPreset",
                 "train --net lenet --preset nope --data TMP/d --out OUT",
                 "",
                 {"lenet-nope.json", "no such training preset"},
                 data_dir({})},
        BadInput{"NegativeEpochs", kTrain + " --epochs -1", "", {"--epochs"}, data_dir({})},
        BadInput{"BadOptimizerValue",
                 kTrain + " --set workload.training.optimizer.alpha=-1",
                 "",
                 {"workload.training.optimizer.alpha", "out of range"},
                 data_dir({})},
        BadInput{"UnknownTrainingKey",
                 kTrain + " --set workload.training.epochz=3",
                 "",
                 {"workload.training.epochz", "unknown key"},
                 data_dir({})},
        BadInput{"PlatformKeyWhenNative",
                 kTrain + " --set cores.count=2",
                 "",
                 {"cores", "unknown key"},
                 data_dir({})},
        BadInput{"TrainSamplesBeyondTheData",
                 kTrain + " --train-samples 3",
                 "",
                 {"--train-samples: workload.train_samples: 3 samples asked for", "holds 2"},
                 data_dir({})},
        BadInput{
            "RoiStepsBeyondTheEnd",
            kTrain + " --config configs/skylake-sram.json --epochs 2 --roi-start 1 --roi-steps 2",
            "",
            {"--roi-steps: workload.steps: the region [1, 3) ends after the end of training "
             "(2 steps: 2 epochs of 1)"},
            data_dir({})},
        BadInput{"RunRegionBeyondTheEnd",
                 "run --config configs/skylake-sram.json --set workload.kind=mlp --set "
                 "workload.preset=configs/training/mlp-default.json --set workload.data=TMP/d "
                 "--set workload.start_step=99 --out OUT",
                 "",
                 {"--set: workload.start_step: step 99 is beyond the end of training (10 steps: 10 "
                  "epochs of 1)"},
                 data_dir({})},
        BadInput{"TrainVcdWithoutConfig",
                 kTrain + " --vcd TMP/t.vcd",
                 "",
                 {"--vcd requires --config"},
                 data_dir({})},
        BadInput{"RoiWithoutConfig", kTrain + " --roi-start 3", "", {"--roi-start"}, data_dir({})},
        BadInput{"RoiBeyondTheEnd",
                 kTrain + " --config configs/skylake-sram.json --roi-start 999999999",
                 "",
                 {"--roi-start", "beyond the end"},
                 data_dir({})},
        BadInput{"MissingDataFolder",
                 "train --net mlp --data TMP/nodata --out OUT",
                 "",
                 {"nodata", "no such data folder"}},
        BadInput{"IdxGzipped",
                 kTrain,
                 "",
                 {kImages, "offset 0", "gzip"},
                 data_dir({{kImages, bin({0x1f, 0x8b, 8, 0, 0, 0, 0, 0})}})},
        BadInput{"IdxOnlyGzipPresent",
                 kTrain,
                 "",
                 {"t10k-labels-idx1-ubyte.gz", "decompress"},
                 {{kImages, idx(0x803, {2, 28, 28}, 2 * 784)},
                  {kLabels, idx(0x801, {2}, 2, 1)},
                  {"d/t10k-images-idx3-ubyte", idx(0x803, {2, 28, 28}, 2 * 784)},
                  {"d/t10k-labels-idx1-ubyte.gz", bin({0x1f, 0x8b})}}},
        BadInput{"IdxWrongMagic",
                 kTrain,
                 "",
                 {kImages, "offset 0", "magic"},
                 data_dir({{kImages, bin({0x12, 0x34, 8, 3}) + std::string(20, '\0')}})},
        BadInput{"IdxUnsupportedType",
                 kTrain,
                 "",
                 {kImages, "offset 2", "float32"},
                 data_dir({{kImages, idx(0xD03, {2, 28, 28}, 4 * 2 * 784)}})},
        BadInput{"IdxHeaderTruncated",
                 kTrain,
                 "",
                 {kImages, "offset 8", "truncated"},
                 data_dir({{kImages, idx(0x803, {2}, 0)}})},
        BadInput{"IdxDataTruncated",
                 kTrain,
                 "",
                 {kImages, "offset 116", "truncated"},
                 data_dir({{kImages, idx(0x803, {2, 28, 28}, 100)}})},
        BadInput{"IdxTrailingBytes",
                 kTrain,
                 "",
                 {kImages, "offset 1584", "trailing"},
                 data_dir({{kImages, idx(0x803, {2, 28, 28}, 2 * 784 + 3)}})},
        BadInput{"IdxLabelsWithImagesMagic",
                 kTrain,
                 "",
                 {kLabels, "offset 0", "magic"},
                 data_dir({{kLabels, idx(0x803, {2, 1, 1}, 2)}})},
        BadInput{"IdxLabelCountMismatch",
                 kTrain,
                 "",
                 {kLabels, "offset 4", "3 labels"},
                 data_dir({{kLabels, idx(0x801, {3}, 3, 1)}})},
        BadInput{"IdxLabelOutOfRange",
                 kTrain,
                 "",
                 {kLabels, "offset 9", "label 10"},
                 data_dir({{kLabels, idx(0x801, {2}, 1, 1) + bin({10})}})},
        BadInput{"IdxImagesOfTheWrongSize",
                 kTrain,
                 "",
                 {kImages, "offset 8"},
                 data_dir({{kImages, idx(0x803, {2, 27, 28}, 2 * 27 * 28)}})}),
    [](const ::testing::TestParamInfo<BadInput>& p) { return p.param.name; });

std::string spec(const std::string& body) { return "{\"config\": " + kSram + ", " + body + "}"; }

// "[1,2,...,n]".
std::string one_to(int n) {
  std::string values = "[1";
  for (int i = 2; i <= n; ++i) values += "," + std::to_string(i);
  return values + "]";
}

// `sttvp sweep`: the spec file (errors name its key path) and the jobs it expands to.
INSTANTIATE_TEST_SUITE_P(
    Sweep, BadInputTest,
    ::testing::Values(
        BadInput{"SweepDuplicateValue",
                 "sweep TMP/spec.json --out OUT",
                 "",
                 {"spec.json", "grid.llc.ways[1]", "duplicate"},
                 {{"spec.json", spec(R"("grid": {"llc.ways": [8, 8]})")}}},
        BadInput{"SweepEmptyAxis",
                 "sweep TMP/spec.json --out OUT",
                 "",
                 {"spec.json", "grid.llc.ways", "empty"},
                 {{"spec.json", spec(R"("grid": {"llc.ways": []})")}}},
        BadInput{"SweepUnknownKey",
                 "sweep TMP/spec.json --out OUT",
                 "",
                 {"spec.json", "seedz", "unknown key"},
                 {{"spec.json", spec(R"("grid": {"llc.ways": [8]}, "seedz": [1])")}}},
        BadInput{"SweepUnknownGridKey",
                 "sweep TMP/spec.json --out OUT",
                 "",
                 {"spec.json", "llc.wayz", "unknown key"},
                 {{"spec.json", spec(R"("grid": {"llc.wayz": [8]})")}}},
        BadInput{"SweepInvalidJob",
                 "sweep TMP/spec.json --out OUT",
                 "",
                 {"spec.json", "llc.ways=3", "llc.size_bytes"},
                 {{"spec.json", spec(R"("grid": {"llc.ways": [8, 3]})")}}},
        BadInput{"SweepMissingBaseConfig",
                 "sweep TMP/spec.json --out OUT",
                 "",
                 {"spec.json", "config", "no such config"},
                 {{"spec.json", R"({"config": "nope.json", "grid": {"llc.ways": [8]}})"}}},
        BadInput{"SweepMalformedSpec",
                 "sweep TMP/spec.json --out OUT",
                 "",
                 {"spec.json", "line 1, column 10: malformed JSON", "unexpected end of input"},
                 {{"spec.json", R"({"grid": )"}}},
        BadInput{"SweepDuplicateSetKey",
                 "sweep TMP/spec.json --out OUT",
                 "",
                 {"spec.json", "set.llc.ways: key given twice"},
                 {{"spec.json", spec(R"("grid": {}, "set": {"llc.ways": 8, "llc.ways": 16})")}}},
        BadInput{"SweepMissingSpec", "sweep TMP/none.json --out OUT", "", {"none.json"}},
        BadInput{"SweepNoSpec", "sweep --out OUT", "", {"SPEC"}},
        BadInput{"SweepBadPoll",
                 "sweep TMP/spec.json --poll 0 --out OUT",
                 "",
                 {"--poll: value 0 is out of range (from 0.1 to 3600)"},
                 {{"spec.json", spec(R"("grid": {"llc.ways": [8]})")}}},
        BadInput{"SweepGridBeyondMaxJobs",
                 "sweep TMP/spec.json --out OUT",
                 "",
                 {"spec.json: grid: 10201 jobs, more than --max-jobs 10000"},
                 {{"spec.json", spec(R"("grid": {"workload.passes": )" + one_to(101) +
                                     R"(, "sim.seed": )" + one_to(101) + "}")}}},
        BadInput{"SweepLocalZero",
                 "sweep TMP/spec.json --local 0 --out OUT",
                 "",
                 {"--local: value 0 is out of range (1 to 1024)"},
                 {{"spec.json", spec(R"("grid": {"llc.ways": [8]})")}}},
        BadInput{"SweepCollectNotASweep",
                 "sweep collect TMP/nothing",
                 "",
                 {"sweep.json", "not a sweep folder"}}),
    [](const ::testing::TestParamInfo<BadInput>& p) { return p.param.name; });

// `sttvp study`: a spec that runs nothing, a training region past the end of training (found
// before any run starts).
INSTANTIATE_TEST_SUITE_P(
    Study, BadInputTest,
    ::testing::Values(BadInput{"StudyWithNoSection",
                               "study TMP/spec.json --out OUT",
                               "",
                               {"spec.json: no section to run"},
                               {{"spec.json", R"({"name": "empty"})"}}},
                      BadInput{"StudyPerfRegionBeyondTheEnd",
                               "study TMP/spec.json --out OUT",
                               "",
                               {"spec.json: perf.points (sram, mlp)",
                                "workload.start_step: step 99 is beyond the end"},
                               data_dir({{"spec.json",
                                          R"({"data": "d", "perf": {"workloads": [{"kind": "mlp",
             "preset": ")" STTVP_SOURCE_DIR R"(/configs/training/mlp-default.json",
             "start_step": 99, "steps": 1}], "baseline": "sram", "points": [{"name": "sram",
             "config": ")" STTVP_SOURCE_DIR R"(/configs/skylake-sram.json"}]}})"}})}),
    [](const ::testing::TestParamInfo<BadInput>& p) { return p.param.name; });

}  // namespace
}  // namespace sttvp::test
