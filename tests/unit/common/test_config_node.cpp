#include <gtest/gtest.h>

#include "models/common/ConfigNode.h"
#include "tests/support/TempDir.h"

namespace sttvp {
namespace {

using test::TempDir;

// Expects `fn` to throw an InputError whose message contains every fragment.
template <typename Fn>
void expect_input_error(Fn fn, std::initializer_list<std::string> fragments) {
  try {
    fn();
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    std::string msg = e.what();
    for (const auto& f : fragments) EXPECT_NE(msg.find(f), std::string::npos) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << "one line: " << msg;
  }
}

TEST(ConfigDocument, MissingFileNamesTheFile) {
  expect_input_error([] { ConfigDocument::load("/nonexistent/x.json"); },
                     {"/nonexistent/x.json", "cannot open"});
}

TEST(ConfigDocument, MalformedJsonNamesLineColumnAndTheParsersReason) {
  TempDir dir;
  auto f = dir.write("bad.json", "{\"a\": 1,\n  , }");
  expect_input_error([&] { ConfigDocument::load(f); },
                     {f + ": line 2, column 3: malformed JSON: ", "unexpected ','"});
}

TEST(ConfigDocument, DuplicateKeyNamesItsPathAndBothPlaces) {
  TempDir dir;
  auto f = dir.write("dup.json", "{\"llc\": {\"ways\": 8,\n \"ways\": 16}}");
  expect_input_error([&] { ConfigDocument::load(f); },
                     {f + ": llc.ways: key given twice", "line 1, column 10", "line 2, column 2"});
}

TEST(ConfigDocument, DuplicateKeyWrittenWithAnEscapeIsStillADuplicate) {
  TempDir dir;
  auto f = dir.write("dup.json", R"({"l": [{"a": 1}, {"a": 1, "\u0061": 2}]})");
  expect_input_error([&] { ConfigDocument::load(f); }, {"l[1].a", "given twice"});
}

TEST(ConfigDocument, SameKeyInDifferentObjectsIsFine) {
  TempDir dir;
  auto f = dir.write("ok.json", R"({"a": {"x": 1}, "b": {"x": 2}, "c": [{"x": 1}, {"x": 2}]})");
  EXPECT_EQ(ConfigDocument::load(f)->json()["b"]["x"], 2);
}

TEST(ConfigDocument, NestingBeyondTheLimitIsAnErrorNotACrash) {
  TempDir dir;
  const std::string deep = std::string(60000, '[') + std::string(60000, ']');
  auto f = dir.write("deep.json", "{\"a\": " + deep + "}");
  expect_input_error([&] { ConfigDocument::load(f); },
                     {f + ": line 1, column 70: nested deeper than 64 levels"});
  auto ok = dir.write("ok.json", "{\"a\": " + std::string(63, '[') + std::string(63, ']') + "}");
  EXPECT_NO_THROW(ConfigDocument::load(ok));
}

TEST(ConfigDocument, OnlyRegularFilesAreRead) {
  TempDir dir;
  auto top = dir.write("top.json", R"({"include": "/dev/zero"})");
  expect_input_error([&] { ConfigDocument::load(top); }, {"/dev/zero", "not a regular file"});
  expect_input_error([&] { ConfigDocument::load(dir.path()); }, {dir.path(), "folder"});
}

TEST(ConfigDocument, FileLargerThanTheLimitIsRefused) {
  TempDir dir;
  auto f = dir.write("big.json", "{\"a\": \"" + std::string(2000, 'x') + "\"}");
  expect_input_error(
      [&] {
        ConfigDocument::load(f, JsonLimits{1024, 64});
      },
      {f, "2009 bytes, more than the limit of 1024 bytes"});
  EXPECT_NO_THROW(ConfigDocument::load(f));
}

TEST(ConfigDocument, IncludeChainsAreLimitedLikeNesting) {
  TempDir dir;
  for (int i = 0; i < 5; ++i)
    dir.write(std::to_string(i) + ".json", "{\"include\": \"" + std::to_string(i + 1) + ".json\"}");
  dir.write("5.json", "{}");
  EXPECT_NO_THROW(ConfigDocument::load(dir.file("0.json")));
  expect_input_error(
      [&] {
        ConfigDocument::load(dir.file("0.json"), JsonLimits{1024, 3});
      },
      {"include", "nested deeper than 3 files"});
}

TEST(ConfigDocument, TopLevelMustBeAnObject) {
  TempDir dir;
  auto f = dir.write("arr.json", "[1, 2]");
  expect_input_error([&] { ConfigDocument::load(f); }, {f, "object"});
}

TEST(ConfigDocument, IncludeMergesDeeplyAndIncluderOverrides) {
  TempDir dir;
  dir.write("base.json", R"({"llc": {"ways": 16, "banks": 4}, "name": "base"})");
  auto top = dir.write("top.json", R"({"include": "base.json", "llc": {"ways": 8}})");
  auto doc = ConfigDocument::load(top);
  EXPECT_EQ(doc->json()["llc"]["ways"], 8);
  EXPECT_EQ(doc->json()["llc"]["banks"], 4);
  EXPECT_EQ(doc->json()["name"], "base");
  EXPECT_FALSE(doc->json().contains("include"));
  EXPECT_EQ(doc->origin("llc.ways"), top);
  EXPECT_EQ(doc->origin("llc.banks"), dir.file("base.json"));
}

TEST(ConfigDocument, NestedIncludesKeepTheirOrigin) {
  TempDir dir;
  dir.write("a.json", R"({"x": {"y": 1}})");
  dir.write("b.json", R"({"include": ["a.json"], "z": 2})");
  auto top = dir.write("c.json", R"({"include": ["b.json"]})");
  auto doc = ConfigDocument::load(top);
  EXPECT_EQ(doc->origin("x.y"), dir.file("a.json"));
  EXPECT_EQ(doc->origin("z"), dir.file("b.json"));
}

TEST(ConfigDocument, IncludeCycleIsAnError) {
  TempDir dir;
  dir.write("a.json", R"({"include": "b.json"})");
  dir.write("b.json", R"({"include": "a.json"})");
  expect_input_error([&] { ConfigDocument::load(dir.file("a.json")); }, {"include cycle"});
}

TEST(ConfigDocument, MissingIncludeNamesTheIncludedFile) {
  TempDir dir;
  auto top = dir.write("top.json", R"({"include": "missing.json"})");
  expect_input_error([&] { ConfigDocument::load(top); }, {"missing.json", "cannot open"});
}

TEST(ConfigDocument, IncludeMustBeFileNames) {
  TempDir dir;
  auto top = dir.write("top.json", R"({"include": [3]})");
  expect_input_error([&] { ConfigDocument::load(top); }, {top, "include", "file name"});
}

TEST(ConfigDocument, SetParsesJsonValuesAndFallsBackToStrings) {
  auto doc = ConfigDocument::from_json(Json::parse(R"({"a": {"b": 1}})"), "mem");
  doc->set("a.b=42");
  doc->set("a.c=hello");
  doc->set("a.d=[1,2]");
  doc->set("x.y.z=true");
  EXPECT_EQ(doc->json()["a"]["b"], 42);
  EXPECT_EQ(doc->json()["a"]["c"], "hello");
  EXPECT_EQ(doc->json()["a"]["d"].size(), 2u);
  EXPECT_EQ(doc->json()["x"]["y"]["z"], true);
  EXPECT_EQ(doc->origin("a.b"), "--set");
  EXPECT_EQ(doc->origin("a"), "mem");
}

TEST(ConfigDocument, SetIndexesArrays) {
  auto doc = ConfigDocument::from_json(Json::parse(R"({"l": [{"v": 1}, {"v": 2}]})"), "mem");
  doc->set("l.1.v=5");
  EXPECT_EQ(doc->json()["l"][1]["v"], 5);
  expect_input_error([&] { doc->set("l.7.v=5"); }, {"--set", "l.7", "no such array element"});
}

TEST(ConfigDocument, SetNeedsKeyEqualsValue) {
  auto doc = ConfigDocument::from_json(Json::object(), "mem");
  expect_input_error([&] { doc->set("novalue"); }, {"--set", "KEY=VALUE"});
  expect_input_error([&] { doc->set("=3"); }, {"--set", "KEY=VALUE"});
  expect_input_error([&] { doc->set("a..b=3"); }, {"--set", "empty key segment"});
}

TEST(ConfigDocument, SetValueIsCheckedLikeAFile) {
  auto doc = ConfigDocument::from_json(Json::object(), "mem");
  expect_input_error([&] { doc->set(R"(llc={"ways": 8, "ways": 16})"); },
                     {"--set: llc.ways: key given twice"});
  expect_input_error([&] { doc->set("x=" + std::string(100, '[') + std::string(100, ']')); },
                     {"--set: x: nested deeper than 64 levels (at line 1, column 65)"});
  expect_input_error([&] { doc->set("x=1e400"); }, {"--set: x", "overflow"});
  doc->set("x=[[[");  // not JSON: a string
  EXPECT_EQ(doc->json()["x"], "[[[");
}

TEST(ConfigDocument, SetKeyDeeperThanTheLimitIsAnError) {
  auto doc = ConfigDocument::from_json(Json::object(), "mem");
  std::string key;
  for (int i = 0; i < 100; ++i) key += "a.";
  expect_input_error([&] { doc->set(key + "b=1"); }, {"--set", "nested deeper than 64"});
}

TEST(ConfigDocument, ErrorsBlameTheSetThatCausedThem) {
  TempDir dir;
  auto f = dir.write("c.json", R"({"llc": {"size_bytes": 100, "ways": 4}, "sim": {}})");
  auto doc = ConfigDocument::load(f);
  doc->set("llc.ways=3");
  doc->set("llc.ways=5");
  doc->set("sim.x.y=1");
  doc->set("cores=" + std::string(R"({"count": 0})"));
  // A key given by --set, a key inside an object given by --set, an object --set created.
  EXPECT_EQ(doc->blame("llc.ways"), "--set");
  EXPECT_EQ(doc->blame("cores.count"), "--set cores");
  EXPECT_EQ(doc->blame("sim.x"), "--set sim.x.y");
  // A key of the file whose object --set changed: both, each --set once.
  EXPECT_EQ(doc->blame("llc.size_bytes"), f + " with --set llc.ways");
  // The file alone where --set changed nothing next to the key.
  EXPECT_EQ(doc->blame("sim.quantum_ns"), f);
  EXPECT_EQ(doc->origin("llc.size_bytes"), f);
}

TEST(ConfigDocument, SetThroughAScalarIsAnError) {
  auto doc = ConfigDocument::from_json(Json::parse(R"({"a": 1})"), "mem");
  expect_input_error([&] { doc->set("a.b=3"); }, {"--set", "a.b", "not an object"});
}

class ConfigNodeTest : public ::testing::Test {
 protected:
  ConfigNode node(const std::string& json) {
    doc_ = ConfigDocument::from_json(Json::parse(json), "cfg.json");
    return ConfigNode(doc_);
  }
  std::shared_ptr<ConfigDocument> doc_;
};

TEST_F(ConfigNodeTest, ReadsTypedValues) {
  auto n = node(R"({"i": 7, "f": 2.5, "b": true, "s": "sram", "big": 4.0})");
  EXPECT_EQ(n.u64("i", 0, 10), 7u);
  EXPECT_DOUBLE_EQ(n.real("f", 0, 10), 2.5);
  EXPECT_TRUE(n.boolean("b"));
  EXPECT_EQ(n.text("s", {"sram", "stt"}), "sram");
  EXPECT_EQ(n.u64("big", 0, 10), 4u);  // a whole float is an integer
  n.finish();
}

TEST_F(ConfigNodeTest, MissingRequiredKey) {
  auto n = node(R"({"llc": {}})");
  auto llc = n.child("llc");
  expect_input_error([&] { llc.u64("ways", 1, 64); }, {"cfg.json", "llc.ways", "missing"});
}

TEST_F(ConfigNodeTest, WrongTypes) {
  auto n = node(R"({"i": "x", "f": "y", "b": 1, "s": 2, "o": 3, "l": 4})");
  expect_input_error([&] { n.u64("i", 0, 10); }, {"cfg.json: i", "integer", "string"});
  expect_input_error([&] { n.real("f", 0, 10); }, {"f", "number", "string"});
  expect_input_error([&] { n.boolean("b"); }, {"b", "true or false"});
  expect_input_error([&] { n.text("s", {}); }, {"s", "string"});
  expect_input_error([&] { n.child("o"); }, {"o", "object"});
  expect_input_error([&] { n.children("l"); }, {"l", "list"});
}

TEST_F(ConfigNodeTest, NegativeAndFractionalIntegers) {
  auto n = node(R"({"neg": -3, "frac": 2.5})");
  expect_input_error([&] { n.u64("neg", 0, 10); }, {"neg", "negative"});
  expect_input_error([&] { n.u64("frac", 0, 10); }, {"frac", "integer"});
}

TEST_F(ConfigNodeTest, WholeFloatsUpTo2To64AreIntegersAndNoFurther) {
  auto n = node(R"({"a": 1.8e19, "b": 1e23, "c": 18446744073709551615})");
  EXPECT_EQ(n.u64("a", 0, ~std::uint64_t{0}), 18000000000000000000u);
  expect_input_error([&] { n.u64("b", 0, ~std::uint64_t{0}); },
                     {"b", "out of range [0, 18446744073709551615]"});
  EXPECT_EQ(n.u64("c", 0, ~std::uint64_t{0}), ~std::uint64_t{0});
}

TEST_F(ConfigNodeTest, OutOfRange) {
  auto n = node(R"({"i": 100, "f": -1.0})");
  expect_input_error([&] { n.u64("i", 1, 64); }, {"i", "out of range [1, 64]"});
  expect_input_error([&] { n.real("f", 0, 1); }, {"f", "out of range"});
}

TEST_F(ConfigNodeTest, UnknownEnumValueListsTheChoices) {
  auto n = node(R"({"kind": "lenet5"})");
  expect_input_error(
      [&] {
        n.text("kind", {"stream", "lenet"});
      },
      {"kind", "\"lenet5\"", "stream, lenet"});
}

TEST_F(ConfigNodeTest, UnknownKeyIsRejectedAndDocKeysAreNot) {
  auto n = node(R"({"a": 1, "_source": "doc", "typo": 2})");
  n.u64("a", 0, 5);
  expect_input_error([&] { n.finish(); }, {"cfg.json: typo", "unknown key"});
}

TEST_F(ConfigNodeTest, UnknownKeyNearAKnownOneSuggestsIt) {
  auto n = node(R"({"llc": {"ways": 4, "wayz": 8, "banks": 2, "zzzz": 1}})");
  auto llc = n.child("llc");
  llc.u64("ways", 1, 64);
  llc.u64("banks", 1, 64);
  llc.real("clock_ghz", 0, 10, 4);
  expect_input_error([&] { llc.finish(); }, {"llc.wayz: unknown key (did you mean ways?)"});
  EXPECT_EQ(ConfigNode::closest("clok_ghz", {"ways", "clock_ghz"}), "clock_ghz");
  EXPECT_EQ(ConfigNode::closest("zzzz", {"ways", "banks"}), "");
  EXPECT_EQ(ConfigNode::closest("rnu", {"run", "sweep", "train"}), "run");  // a swap is one edit
  EXPECT_EQ(ConfigNode::closest("Quantum_NS", {"quantum_ns"}), "quantum_ns");
}

TEST_F(ConfigNodeTest, UnknownKeyInChildNamesTheFullPath) {
  auto n = node(R"({"llc": {"ways": 4, "wayz": 8}})");
  auto llc = n.child("llc");
  llc.u64("ways", 1, 64);
  expect_input_error([&] { llc.finish(); }, {"llc.wayz", "unknown key"});
}

TEST_F(ConfigNodeTest, DefaultsAreWrittenIntoTheResolvedDocument) {
  auto n = node(R"({})");
  EXPECT_EQ(n.u64("q", 0, 10, 3), 3u);
  EXPECT_EQ(n.text("t", {}, "x"), "x");
  auto sub = n.child_or_empty("sim");
  EXPECT_DOUBLE_EQ(sub.real("quantum_ns", 0, 1e6, 1000), 1000);
  EXPECT_EQ(doc_->json()["q"], 3);
  EXPECT_EQ(doc_->json()["sim"]["quantum_ns"], 1000.0);
}

TEST_F(ConfigNodeTest, DefaultIsValidatedToo) {
  auto n = node(R"({"x": 50})");
  expect_input_error([&] { n.u64("x", 0, 10, 5); }, {"x", "out of range"});
}

TEST_F(ConfigNodeTest, ValueIsTheListAsWrittenAndCountsAsRead) {
  auto n = node(R"({"p": [1e-7, 1e-6], "typo": 1})");
  const Json& p = n.value("p");
  ASSERT_TRUE(p.is_array());
  EXPECT_EQ(p.size(), 2u);
  EXPECT_TRUE(n.value("absent").is_null());
  expect_input_error([&] { n.fail("p[1]", "bad item"); }, {"cfg.json: p[1]: bad item"});
  expect_input_error([&] { n.finish(); }, {"typo", "unknown key"});  // not "p"
}

TEST_F(ConfigNodeTest, ChildrenOfAListNameTheirIndex) {
  auto n = node(R"({"l": [{"a": 1}, 5]})");
  expect_input_error([&] { n.children("l"); }, {"l.1", "object"});
}

}  // namespace
}  // namespace sttvp
