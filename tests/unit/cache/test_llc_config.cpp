#include <gtest/gtest.h>

#include <cmath>

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
// The same with the pulse of the fitted current law (the pulse the presets used before the write
// error target, and that of the Chang 2013 sensitivity case).
const char* kStt1sFit =
    R"({"technology": "sttram", "size_bytes": 33554432, "ways": 16, "banks": 4, "clock_ghz": 4.2,
        "sttram": {"retention_s": 1.0, "write": {"pulse": "current_fit"}}})";

TEST(LlcConfig, PulseMeetsTheWriteErrorTarget) {
  LlcConfig c = parse_llc(kStt1s);
  const SttramConfig& s = c.sttram;
  EXPECT_EQ(s.pulse_source, WritePulseSource::kWerTarget);
  EXPECT_TRUE(s.write_errors);
  EXPECT_FALSE(s.read_disturb);
  // Ic0 = 0.83903 uA x 24.177 (the 1 s barrier at 350 K in 300 K units) = 20.285 uA; the driver's
  // 101.42 uA is i = 5.000 of it. By hand, t_w = tau_D / (2 (i - 1)) ln((1 + pi^2 Delta (i - 1) /
  // (4 x 1e-9)) / i) = 6.1090 ns.
  EXPECT_NEAR(s.write_current_ratio, 101.42155e-6 / (0.83903003e-6 * 20.723266 * 350 / 300), 1e-5);
  EXPECT_NEAR(s.design.pulse_s, 6.1090e-9, 1e-13);
  EXPECT_NEAR(s.bit_wer / 1e-9, 1.0, 1e-9);
  EXPECT_EQ(s.design.current_a, s.wer.drive_current_a);
  EXPECT_NEAR(s.wer.drive_current_a, 101.42155e-6, 1e-11);
  // 0.94 nJ periphery + 512 bits x 1.2 V x 101.42 uA x 6.1090 ns.
  EXPECT_NEAR(s.write_nj, 0.94 + 512 * 1.2 * s.wer.drive_current_a * s.design.pulse_s * 1e9, 1e-12);
  EXPECT_NEAR(s.write_nj, 1.3207, 1e-4);
  EXPECT_DOUBLE_EQ(s.write_cycles, 44 + 26 - 12);  // ceil(6.1090 ns x 4.2 GHz) = 26
  EXPECT_DOUBLE_EQ(s.bank_write_busy_cycles, 26);
}

TEST(LlcConfig, TenYearPulseAtTheWriteErrorTarget) {
  LlcConfig c = parse_llc(
      R"({"technology": "sttram", "size_bytes": 33554432, "ways": 16, "banks": 4,
          "clock_ghz": 4.2, "sttram": {"retention_s": 315576000}})");
  // i = 101.42 / (0.83903 x 40.293 x 350 / 300) = 2.571: t_w = 15.801 ns (by hand).
  EXPECT_NEAR(c.sttram.write_current_ratio, 2.5714, 1e-4);
  EXPECT_NEAR(c.sttram.design.pulse_s, 15.801e-9, 1e-12);
  EXPECT_DOUBLE_EQ(c.sttram.design.write_cycles, 44 + 67);
}

TEST(LlcConfig, FittedPulsesAreMeanSwitchingTimesWithLargeWriteErrors) {
  // The fitted law's drive current is only 2.1x its own long-pulse Ic0 at the 1 s barrier, and
  // its pulse has no error margin: a write leaves a bit wrong with about 0.25.
  LlcConfig c = parse_llc(kStt1sFit);
  EXPECT_NEAR(c.sttram.write_current_ratio, 33.608 / 15.839, 1e-3);
  EXPECT_NEAR(c.sttram.bit_wer, 0.249, 0.001);
}

TEST(LlcConfig, ReadDisturbFollowsTheFormulaWithVariation) {
  LlcConfig c = parse_llc(
      R"({"technology": "sttram", "size_bytes": 33554432, "ways": 16, "banks": 4,
          "clock_ghz": 4.2, "sttram": {"retention_s": 0.01, "read_disturb": {"enabled": true}}})");
  EXPECT_TRUE(c.sttram.read_disturb);
  // Delta 16.118, sigma 1.6118, c = 0.8^2: 0.5 x (2 ns / 1 ns) e^(-c 16.118 + c^2 1.6118^2 / 2).
  const double delta = 16.118095651, sigma = 0.1 * delta, k = 0.64;
  EXPECT_NEAR(c.sttram.disturb_bit_p /
                  (0.5 * -std::expm1(-2 * std::exp(-k * delta + k * k * sigma * sigma / 2))),
              1.0, 1e-6);
  EXPECT_NEAR(c.sttram.disturb_bit_p, 5.64e-5, 0.01e-5);
}

TEST(LlcConfig, WithoutTheirObjectsWriteErrorsAndReadDisturbAreNotModelled) {
  LlcConfig c = parse_llc(
      R"({"technology": "sttram", "size_bytes": 33554432, "ways": 16, "banks": 4,
          "clock_ghz": 4.2, "sttram": {"retention_s": 1.0, "write_errors": null,
          "read_disturb": null, "write": {"pulse": "current_fit"}}})");
  EXPECT_FALSE(c.sttram.write_errors);
  EXPECT_FALSE(c.sttram.read_disturb);
  EXPECT_EQ(c.sttram.bit_wer, 0.0);
  EXPECT_EQ(c.sttram.disturb_bit_p, 0.0);
  // The write error target needs the driver and the target.
  EXPECT_THROW(parse_llc(R"({"technology": "sttram", "size_bytes": 33554432, "ways": 16,
                            "banks": 4, "clock_ghz": 4.2,
                            "sttram": {"retention_s": 1.0, "write_errors": null}})"),
               InputError);
}

TEST(LlcConfig, SttDesignPointFollowsFromTheRetentionTime) {
  LlcConfig c = parse_llc(kStt1sFit);
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
        "sttram": {"retention_s": 315576000, "temperature_k": 300,
                   "write": {"pulse": "current_fit"}}})";
const char* kStt1s300K =
    R"({"technology": "sttram", "size_bytes": 33554432, "ways": 16, "banks": 4, "clock_ghz": 4.2,
        "sttram": {"retention_s": 1.0, "temperature_k": 300, "write": {"pulse": "current_fit"}}})";

TEST(LlcConfig, TemperatureMovesTheWriteNotTheRetention) {
  LlcConfig hot = parse_llc(kStt1sFit);
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
  // Same pulses (of the fitted law) and reads as the default: only the write energy differs.
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
