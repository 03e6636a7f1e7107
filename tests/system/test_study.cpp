// `sttvp study` on the real executable, configs and MNIST split (skipped without data/mnist), with
// a small spec of every section: the report, tables and figures appear; Table I shows the
// ordering the model implies; Figure 2 shows two fault semantics side by side; the closed loop
// applies flips on STT-RAM and none on SRAM; a second
// invocation resumes without rerunning anything; the same spec and seed give identical tables;
// a bad spec exits with status 2 and one line, writing nothing.
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "tests/support/TempDir.h"
#include "tests/system/RunSttvp.h"

namespace sttvp::test {
namespace {

namespace fs = std::filesystem;

using Row = std::map<std::string, std::string>;

std::vector<Row> read_csv(const std::string& text) {
  std::vector<Row> rows;
  std::istringstream in(text);
  std::string line;
  std::vector<std::string> header;
  const auto cells = [](const std::string& l) {
    std::vector<std::string> out;
    std::istringstream s(l);
    for (std::string c; std::getline(s, c, ',');) out.push_back(c);
    if (!l.empty() && l.back() == ',') out.emplace_back();
    return out;
  };
  if (std::getline(in, line)) header = cells(line);
  while (std::getline(in, line)) {
    const auto c = cells(line);
    Row r;
    for (std::size_t i = 0; i < header.size() && i < c.size(); ++i) r[header[i]] = c[i];
    rows.push_back(r);
  }
  return rows;
}

bool is_png(const std::string& file) { return slurp(file).rfind("\x89PNG\r\n\x1a\n", 0) == 0; }

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(' '), b = s.find_last_not_of(' ');
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// The Markdown tables of a report: each a list of rows of cells, the header first (the
// |---| line dropped).
std::vector<std::vector<std::vector<std::string>>> markdown_tables(const std::string& md) {
  std::vector<std::vector<std::vector<std::string>>> tables;
  std::istringstream in(md);
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("|", 0) != 0) {
      inside = false;
      continue;
    }
    if (line.rfind("|---", 0) == 0) continue;
    if (!inside) tables.emplace_back();
    inside = true;
    std::vector<std::string> cells;
    std::istringstream s(line.substr(1));
    for (std::string c; std::getline(s, c, '|');) cells.push_back(trim(c));
    tables.back().push_back(cells);
  }
  return tables;
}

// A cell that holds a number (possibly bold, with a unit or ratio after it); "-" and "nan" are
// the tables' way of saying "not measured".
bool numeric_cell(std::string c) {
  if (c.rfind("**", 0) == 0) c = c.substr(2);
  return !c.empty() &&
         (std::isdigit(static_cast<unsigned char>(c[0])) ||
          (c.size() > 1 && c[0] == '-' && std::isdigit(static_cast<unsigned char>(c[1]))));
}

