// The study spec: the embedded default parses in every mode, --full merges its overlay key by
// key, and every mistake is one InputError naming the spec and the key path.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "experiments/study/StudySpec.h"
#include "models/common/InputError.h"

namespace sttvp {
namespace {

Json embedded() { return Json::parse(StudySpec::embedded_default()); }

StudySpec parse(const Json& j, const std::string& mode = "") {
  return StudySpec::parse(j, "spec.json", STTVP_SOURCE_DIR, mode);
}

// The InputError's "where" of parsing `j`, or "no error".
std::string error_at(const Json& j) {
  try {
    parse(j);
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "spec.json");
    return e.where();
  }
  return "no error";
}

TEST(StudySpec, EmbeddedDefaultHasEverySection) {
  const StudySpec s = parse(embedded());
  EXPECT_EQ(s.name, "default");
  EXPECT_TRUE(s.distance.enabled && s.injection.enabled && s.perf.enabled && s.closed_loop.enabled);
  EXPECT_EQ(s.distance.workload.kind, "mlp");
  ASSERT_EQ(s.distance.points.size(), 5u);
  EXPECT_EQ(s.distance.points[0].name, "sram");
  EXPECT_EQ(s.distance.points[3].name, "stt-1s-sigma0");  // the no-variation reference
  EXPECT_EQ(s.distance.definitions.size(), 3u);
  // Figure 2 under four fault semantics, the persistent one first.
  ASSERT_EQ(s.injection.campaigns.size(), 4u);
  EXPECT_EQ(s.injection.campaigns[0].name, "persistent");
  EXPECT_NE(s.injection.campaigns[0].file.find("fig2-quick.json"), std::string::npos);
  for (const StudyCampaign& c : s.injection.campaigns)
    EXPECT_NE(c.file.find("-quick.json"), std::string::npos) << c.name;
  EXPECT_EQ(s.perf.baseline, "sram");
  EXPECT_EQ(s.closed_loop.baseline.name, "sram");
  EXPECT_FALSE(s.resolved.contains("modes"));
}

TEST(StudySpec, QuickIsTheSpecAsWritten) {
  EXPECT_EQ(parse(embedded(), "quick").resolved, parse(embedded()).resolved);
}

TEST(StudySpec, FullMergesItsOverlayKeyByKey) {
  const StudySpec quick = parse(embedded());
  const StudySpec full = parse(embedded(), "full");
  EXPECT_EQ(full.mode, "full");
  EXPECT_GT(full.distance.points.size(), quick.distance.points.size());
  EXPECT_GT(full.distance.workload.steps, quick.distance.workload.steps);
  EXPECT_EQ(full.distance.workload.kind, quick.distance.workload.kind);  // kept, not replaced
  ASSERT_EQ(full.injection.campaigns.size(), quick.injection.campaigns.size());
  EXPECT_NE(full.injection.campaigns[0].file.find("fig2.json"), std::string::npos);
  for (std::size_t i = 0; i < full.injection.campaigns.size(); ++i) {
    EXPECT_EQ(full.injection.campaigns[i].name, quick.injection.campaigns[i].name);
    EXPECT_EQ(full.injection.campaigns[i].file.find("-quick"), std::string::npos);
  }
  EXPECT_GT(full.closed_loop.seeds.size(), quick.closed_loop.seeds.size());
}

TEST(StudySpec, RelativePathsResolveAgainstTheSpecFolder) {
  const StudySpec s = parse(embedded());
  EXPECT_EQ(s.distance.points[0].config,
            std::string(STTVP_SOURCE_DIR) + "/configs/skylake-sram.json");
  EXPECT_EQ(s.data, std::string(STTVP_SOURCE_DIR) + "/data/mnist");
}

TEST(StudySpec, OverridesKeepTheirOrderAndTypes) {
  const StudySpec s = parse(embedded());
  const auto& block = s.distance.definitions[2];
  EXPECT_EQ(block.name, "block");
  ASSERT_EQ(block.set.size(), 2u);
  EXPECT_EQ(block.set[0].first, "llc.sttram.retention_definition");
  EXPECT_EQ(block.set[0].second, "line_failure");
  EXPECT_TRUE(block.set[1].second.is_number_float());
}

TEST(StudySpec, MitigationConfigsNamePoints) {
  const StudySpec s = parse(embedded());
  const auto& m = s.closed_loop.mitigations;
  const auto hybrid = std::find_if(m.begin(), m.end(), [](auto& x) { return x.name == "hybrid"; });
  ASSERT_NE(hybrid, m.end());
  EXPECT_EQ(hybrid->configs.at("stt-10ms"),
            std::string(STTVP_SOURCE_DIR) + "/configs/skylake-hybrid-10ms.json");
}

TEST(StudySpec, UnknownKeysAreRejectedWithTheirPath) {
  Json j = embedded();
  j["colour"] = 1;
  EXPECT_EQ(error_at(j), "colour");
  j = embedded();
  j["perf"]["points"][1]["sett"] = Json::object();
  EXPECT_EQ(error_at(j), "perf.points[1].sett");
  j = embedded();
  j["modes"]["fast"] = Json::object();
  EXPECT_EQ(error_at(j), "modes.fast");
}

TEST(StudySpec, ASpecWithNoSectionIsAnError) {
  EXPECT_EQ(error_at(Json::object()), "");
  try {
    parse(Json::parse(R"({"name": "x", "seed": 3})"));
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no section to run"), std::string::npos) << e.what();
  }
}

TEST(StudySpec, DocumentationKeysAreIgnored) {
  Json j = embedded();
  j["perf"]["_note"] = "anything";
  EXPECT_EQ(error_at(j), "no error");
}

TEST(StudySpec, MissingFilesAndBadValuesNameTheKey) {
  Json j = embedded();
  j["distance"]["points"][0]["config"] = "configs/nope.json";
  EXPECT_EQ(error_at(j), "distance.points[0].config");
  j = embedded();
  j["perf"]["baseline"] = "gpu";
  EXPECT_EQ(error_at(j), "perf.baseline");
  j = embedded();
  j["distance"]["workload"]["kind"] = "resnet";
  EXPECT_EQ(error_at(j), "distance.workload.kind");
  j = embedded();
  j["closed_loop"]["seeds"] = Json::array({1, -2});
  EXPECT_EQ(error_at(j), "closed_loop.seeds[1]");
  j = embedded();
  j["closed_loop"]["roi_steps"] = 0;
  EXPECT_EQ(error_at(j), "closed_loop.roi_steps");
  j = embedded();
  j["distance"]["points"][0]["set"] = Json::array();
  EXPECT_EQ(error_at(j), "distance.points[0].set");
}

TEST(StudySpec, TheDistanceSectionRunsFigureOneAtThreeQuanta) {
  const StudySpec quick = parse(embedded());
  const StudySpec::Quanta& q = quick.distance.quanta;
  ASSERT_TRUE(q.enabled);
  EXPECT_EQ(q.points, (std::vector<std::string>{"sram", "stt-1s"}));
  EXPECT_EQ(q.definition, "mean");
  EXPECT_EQ(q.quantum_ns, (std::vector<double>{1000, 100, 10}));
  EXPECT_LT(q.steps, quick.distance.workload.steps) << "quick: fewer steps for the extra runs";
  EXPECT_EQ(q.tolerance_decades, 0.05);
  EXPECT_EQ(q.min_reads, 1000u);
  // Figure 1 and Table I run at the quantum the criterion found converged (the section's `set`);
  // the quanta runs set their own after it.
  const auto set_quantum = std::find_if(quick.distance.set.begin(), quick.distance.set.end(),
                                        [](const auto& o) { return o.first == "sim.quantum_ns"; });
  ASSERT_NE(set_quantum, quick.distance.set.end());
  EXPECT_EQ(set_quantum->second, 100);
  const StudySpec full = parse(embedded(), "full");
  EXPECT_EQ(full.distance.quanta.steps, full.distance.workload.steps);
  Json j = embedded();
  j["distance"]["quanta"].erase("steps");
  EXPECT_EQ(parse(j).distance.quanta.steps, quick.distance.workload.steps) << "the section's";
}

TEST(StudySpec, QuantaNameKnownPointsAndDefinitionsAndValidQuanta) {
  Json j = embedded();
  j["distance"]["quanta"]["points"] = Json::array({"sram", "stt-5s"});
  EXPECT_EQ(error_at(j), "distance.quanta.points[1]");
  j = embedded();
  j["distance"]["quanta"]["definition"] = "median";
  EXPECT_EQ(error_at(j), "distance.quanta.definition");
  j = embedded();
  j["distance"]["quanta"]["quantum_ns"] = Json::array({1000, 0});
  EXPECT_EQ(error_at(j), "distance.quanta.quantum_ns[1]");
  j = embedded();
  j["distance"]["quanta"]["quantum_ns"] = Json::array({1000});
  EXPECT_EQ(error_at(j), "distance.quanta.quantum_ns");
  j = embedded();
  j["distance"]["quanta"]["quantum_ns"] = Json::array({100, 1000});
  EXPECT_EQ(error_at(j), "distance.quanta.quantum_ns[1]") << "coarsest first";
  j = embedded();
  j["distance"]["quanta"]["quantum_ns"] = Json::array({100, 100});
  EXPECT_EQ(error_at(j), "distance.quanta.quantum_ns[1]");
  for (const Json& bad : {Json(-1), Json(0), Json("0.05")}) {
    j = embedded();
    j["distance"]["quanta"]["tolerance_decades"] = bad;
    EXPECT_EQ(error_at(j), "distance.quanta.tolerance_decades") << bad;
  }
  j = embedded();
  j["distance"]["quanta"].erase("tolerance_decades");
  EXPECT_EQ(error_at(j), "distance.quanta.tolerance_decades");
  j = embedded();
  j["distance"]["quanta"]["min_reads"] = 0;
  EXPECT_EQ(error_at(j), "distance.quanta.min_reads");
  j = embedded();
  j["distance"]["quanta"]["tolerance_pp"] = 1;  // the per-bin criterion's key, replaced
  EXPECT_EQ(error_at(j), "distance.quanta.tolerance_pp");
  j = embedded();
  j["distance"]["quanta"]["step"] = 4;
  EXPECT_EQ(error_at(j), "distance.quanta.step");
  j = embedded();
  j["distance"].erase("quanta");
  EXPECT_FALSE(parse(j).distance.quanta.enabled);
}

TEST(StudySpec, NamesAreUniqueAndSafeForFolders) {
  Json j = embedded();
  j["perf"]["points"][1]["name"] = "sram";
  EXPECT_EQ(error_at(j), "perf.points[1].name");
  j = embedded();
  j["perf"]["points"][1]["name"] = "../x";
  EXPECT_EQ(error_at(j), "perf.points[1].name");
}

TEST(StudySpec, AMitigationMayOnlyReplaceTheConfigOfKnownPoints) {
  Json j = embedded();
  j["closed_loop"]["mitigations"][4]["config"]["stt-5ms"] = "configs/skylake-hybrid-10ms.json";
  EXPECT_EQ(error_at(j), "closed_loop.mitigations[4].config.stt-5ms");
}

TEST(StudySpec, OneCampaignKeyIsOneCampaignNamedAfterItsFile) {
  Json j = embedded();
  j["injection"] = {{"campaign", "configs/campaigns/fig2-quick.json"}};
  const StudySpec s = parse(j);
  ASSERT_EQ(s.injection.campaigns.size(), 1u);
  EXPECT_EQ(s.injection.campaigns[0].name, "fig2-quick");
  EXPECT_EQ(s.injection.campaigns[0].file,
            std::string(STTVP_SOURCE_DIR) + "/configs/campaigns/fig2-quick.json");
}

TEST(StudySpec, CampaignListMistakesNameTheKey) {
  // (JSON pointer into the default spec, value written there, where the error is).
  const std::vector<std::tuple<std::string, Json, std::string>> cases = {
      {"/injection/campaign", "configs/campaigns/fig2-quick.json", "injection"},  // both keys
      {"/injection/campaigns/2/name", "persistent", "injection.campaigns[2].name"},
      {"/injection/campaigns/1/name", "a b", "injection.campaigns[1].name"},
      {"/injection/campaigns/3/campaign", "configs/campaigns/nope.json",
       "injection.campaigns[3].campaign"},
      {"/injection/campaigns/0/bits", "all", "injection.campaigns[0].bits"},
      {"/injection/campaigns", Json::array(), "injection.campaigns"},
  };
  for (const auto& [pointer, value, where] : cases) {
    Json j = embedded();
    j[Json::json_pointer(pointer)] = value;
    EXPECT_EQ(error_at(j), where) << pointer;
  }
}

TEST(StudySpec, SweepsNameTheirPointsWorkloadsPoliciesAndSeeds) {
  const StudySpec s = parse(embedded());
  const auto& ws = s.perf.working_set;
  ASSERT_TRUE(ws.enabled);
  ASSERT_EQ(ws.workloads.size(), 3u);
  EXPECT_EQ(ws.workloads[0].name, "mlp-w256");
  EXPECT_EQ(ws.workloads[0].kind, "mlp");
  EXPECT_EQ(s.perf.workloads[0].name, "lenet");  // the kind when no name is given
  EXPECT_EQ(ws.points, (std::vector<std::string>{"sram", "stt-1s", "stt-10ms", "hybrid-1s"}));
  const auto& sw = s.closed_loop.interval_sweep;
  ASSERT_TRUE(sw.enabled);
  EXPECT_EQ(sw.policies, (std::vector<std::string>{"expire", "refresh"}));
  EXPECT_EQ(sw.interval_failure, (std::vector<double>{1e-3, 0.1, 0.5}));
  EXPECT_EQ(sw.seeds, (std::vector<std::uint64_t>{1}));
  // --full runs more widths, intervals and seeds.
  const StudySpec full = parse(embedded(), "full");
  EXPECT_GT(full.perf.working_set.workloads.size(), ws.workloads.size());
  EXPECT_GT(full.closed_loop.interval_sweep.interval_failure.size(), sw.interval_failure.size());
  EXPECT_GT(full.closed_loop.interval_sweep.seeds.size(), sw.seeds.size());
}

TEST(StudySpec, SweepMistakesNameTheKey) {
  Json j = embedded();
  j["perf"]["working_set"]["points"][1] = "stt-5ms";
  EXPECT_EQ(error_at(j), "perf.working_set.points[1]");
  j = embedded();
  j["perf"]["working_set"]["points"] = Json::array({"stt-1s"});
  EXPECT_EQ(error_at(j), "perf.working_set.points");  // without the baseline
  j = embedded();
  j["perf"]["working_set"]["workloads"][1]["name"] = "mlp";  // the perf section's workload
  EXPECT_EQ(error_at(j), "perf.working_set.workloads[1].name");
  j = embedded();
  j["closed_loop"]["interval_sweep"]["policies"] = Json::array({"ecc"});
  EXPECT_EQ(error_at(j), "closed_loop.interval_sweep.policies[0]");
  j = embedded();
  j["closed_loop"]["interval_sweep"]["interval_failure"] = Json::array({0.1, 0.9});
  EXPECT_EQ(error_at(j), "closed_loop.interval_sweep.interval_failure[1]");
  j = embedded();
  j["closed_loop"]["interval_sweep"]["seeds"] = Json::array({7});
  EXPECT_EQ(error_at(j), "closed_loop.interval_sweep.seeds[0]");
  j = embedded();
  j["closed_loop"]["interval_sweep"]["points"] = Json::array({"stt-1s", "stt-1s"});
  EXPECT_EQ(error_at(j), "closed_loop.interval_sweep.points[1]");
}

TEST(StudySpec, AbsentSectionsAreNotRun) {
  Json j = embedded();
  j.erase("injection");
  j.erase("closed_loop");
  const StudySpec s = parse(j);
  EXPECT_FALSE(s.injection.enabled);
  EXPECT_FALSE(s.closed_loop.enabled);
  EXPECT_TRUE(s.distance.enabled);
}

TEST(StudySpec, MalformedFileIsAnInputError) {
  EXPECT_THROW(StudySpec::load("/nonexistent/study.json", ""), InputError);
}

}  // namespace
}  // namespace sttvp
