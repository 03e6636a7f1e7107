#include <gtest/gtest.h>

#include "models/cache/CacheConfig.h"
#include "tests/support/EnumTableChecks.h"

namespace sttvp {
namespace {

// The STT-RAM technology file of configs/, parsed exactly as the platform does.
LlcConfig parse_llc(const std::string& llc_json_overrides) {
  auto doc = ConfigDocument::load(std::string(STTVP_SOURCE_DIR) + "/configs/tech/sttram-32nm.json");
  Json patch = Json::parse(llc_json_overrides);
  doc->json()["llc"].merge_patch(patch);
  ConfigNode root(doc);
  return LlcConfig::parse(root.child("llc"), 64, 7);
}

const char* kStt1s =
    R"({"technology": "sttram", "size_bytes": 33554432, "ways": 16, "banks": 4, "clock_ghz": 4.2,
        "sttram": {"retention_s": 1.0}})";

TEST(LlcConfig, SttDesignPointFollowsFromTheRetentionTime) {
  LlcConfig c = parse_llc(kStt1s);
  EXPECT_EQ(c.technology, LlcTechnology::Sttram);
  EXPECT_EQ(c.sram_ways, 0u);
  EXPECT_NEAR(c.sttram.delta, 20.723, 1e-3);  // ln(1 s / 1 ns)
  EXPECT_NEAR(c.sttram.design.pulse_s, 3.6e-9, 1e-12);
  EXPECT_NEAR(c.sttram.write_nj, 20.25, 1e-6);  // the 1 s energy anchor
  EXPECT_DOUBLE_EQ(c.sttram.write_cycles, 60 - 12);
  EXPECT_DOUBLE_EQ(c.sttram.bank_write_busy_cycles, 16);  // ceil(3.6 ns x 4.2 GHz)
  EXPECT_EQ(c.seed, 7u);
}

TEST(LlcConfig, TenYearPointReproducesTheAnchors) {
  LlcConfig c = parse_llc(
      R"({"technology": "sttram", "size_bytes": 33554432, "ways": 16, "banks": 4,
          "clock_ghz": 4.2, "sttram": {"retention_s": 315576000}})");
  EXPECT_NEAR(c.sttram.write_nj, 47.42, 1e-3);
  EXPECT_DOUBLE_EQ(c.sttram.design.write_cycles, 86);
}

TEST(LlcConfig, LineFailureDefinitionNeedsAHigherDelta) {
  LlcConfig mean = parse_llc(kStt1s);
  LlcConfig line = parse_llc(
      R"({"technology": "sttram", "size_bytes": 33554432, "ways": 16, "banks": 4,
          "clock_ghz": 4.2, "sttram": {"retention_s": 1.0,
          "retention_definition": "line_failure", "target_line_failure": 1e-6}})");
  EXPECT_NEAR(line.sttram.delta - mean.sttram.delta, 20.05, 0.01);
  EXPECT_GT(line.sttram.write_nj, mean.sttram.write_nj);
}

TEST(LlcConfig, HybridNeedsBothTechnologiesAndAValidSplit) {
  auto doc = ConfigDocument::load(std::string(STTVP_SOURCE_DIR) + "/configs/tech/sttram-32nm.json");
  auto sram = ConfigDocument::load(std::string(STTVP_SOURCE_DIR) + "/configs/tech/sram-lp.json");
  doc->json()["llc"]["sram"] = sram->json()["llc"]["sram"];
  doc->json()["llc"].merge_patch(Json::parse(
      R"({"technology": "hybrid", "size_bytes": 20971520, "ways": 10, "banks": 4,
          "clock_ghz": 4.2, "sram_ways": 2, "sttram": {"retention_s": 0.01}})"));
  LlcConfig c = LlcConfig::parse(ConfigNode(doc).child("llc"), 64, 1);
  EXPECT_EQ(c.sram_ways, 2u);
  EXPECT_TRUE(c.is_sram_way(1));
  EXPECT_FALSE(c.is_sram_way(2));
  EXPECT_EQ(c.placement, HybridPlacement::WritesToSram);

  doc->json()["llc"]["sram_ways"] = 10;
  EXPECT_THROW(LlcConfig::parse(ConfigNode(doc).child("llc"), 64, 1), InputError);
}

TEST(LlcConfig, SttramWithoutItsTechnologyBlockIsAnError) {
  auto doc = ConfigDocument::from_json(
      Json::parse(R"({"llc": {"technology": "sttram", "size_bytes": 33554432, "ways": 16,
                     "banks": 4, "clock_ghz": 4.2}})"),
      "c.json");
  try {
    LlcConfig::parse(ConfigNode(doc).child("llc"), 64, 1);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("llc.sttram: missing required key"), std::string::npos)
        << e.what();
  }
}

TEST(LlcConfig, UnknownPolicyIsRejected) {
  EXPECT_THROW(parse_llc(R"({"technology": "sttram", "size_bytes": 33554432, "ways": 16,
                              "banks": 4, "clock_ghz": 4.2, "sttram": {"retention_s": 1.0},
                              "retention": {"policy": "scrub"}})"),
               InputError);
}

TEST(LlcConfig, EveryTechnologyPolicyAndPlacementHasOneName) {
  test::expect_complete_table(kLlcTechnologies,
                              {LlcTechnology::Sram, LlcTechnology::Sttram, LlcTechnology::Hybrid});
  test::expect_complete_table(kRetentionPolicies, {RetentionPolicy::None, RetentionPolicy::Expire,
                                                   RetentionPolicy::Refresh, RetentionPolicy::Ecc});
  test::expect_complete_table(kHybridPlacements,
                              {HybridPlacement::Lru, HybridPlacement::WritesToSram});
  test::expect_complete_table(kRetentionDefinitions, {RetentionDefinition::kMeanTimeToFlip,
                                                      RetentionDefinition::kLineFailure});
}

}  // namespace
}  // namespace sttvp