// Every section, at the smallest sizes that still exercise it (about 20 short runs).
std::string small_spec(const std::string& dir) {
  const std::string src = STTVP_SOURCE_DIR;
  // Figure 2 under two semantics: per-bit exponent flips, and per-value mantissa+sign flips.
  const std::string campaign = dir + "/campaign.json", per_value = dir + "/per-value.json";
  std::ofstream(campaign) << R"({"nets": ["lenet"], "preset": "default", "epochs": 1,
    "train_samples": 64, "test_samples": 64, "layers": [0], "targets": ["inputs"],
    "p": [1e-3], "seeds": [1], "fault": {"bits": "exponent"}})";
  std::ofstream(per_value) << R"({"nets": ["lenet"], "preset": "default", "epochs": 1,
    "train_samples": 64, "test_samples": 64, "layers": [0, 10], "targets": ["inputs"],
    "p": [1e-3], "seeds": [1], "fault": {"bits": "mantissa+sign", "rate": "per_value"}})";
  return R"({
  "name": "small",
  "seed": 3,
  "data": ")" +
         src + R"(/data/mnist",
  "distance": {
    "workload": {"kind": "mlp", "preset": ")" +
         src + R"(/configs/training/mlp-small.json", "start_step": 0, "steps": 3},
    "points": [
      {"name": "sram", "config": ")" +
         src + R"(/configs/skylake-sram.json"},
      {"name": "stt-1s", "config": ")" +
         src + R"(/configs/skylake-stt-1s.json"},
      {"name": "stt-10ms", "config": ")" +
         src + R"(/configs/skylake-stt-10ms.json"}
    ],
    "definitions": [
      {"name": "mean", "set": {"llc.sttram.retention_definition": "mean"}},
      {"name": "block", "set": {"llc.sttram.retention_definition": "line_failure", "llc.sttram.target_line_failure": 0.632}}
    ],
    "set": {"llc.retention.apply_flips": false, "stats.hierarchy_distance": true,
            "sim.quantum_ns": 100},
    "quanta": {"points": ["sram"], "definition": "mean", "quantum_ns": [1000, 100], "steps": 1,
               "tolerance_decades": 0.05, "min_reads": 1}
  },
  "injection": {"campaigns": [{"name": "exponent", "campaign": ")" +
         campaign + R"("}, {"name": "per-value", "campaign": ")" + per_value + R"("}]},
  "perf": {
    "workloads": [{"kind": "lenet", "preset": ")" +
         src + R"(/configs/training/lenet-default.json", "start_step": 0, "steps": 2}],
    "baseline": "sram",
    "points": [
      {"name": "sram", "config": ")" +
         src + R"(/configs/skylake-sram.json"},
      {"name": "stt-10ms", "config": ")" +
         src + R"(/configs/skylake-stt-10ms.json"}
    ]
  },
  "closed_loop": {
    "net": "lenet", "preset": ")" +
         src + R"(/configs/training/lenet-default.json",
    "epochs": 1, "train_samples": 96, "test_samples": 64, "roi_start": 2, "roi_steps": 2,
    "seeds": [1],
    "baseline": {"name": "sram", "config": ")" +
         src + R"(/configs/skylake-sram.json"},
    "points": [{"name": "stt-10ms", "config": ")" +
         src + R"(/configs/skylake-stt-10ms.json"}],
    "mitigations": [{"name": "none"}, {"name": "ecc", "set": {"llc.retention.policy": "ecc"}}]
  }
})";
}

// Only the two sweeps (and the sections they hang on), at the smallest sizes.
std::string sweeps_spec() {
  const std::string src = STTVP_SOURCE_DIR;
  const auto config = [&](const char* name) { return src + "/configs/" + name; };
  return R"({
  "name": "sweeps", "seed": 3, "data": ")" +
         src + R"(/data/mnist",
  "perf": {
    "workloads": [{"kind": "lenet", "preset": ")" +
         config("training/lenet-default.json") + R"(", "start_step": 0, "steps": 1}],
    "baseline": "sram",
    "points": [
      {"name": "sram", "config": ")" +
         config("skylake-sram.json") + R"("},
      {"name": "stt-1s", "config": ")" +
         config("skylake-stt-1s.json") + R"("},
      {"name": "stt-1s-refresh", "config": ")" +
         config("skylake-stt-1s.json") +
         R"(", "set": {"llc.retention.policy": "refresh", "llc.retention.interval_failure": 0.5}}
    ],
    "working_set": {
      "workloads": [
        {"name": "w64", "kind": "mlp", "preset": ")" +
         config("training/mlp-small.json") + R"(", "start_step": 0, "steps": 1},
        {"name": "w128", "kind": "mlp", "preset": ")" +
         config("training/mlp-w128.json") + R"(", "start_step": 0, "steps": 1}],
      "points": ["sram", "stt-1s"]
    }
  },
  "closed_loop": {
    "net": "lenet", "preset": ")" +
         config("training/lenet-default.json") + R"(",
    "epochs": 1, "train_samples": 96, "test_samples": 64, "roi_start": 2, "roi_steps": 2,
    "seeds": [1],
    "baseline": {"name": "sram", "config": ")" +
         config("skylake-sram.json") + R"("},
    "points": [{"name": "stt-10ms", "config": ")" +
         config("skylake-stt-10ms.json") + R"("}],
    "mitigations": [{"name": "refresh", "set": {"llc.retention.policy": "refresh"}}],
    "interval_sweep": {"points": ["stt-10ms"], "policies": ["expire", "refresh"],
                       "interval_failure": [0.5, 1e-3], "seeds": [1]}
  }
})";
}

class StudySystemTest : public ::testing::Test {
 protected:
  Outcome study(const std::string& args) { return run_sttvp("study " + args, dir.path()); }
  TempDir dir;
};

