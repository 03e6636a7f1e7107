// The training presets in configs/training/ and their parser: every preset loads and means what
// its description says, includes work, and malformed training configs name the file and key.
#include <gtest/gtest.h>

#include <string>

#include "models/common/InputError.h"
#include "sw/train/TrainerConfigParser.h"
#include "tests/support/EnumTableChecks.h"
#include "tests/support/TempDir.h"

namespace sttvp::sw {
namespace {

using test::TempDir;

std::string preset(const std::string& name) {
  return std::string(STTVP_SOURCE_DIR) + "/configs/training/" + name + ".json";
}

template <typename Fn>
void expect_input_error(Fn fn, std::initializer_list<std::string> fragments) {
  try {
    fn();
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    for (const auto& f : fragments) EXPECT_NE(msg.find(f), std::string::npos) << msg;
  }
}

TEST(TrainerConfigParser, LenetReferenceIsTinyDnnsExample) {
  const TrainerConfig c = TrainerConfigParser::load(preset("lenet-reference"));
  EXPECT_EQ(c.net, NetKind::LeNet5);
  EXPECT_EQ(c.optimizer.kind, OptimizerKind::Adagrad);
  EXPECT_FLOAT_EQ(c.optimizer.alpha, 0.04f);
  EXPECT_EQ(c.minibatch, 16u);
  EXPECT_EQ(c.loss, LossKind::Mse);
  EXPECT_FLOAT_EQ(c.target_high, 0.8f);
  EXPECT_FLOAT_EQ(c.target_low, -0.8f);
  EXPECT_FALSE(c.shuffle);
  EXPECT_FLOAT_EQ(c.input.min, -1.0f);
  EXPECT_EQ(c.input.padding, 2u);
  EXPECT_EQ(c.shares, 1u);
}

TEST(TrainerConfigParser, LenetDefaultUsesAdam) {
  const TrainerConfig c = TrainerConfigParser::load(preset("lenet-default"), 4);
  EXPECT_EQ(c.optimizer.kind, OptimizerKind::Adam);
  EXPECT_FLOAT_EQ(c.optimizer.alpha, 0.001f);
  EXPECT_EQ(c.epochs, 10u);
  EXPECT_TRUE(c.shuffle);
  EXPECT_EQ(c.shares, 4u);  // the default share count (one per core) when the preset has none
}

TEST(TrainerConfigParser, MlpPresets) {
  const TrainerConfig d = TrainerConfigParser::load(preset("mlp-default"));
  EXPECT_EQ(d.net, NetKind::Mlp);
  EXPECT_EQ(d.mlp.inputs, 784u);
  EXPECT_EQ(d.mlp.outputs, 10u);
  EXPECT_EQ(d.mlp.hidden, (std::vector<std::size_t>{512, 512}));
  EXPECT_EQ(d.loss, LossKind::SoftmaxCrossEntropy);
  EXPECT_EQ(d.schedule.kind, ScheduleKind::Cosine);
  EXPECT_FLOAT_EQ(d.input.min, 0.0f);
  const TrainerConfig s = TrainerConfigParser::load(preset("mlp-small"));  // includes mlp-default
  EXPECT_EQ(s.mlp.hidden, (std::vector<std::size_t>{64}));
  EXPECT_EQ(s.optimizer.kind, d.optimizer.kind);
  EXPECT_EQ(s.epochs, d.epochs);
}

TEST(TrainerConfigParser, RejectsUnknownAndKindSpecificKeys) {
  TempDir dir;
  const std::string base = R"({"include": ")" + preset("lenet-default") + R"(", )";
  expect_input_error(
      [&] { TrainerConfigParser::load(dir.write("a.json", base + R"("epochz": 3})")); },
      {"a.json", "epochz", "unknown key"});
  expect_input_error(
      [&] {
        TrainerConfigParser::load(dir.write(
            "b.json", base + R"("optimizer": {"kind": "adagrad", "alpha": 0.04, "beta1": 0.9}})"));
      },
      {"optimizer.beta1", "unknown key"});
  expect_input_error(
      [&] {
        TrainerConfigParser::load(
            dir.write("c.json", base + R"("mlp": {"hidden_layers": 1, "hidden_units": 8}})"));
      },
      {"mlp", "unknown key"});
  expect_input_error(
      [&] { TrainerConfigParser::load(dir.write("d.json", base + R"("input": {"padding": 0}})")); },
      {"input.padding", "32 x 32"});
  expect_input_error(
      [&] { TrainerConfigParser::load(dir.write("e.json", base + R"("minibatch": 0})")); },
      {"minibatch", "out of range"});
  expect_input_error(
      [&] { TrainerConfigParser::load(dir.write("f.json", base + R"("shares": 17})")); },
      {"shares", "more shares"});
  expect_input_error(
      [&] { TrainerConfigParser::load(dir.write("g.json", base + R"("tiling": {"mc": 40}})")); },
      {"tiling.mc", "multiples of 16"});
}

TEST(TrainerConfigParser, WritesTheDefaultsItUsed) {
  TempDir dir;
  auto doc = ConfigDocument::load(
      dir.write("h.json", R"({"include": ")" + preset("lenet-default") + R"(", "schedule": {}})"));
  TrainerConfigParser::parse(ConfigNode(doc), 3);
  EXPECT_EQ(doc->json()["shares"], 3);
  EXPECT_EQ(doc->json()["schedule"]["kind"], "constant");
  EXPECT_EQ(doc->json()["tiling"]["nc"], 128);
}

TEST(TrainerConfigParser, EveryNetLossOptimizerAndScheduleHasOneName) {
  test::expect_complete_table(kNetKinds, {NetKind::LeNet5, NetKind::Mlp});
  test::expect_complete_table(kLossKinds, {LossKind::Mse, LossKind::SoftmaxCrossEntropy});
  test::expect_complete_table(
      kOptimizerKinds, {OptimizerKind::Adagrad, OptimizerKind::Adam, OptimizerKind::Momentum});
  test::expect_complete_table(kScheduleKinds,
                              {ScheduleKind::Constant, ScheduleKind::Step, ScheduleKind::Cosine});
}

}  // namespace
}  // namespace sttvp::sw
