#include <gtest/gtest.h>

#include "models/cache/CacheConfig.h"
#include "tests/support/EnumTableChecks.h"

namespace sttvp {
namespace {

// The STT-RAM technology file of configs/, parsed exactly as the platform does.
LlcConfig parse_llc(const std::string& llc_json_overrides,
                    const std::string& tech = "sttram-32nm.json") {
  auto doc = ConfigDocument::load(std::string(STTVP_SOURCE_DIR) + "/configs/tech/" + tech);
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
  // At 350 K the 1 s cell's barrier is 20.723 x 350 / 300 = 24.177 in the write law's 300 K units:
  // t_w = A C / (I_drive - A jc0 24.177) = 72.116 fC / (33.608 - 15.839 uA) = 4.0584 ns.
  const WritePulseParams& w = c.sttram.write;
  EXPECT_DOUBLE_EQ(c.sttram.temperature_k, 350);
  EXPECT_NEAR(c.sttram.write_delta, 20.723 * 350 / 300, 1e-3);
  EXPECT_NEAR(c.sttram.design.pulse_s,
              w.free_layer_area_m2 * w.precession_coefficient /
                  (w.drive_current_a -
                   w.free_layer_area_m2 * w.jc0_per_delta_a_per_m2 * c.sttram.write_delta),
              1e-18);
  EXPECT_NEAR(c.sttram.design.pulse_s, 4.0584e-9, 1e-13);
  // 0.94 nJ periphery + 512 bits x 1.2 V x 33.608 uA x 4.0584 ns in the cells.
  EXPECT_NEAR(c.sttram.write_nj,
              0.94 + 512 * 1.2 * w.drive_current_a * c.sttram.design.pulse_s * 1e9, 1e-9);
  EXPECT_NEAR(c.sttram.write_nj, 1.0238, 1e-4);
  EXPECT_DOUBLE_EQ(c.sttram.write_cycles, 44 + 18 - 12);  // ceil(4.0584 ns x 4.2 GHz) = 18
  EXPECT_DOUBLE_EQ(c.sttram.bank_write_busy_cycles, 18);
  EXPECT_EQ(c.seed, 7u);
}

// At the anchors' temperature (300 K).
const char* kStt10y =
    R"({"technology": "sttram", "size_bytes": 33554432, "ways": 16, "banks": 4, "clock_ghz": 4.2,
        "sttram": {"retention_s": 315576000, "temperature_k": 300}})";
const char* kStt1s300K =
    R"({"technology": "sttram", "size_bytes": 33554432, "ways": 16, "banks": 4, "clock_ghz": 4.2,
        "sttram": {"retention_s": 1.0, "temperature_k": 300}})";

TEST(LlcConfig, TemperatureMovesTheWriteNotTheRetention) {
  LlcConfig hot = parse_llc(kStt1s);
  LlcConfig room = parse_llc(kStt1s300K);
  // The retention is defined at the operating temperature: the same Delta there.
  EXPECT_EQ(hot.sttram.delta, room.sttram.delta);
  // A barrier of Delta k_B T is larger at 350 K: more current, so a longer pulse at I_drive.
  EXPECT_DOUBLE_EQ(hot.sttram.write_delta / room.sttram.write_delta, 350.0 / 300.0);
  EXPECT_NEAR(room.sttram.design.pulse_s, 3.6e-9, 1e-15);  // the 1 s anchor
  EXPECT_GT(hot.sttram.design.pulse_s, room.sttram.design.pulse_s);
  EXPECT_GT(hot.sttram.write_nj, room.sttram.write_nj);
}

TEST(LlcConfig, TenYearPointReproducesTheAnchors) {
  LlcConfig c = parse_llc(kStt10y);
  EXPECT_EQ(c.sttram.write.write_voltage_v, 1.2);
  EXPECT_NEAR(c.sttram.write_nj, 0.94 + 512 * 1.2 * 33.608e-6 * 10e-9 * 1e9, 1e-4);
  EXPECT_DOUBLE_EQ(c.sttram.design.write_cycles, 86);
}

TEST(LlcConfig, Chang2013SensitivityCaseReproducesItsTable) {
  LlcConfig ten_years = parse_llc(kStt10y, "sttram-32nm-chang2013.json");
  LlcConfig one_second = parse_llc(kStt1s300K, "sttram-32nm-chang2013.json");
  EXPECT_NEAR(ten_years.sttram.write_nj, 47.42, 1e-6);
  EXPECT_NEAR(one_second.sttram.write_nj, 20.25, 1e-6);
  EXPECT_NEAR(ten_years.sttram.write.write_voltage_v, 246.7, 0.1);  // not a voltage
  // Same pulses and reads as the default: only the write energy differs.
  EXPECT_EQ(one_second.sttram.design.pulse_s, parse_llc(kStt1s300K).sttram.design.pulse_s);
  EXPECT_EQ(one_second.sttram.read_nj, 0.94);
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

// The policy interval comes from a target line-failure probability (default 1e-9) or, when
// given, a fraction of the retention time, which then takes precedence.
TEST(LlcConfig, PolicyIntervalIsATargetOrAFraction) {
  const std::string point = R"({"technology": "sttram", "size_bytes": 33554432, "ways": 16,
                                "banks": 4, "clock_ghz": 4.2, "sttram": {"retention_s": 1.0},
                                "retention": {"policy": "refresh")";
  LlcConfig c = parse_llc(point + "}}");
  EXPECT_EQ(c.retention.interval_failure, 1e-9);
  EXPECT_EQ(c.retention.interval_fraction, 0);
  c = parse_llc(point + R"(, "interval_failure": 1e-4}})");
  EXPECT_EQ(c.retention.interval_failure, 1e-4);
  c = parse_llc(point + R"(, "interval_fraction": 0.25}})");
  EXPECT_EQ(c.retention.interval_fraction, 0.25);
  EXPECT_EQ(c.retention.interval_failure, 1e-9) << "still read (the tech file sets it)";
  EXPECT_THROW(parse_llc(point + R"(, "interval_fraction": 0}})"), InputError);
  EXPECT_THROW(parse_llc(point + R"(, "interval_failure": 0.9}})"), InputError);
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