TEST_F(StudySystemTest, WritesTheReportTablesAndFiguresAndResumes) {
  REQUIRE_MNIST();
  const std::string spec = dir.write("small.json", small_spec(dir.path()));
  const std::string out = dir.file("out");
  const Outcome o = study(spec + " --out " + out + " --jobs 2 --quiet");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.out.find(out + "/report.md"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find(out + "/report.html"), std::string::npos) << o.out;
  EXPECT_TRUE(fs::exists(out + "/report.html"));

  for (const char* png : {"fig1_write_read_distance.png", "fig2_layer_tolerance.png",
                          "perf_energy.png", "closed_loop.png"})
    EXPECT_TRUE(is_png(out + "/" + png)) << png;
  const std::string report = slurp(out + "/report.md");
  for (const char* heading : {"## 1.", "## 2.", "## 3.", "## 4.", "## Runs", "sttvp 0."})
    EXPECT_NE(report.find(heading), std::string::npos) << heading;
  EXPECT_EQ(read_json(out + "/study.json")["resolved"]["seed"], 3);

  // Every table's numeric columns state their unit (or "count", "probability", ...) in the
  // header; every figure has a caption saying what to see right below it.
  const auto tables = markdown_tables(report);
  EXPECT_GE(tables.size(), 8u);
  for (const auto& t : tables) {
    for (std::size_t col = 0; col < t[0].size(); ++col) {
      bool numeric = false;
      for (std::size_t row = 1; row < t.size(); ++row) {
        const std::string& c = col < t[row].size() ? t[row][col] : "";
        if (c == "-" || c == "nan" || c.empty()) continue;
        numeric = numeric_cell(c);
        if (!numeric) break;
      }
      const std::string& h = t[0][col];
      if (numeric) {
        EXPECT_TRUE(h.find('(') != std::string::npos && h.find(')') != std::string::npos)
            << "a numeric column without a unit: \"" << h << "\"";
      }
    }
  }
  std::size_t figures = 0;
  for (std::size_t at = report.find("\n!["); at != std::string::npos;
       at = report.find("\n![", at + 1)) {
    ++figures;
    const std::size_t next = report.find("\n\n", at + 1) + 2;
    EXPECT_EQ(report.substr(next, 8), "*Figure ") << report.substr(at, 200);
    EXPECT_NE(report.substr(next, report.find('\n', next) - next).find("What to see"),
              std::string::npos);
  }
  EXPECT_EQ(figures, 4u);
  EXPECT_NE(report.find("% lie at 1-100 ns"), std::string::npos);

  // Figure 2: both semantics side by side, each cell against its own campaign's baseline, and
  // the report's verdict computed from them.
  const auto fig2 = read_csv(slurp(out + "/fig2_semantics.csv"));
  ASSERT_EQ(fig2.size(), 3u);
  EXPECT_EQ(fig2[0].at("semantics"), "exponent");
  EXPECT_EQ(fig2[1].at("semantics"), "per-value");
  EXPECT_EQ(fig2[1].at("layer"), "0");
  EXPECT_EQ(fig2[2].at("layer"), "10");
  for (const auto& r : fig2) {
    EXPECT_EQ(r.at("p"), "0.001");
    EXPECT_EQ(r.at("runs"), "1");
    EXPECT_EQ(r.at("study_failed"), "0");  // the study's cells are at 1e-5
  }
  EXPECT_EQ(fig2[0].at("diverged"), "1");  // exponent flips of layer 0's -1.0 padding: -Inf
  EXPECT_EQ(fig2[0].at("failed"), "1");
  EXPECT_EQ(fig2[1].at("diverged"), "0");  // no exponent bit: nothing non-finite
  EXPECT_EQ(fig2[1].at("baseline_accuracy"), fig2[0].at("baseline_accuracy"));
  EXPECT_NE(report.find("under 2 fault semantics"), std::string::npos);
  EXPECT_NE(report.find("No semantics reproduces the study's pattern. Closest: `per-value`"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("| exponent | 1 | 0 | 0 | 1 | 0 at 1.00e-03 |"), std::string::npos);
  EXPECT_TRUE(fs::exists(out + "/fig2/per-value/campaign.csv"));

  // Table I: the study's inconsistency is stated, not fitted.
  EXPECT_NE(report.find("no distance distribution gives both entries"), std::string::npos);
  EXPECT_NE(report.find("the 10 ms entry needs 150x shorter distances"), std::string::npos);

  // Performance statements say whether the point trains under its faults (closed loop on the
  // same LLC: stt-10ms without mitigation); SRAM has no retention faults.
  const std::string outcome = "(trains|cannot train|not run closed-loop|no retention faults)";
  const std::regex best("fastest [a-z0-9-]+ \\([0-9.]+x the baseline's speed; " + outcome +
                        "\\), least total energy [a-z0-9-]+ \\([0-9.]+x the baseline's energy; " +
                        outcome + "\\)");
  EXPECT_TRUE(std::regex_search(report, best)) << report;

  // Table I: SRAM never fails; per definition and phase, 10 ms fails more often than 1 s.
  const auto t1 = read_csv(slurp(out + "/table1_retention.csv"));
  std::map<std::string, double> p;  // point/definition/phase
  std::size_t sram_rows = 0;
  for (const auto& r : t1) {
    if (r.at("point") == "sram") {
      ++sram_rows;
      EXPECT_EQ(r.at("definition"), "-");
      EXPECT_EQ(std::stod(r.at("p_error")), 0.0);
    }
    if (std::stod(r.at("reads")) > 0)
      p[r.at("point") + "/" + r.at("definition") + "/" + r.at("phase")] =
          std::stod(r.at("p_error"));
  }
  EXPECT_GT(sram_rows, 0u);
  std::size_t compared = 0;
  for (const char* def : {"mean", "block"})
    for (const char* phase : {"forward", "backward", "update"}) {
      const std::string k = std::string("/") + def + "/" + phase;
      if (!p.count("stt-1s" + k) || !p.count("stt-10ms" + k)) continue;
      EXPECT_GT(p["stt-10ms" + k], p["stt-1s" + k]) << k;
      EXPECT_GT(p["stt-1s" + k], 0.0) << k;
      ++compared;
    }
  EXPECT_GE(compared, 4u);
  // The block reading fails less than the mean one at the same retention.
  EXPECT_LT(p["stt-10ms/block/backward"], p["stt-10ms/mean/backward"]);

  // Figure 1's histogram holds every read hit of each run under the LLC's definition, and every
  // read of a written line under the hierarchy's.
  const auto fig1 = read_csv(slurp(out + "/fig1_write_read_distance.csv"));
  std::map<std::string, double> reads;
  for (const auto& r : fig1)
    if (r.at("point") == "sram") reads[r.at("measure")] += std::stod(r.at("count"));
  const nlohmann::json sram = read_json(out + "/runs/distance/sram/stats.json");
  EXPECT_EQ(reads["llc_write_to_llc_read"], sram["llc"]["read_hits"].get<double>());
  EXPECT_EQ(reads["hierarchy_write_to_llc_read"],
            sram["hierarchy_distance"]["reads_to_llc"].get<double>());
  EXPECT_EQ(reads["hierarchy_write_to_any_read"],
            sram["hierarchy_distance"]["reads_any"].get<double>());
  EXPECT_GT(reads["hierarchy_write_to_any_read"], reads["hierarchy_write_to_llc_read"]);
  EXPECT_NE(report.find("Share of the reads at 1-100 ns, per definition"), std::string::npos);

  // Figure 1 against the quantum: the reference against itself moves by 0; each quantum but the
  // finest is compared with the next finer one and judged converged or not.
  const auto shift = read_csv(slurp(out + "/quantum_shift.csv"));
  ASSERT_FALSE(shift.empty());
  std::size_t at_reference = 0, at_100 = 0;
  std::set<std::string> verdicts;
  for (const auto& r : shift) {
    EXPECT_EQ(r.at("point"), "sram");
    EXPECT_EQ(r.at("reference_quantum_ns"), "1000");
    if (r.at("quantum_ns") == "1000") {
      ++at_reference;
      EXPECT_EQ(r.at("max_shift_pp"), "0");
      EXPECT_EQ(r.at("w1_decades"), "0");
      EXPECT_GE(std::stod(r.at("w1_next_decades")), 0.0);
      verdicts.insert(r.at("converged"));
    } else {
      ++at_100;
      EXPECT_EQ(r.at("quantum_ns"), "100");
      EXPECT_EQ(r.at("w1_next_decades"), "") << "the finest quantum";
      EXPECT_EQ(r.at("converged"), "");
    }
  }
  EXPECT_EQ(at_reference, at_100);
  ASSERT_EQ(verdicts.size(), 1u) << "one verdict per point and quantum";
  EXPECT_TRUE(*verdicts.begin() == "yes" || *verdicts.begin() == "no");
  // Figure 1 ran at the section's quantum, the quanta runs at theirs; the report judges it.
  EXPECT_EQ(read_json(out + "/runs/distance/sram/config.json")["sim"]["quantum_ns"], 100);
  EXPECT_EQ(read_json(out + "/runs/distance/quantum/sram-q1000/config.json")["sim"]["quantum_ns"],
            1000);
  EXPECT_NE(report.find("Figure 1 ran at a quantum of 100 ns (`sim.quantum_ns` of its runs): "),
            std::string::npos);
  EXPECT_TRUE(fs::exists(out + "/runs/distance/quantum/sram-q100/hierarchy_distance.csv"));

  // Performance: the baseline is 1x of itself.
  const auto perf = read_csv(slurp(out + "/perf_energy.csv"));
  ASSERT_EQ(perf.size(), 2u);
  EXPECT_EQ(perf[0].at("point"), "sram");
  EXPECT_EQ(std::stod(perf[0].at("speedup_vs_baseline")), 1.0);
  EXPECT_EQ(std::stod(perf[0].at("total_energy_vs_baseline")), 1.0);
  EXPECT_GT(std::stod(perf[1].at("total_nj_per_step")), 0.0);
  EXPECT_EQ(perf[0].at("closed_loop"), "no_faults");
  const std::string stt = perf[1].at("closed_loop");
  EXPECT_TRUE(stt == "trains" || stt == "cannot_train") << stt;

  // Closed loop: no flips on SRAM, some on the 10 ms point; ECC costs LLC energy (at 10 ms its
  // check cells fail too and its scrubs restart residencies, so it does not reduce the flips).
  const auto cl = read_csv(slurp(out + "/closed_loop.csv"));
  ASSERT_EQ(cl.size(), 3u);
  EXPECT_EQ(cl[0].at("point"), "sram");
  EXPECT_EQ(std::stod(cl[0].at("flipped_bits")), 0.0);
  EXPECT_EQ(cl[1].at("mitigation"), "none");
  EXPECT_GT(std::stod(cl[1].at("flipped_bits")), 0.0);
  EXPECT_EQ(cl[2].at("mitigation"), "ecc");
  EXPECT_GT(std::stod(cl[2].at("flipped_bits")), 0.0);
  EXPECT_GT(std::stod(cl[2].at("llc_nj_per_step")), std::stod(cl[1].at("llc_nj_per_step")));

  // Again: everything is finished, nothing reruns, the tables stay.
  const std::string before = slurp(out + "/perf_energy.csv");
  const Outcome again = study(spec + " --out " + out + " --jobs 2");
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.err.find("12 simulations (12 already finished)"), std::string::npos) << again.err;
  EXPECT_EQ(slurp(out + "/perf_energy.csv"), before);
}

TEST_F(StudySystemTest, SweepsWriteTablesThatAgreeWithTheirRuns) {
  REQUIRE_MNIST();
  const std::string spec = dir.write("sweeps.json", sweeps_spec());
  const std::string out = dir.file("out");
  const Outcome o = study(spec + " --out " + out + " --jobs 2 --quiet");
  ASSERT_EQ(o.status, 0) << o.err;
  for (const char* png : {"working_set.png", "interval_sweep.png"})
    EXPECT_TRUE(is_png(out + "/" + png)) << png;
  const std::string report = slurp(out + "/report.md");
  for (const char* heading : {"### Working-set sweep", "### Mitigation-interval sweep"})
    EXPECT_NE(report.find(heading), std::string::npos) << heading;
  const auto stats = [&](const std::string& run, const char* section, const char* key) {
    return read_json(out + "/runs/" + run + "/stats.json")[section][key].get<double>();
  };
  const auto sim_ns = [&](const std::string& run) {
    return read_json(out + "/runs/" + run + "/stats.json")["sim_time_ns"].get<double>();
  };
  const auto total_nj = [&](const std::string& run) { return stats(run, "energy_nj", "total"); };
  const auto near = [](double a, double b) { return std::fabs(a - b) <= 1e-5 * std::fabs(b); };

  // Working set: one row per width and point, its ratios those of the runs' stats.json.
  const std::string ws_text = slurp(out + "/working_set.csv");
  EXPECT_EQ(ws_text.substr(0, ws_text.find('\n')),
            "workload,working_set_mib,point,technology,llc_mib,steps,sim_ns_per_step,"
            "speedup_vs_baseline,llc_hit_rate,llc_nj_per_step,total_nj_per_step,"
            "llc_energy_vs_baseline,total_energy_vs_baseline");
  const auto ws = read_csv(ws_text);
  ASSERT_EQ(ws.size(), 4u);
  for (const auto& r : ws) {
    const std::string run = "working_set/" + r.at("workload") + "-" + r.at("point");
    const std::string base = "working_set/" + r.at("workload") + "-sram";
    EXPECT_TRUE(near(std::stod(r.at("speedup_vs_baseline")), sim_ns(base) / sim_ns(run))) << run;
    EXPECT_TRUE(near(std::stod(r.at("total_energy_vs_baseline")), total_nj(run) / total_nj(base)))
        << run;
    EXPECT_EQ(std::stod(r.at("llc_mib")), r.at("point") == "sram" ? 8.0 : 20.0);
  }
  // 784-128-128-10 with 4 shares and Adam: 7 x 118,282 floats.
  EXPECT_EQ(ws[2].at("workload"), "w128");
  EXPECT_TRUE(near(std::stod(ws[2].at("working_set_mib")), 7.0 * 118282 * 4 / (1 << 20)));
  EXPECT_LT(std::stod(ws[0].at("working_set_mib")), std::stod(ws[2].at("working_set_mib")));

  // Interval sweep: per policy, the interval grows with interval_failure, as the runs report it;
  // ratios against the fault-free run of the same seed.
  const std::string iv_text = slurp(out + "/interval_sweep.csv");
  EXPECT_EQ(iv_text.substr(0, iv_text.find('\n')),
            "point,policy,interval_failure,interval_ns,refresh_bank_share,refresh_floor_failure,"
            "seed,test_accuracy,final_loss,diverged,flipped_bits,sim_ns_per_step,"
            "total_nj_per_step,time_vs_baseline,energy_vs_baseline");
  const auto iv = read_csv(iv_text);
  ASSERT_EQ(iv.size(), 4u);
  // Per policy: interval_failure -> interval_ns.
  std::map<std::string, std::map<double, double>> intervals;
  for (const auto& r : iv) {
    const std::string run =
        "interval_sweep/stt-10ms-" + r.at("policy") + "-p" + r.at("interval_failure") + "-s1";
    ASSERT_TRUE(fs::exists(out + "/runs/" + run + "/stats.json")) << run;
    const double interval_ns =
        read_json(out + "/runs/" + run + "/stats.json")["llc"]["retention"]["interval_ns"]
            .get<double>();
    EXPECT_TRUE(near(std::stod(r.at("interval_ns")), interval_ns)) << run;
    EXPECT_TRUE(
        near(std::stod(r.at("time_vs_baseline")), sim_ns(run) / sim_ns("closed_loop/sram-none-s1")))
        << run;
    EXPECT_TRUE(near(std::stod(r.at("energy_vs_baseline")),
                     total_nj(run) / total_nj("closed_loop/sram-none-s1")))
        << run;
    intervals[r.at("policy")][std::stod(r.at("interval_failure"))] = interval_ns;
  }
  for (const auto& [policy, v] : intervals) {
    ASSERT_EQ(v.size(), 2u) << policy;
    EXPECT_LT(v.at(1e-3), v.at(0.5)) << policy;
  }
  // The reading names the default-interval outcome from the closed loop's refresh row.
  EXPECT_NE(report.find("`stt-10ms` `refresh`: at the default interval cannot train"),
            std::string::npos);

  // The perf table shows where refresh acts beside the policy; empty cells elsewhere.
  const auto perf = read_csv(slurp(out + "/perf_energy.csv"));
  ASSERT_EQ(perf.size(), 3u);
  EXPECT_EQ(perf[0].at("interval_ns"), "");
  EXPECT_TRUE(near(
      std::stod(perf[2].at("interval_ns")),
      read_json(out +
                "/runs/perf/lenet-stt-1s-refresh/stats.json")["llc"]["retention"]["interval_ns"]
          .get<double>()));
  EXPECT_GT(std::stod(perf[2].at("refresh_bank_share")), 0.0);
}

TEST_F(StudySystemTest, SameSeedGivesIdenticalTables) {
  REQUIRE_MNIST();
  const std::string spec = dir.write("small.json", small_spec(dir.path()));
  for (const char* out : {"a", "b"}) {
    const Outcome o = study(spec + " --out " + dir.file(out) + " --jobs 2 --quiet");
    ASSERT_EQ(o.status, 0) << o.err;
  }
  for (const char* table :
       {"table1_retention.csv", "fig1_write_read_distance.csv", "quantum_shift.csv",
        "quantum_write_read_distance.csv", "perf_energy.csv", "closed_loop.csv",
        "fig2_semantics.csv", "fig2/exponent/campaign.csv"}) {
    const std::string a = slurp(dir.file(std::string("a/") + table));
    EXPECT_FALSE(a.empty()) << table;
    EXPECT_EQ(a, slurp(dir.file(std::string("b/") + table))) << table;
  }
}

TEST_F(StudySystemTest, ListsTheEmbeddedDefaultStudy) {
  const Outcome o = study("--list");
  ASSERT_EQ(o.status, 0) << o.err;
  for (const char* id :
       {"distance/sram ", "distance/stt-10ms-block ", "fig2/persistent inject ",
        "fig2/per-value inject ", "perf/mlp-hybrid-10ms ", "closed_loop/stt-10ms-ecc-s1 train ",
        "working_set/mlp-w1024-stt-10ms run ", "interval_sweep/stt-1s-refresh-p0.5-s1 train "})
    EXPECT_NE(o.out.find(id), std::string::npos) << id;
  const Outcome full = study("--full --list");
  ASSERT_EQ(full.status, 0) << full.err;
  EXPECT_NE(full.out.find("distance/stt-100us-mean "), std::string::npos);
  EXPECT_NE(full.out.find("configs/campaigns/fig2.json"), std::string::npos);
  EXPECT_NE(full.out.find("configs/campaigns/fig2-per-value.json"), std::string::npos);
}

TEST_F(StudySystemTest, BadSpecExitsWithStatus2AndOneLine) {
  const std::string out = dir.file("out");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"distance": {"workload": {"kind": "mlp"}}})", "distance.workload.preset"},
      {R"({"perf": {"workloads": [], "baseline": "x", "points": []}})", "perf.workloads"},
      {R"({"injection": {"campaign": "nope.json"}})", "injection.campaign"},
      {R"({"injection": {"campaigns": [{"name": "x", "campaign": "nope.json"}]}})",
       "injection.campaigns[0].campaign"},
      {R"({"seed": -1})", "seed"},
      {R"({"distance": {"workload": {"kind": "mlp", "preset": ")" + std::string(STTVP_SOURCE_DIR) +
           R"(/configs/training/mlp-small.json", "start_step": 0, "steps": 1},
           "points": [{"name": "x", "config": ")" +
           std::string(STTVP_SOURCE_DIR) +
           R"(/configs/skylake-sram.json", "set": {"llc.wayz": 3}}],
           "definitions": [{"name": "mean"}]}, "data": ")" +
           std::string(STTVP_SOURCE_DIR) + R"(/data"})",
       "distance.points (x)"},
      // The per-bin criterion's key, replaced by the Wasserstein-1 one.
      {R"({"distance": {"workload": {"kind": "mlp", "preset": ")" + std::string(STTVP_SOURCE_DIR) +
           R"(/configs/training/mlp-small.json", "start_step": 0, "steps": 1},
           "points": [{"name": "x", "config": ")" +
           std::string(STTVP_SOURCE_DIR) + R"(/configs/skylake-sram.json"}],
           "definitions": [{"name": "mean"}],
           "quanta": {"points": ["x"], "definition": "mean", "quantum_ns": [1000, 100],
                      "tolerance_pp": 1}}})",
       "distance.quanta.tolerance_pp: replaced by tolerance_decades"},
      {"{", "line 1, column 2: malformed JSON"},
  };
  for (const auto& [text, where] : cases) {
    const std::string spec = dir.write("bad.json", text);
    const Outcome o = study(spec + " --out " + out);
    EXPECT_EQ(o.status, 2) << text << "\n" << o.err;
    EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
    EXPECT_NE(o.err.find(spec + ": " + where), std::string::npos) << o.err;
    EXPECT_FALSE(fs::exists(out)) << text;
  }
  const Outcome both = study("--quick --full --list");
  EXPECT_EQ(both.status, 2) << both.err;
}

}  // namespace
}  // namespace sttvp::test
