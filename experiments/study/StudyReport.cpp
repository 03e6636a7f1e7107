#include "experiments/study/StudyReport.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>

#include "experiments/campaign/CampaignSpec.h"
#include "experiments/jobs/Host.h"
#include "experiments/jobs/Subprocess.h"
#include "experiments/jobs/SweepProgress.h"
#include "experiments/study/Embedded.h"
#include "experiments/study/ResultCsv.h"
#include "experiments/study/ResultJson.h"
#include "experiments/sweep/SweepDir.h"
#include "generated/Version.h"
#include "platform/ResultWriter.h"

namespace sttvp {

namespace fs = std::filesystem;
using namespace study_format;

namespace {

using Section = StudyRun::Section;
const double kNan = std::numeric_limits<double>::quiet_NaN();

std::string read_text(const std::string& file) {
  std::string text;
  if (!SweepDir::read_file(file, text)) throw std::runtime_error(file + ": cannot read");
  return text;
}

ResultCsv read_csv(const std::string& file) { return ResultCsv(read_text(file), file); }
ResultJson read_json(const std::string& file) { return ResultJson(read_text(file), file); }

// What the report takes from a platform run's stats.json: time and energy per simulated
// minibatch, LLC traffic and retention faults over the whole region.
struct RunStats {
  double sim_ns, llc_dynamic, llc_refresh, llc_leakage, dram, total;  // per minibatch
  double llc_hits, llc_misses, p_error, flipped_bits;
  double llc() const { return llc_dynamic + llc_refresh + llc_leakage; }
};

RunStats run_stats(const StudyRun& r) {
  const ResultJson stats = read_json(r.dir + "/stats.json");
  const double n = static_cast<double>(r.steps);
  // Retention flips on read hits and in dirty lines written back to memory, plus the bits writes
  // and reads left wrong (write errors, read disturb).
  const double flipped = stats.number("retention.total.flipped_bits") +
                         stats.number("llc.retention.writeback_flipped_bits") +
                         stats.number("llc.retention.write_error_bits") +
                         stats.number("llc.retention.disturbed_bits");
  return {stats.number("sim_time_ns") / n,
          stats.number("energy_nj.llc_dynamic") / n,
          stats.number("energy_nj.llc_refresh") / n,
          stats.number("energy_nj.llc_leakage") / n,
          stats.number("energy_nj.dram") / n,
          stats.number("energy_nj.total") / n,
          stats.number("llc.hits"),
          stats.number("llc.misses"),
          stats.number("retention.total.p_error"),
          flipped};
}

// Where an expire or refresh policy acts, from the run's config.json and stats.json.
PolicyInterval policy_interval(const StudyRun& r) {
  PolicyInterval p;
  if (r.technology == "sram") return p;
  const std::string policy = read_json(r.dir + "/config.json").text("llc.retention.policy");
  if (policy != "expire" && policy != "refresh") return p;
  const ResultJson stats = read_json(r.dir + "/stats.json");
  p.acts = true;
  p.interval_ns = stats.number("llc.retention.interval_ns");
  p.refresh_bank_share = stats.number("llc.retention.refresh_bank_share");
  p.refresh_floor_failure = stats.number("llc.retention.refresh_floor_failure");
  return p;
}

// The performance rows of the runs of `section` (each against the `baseline` point's run of its
// workload), without the closed loop's outcome.
std::vector<PerfRow> perf_table(const std::vector<StudyRun>& runs, StudyRun::Section section,
                                const std::string& baseline_point) {
  std::map<std::string, RunStats> baseline;  // per workload
  for (const auto& r : runs)
    if (r.section == section && r.point == baseline_point) baseline[r.variant] = run_stats(r);
  std::vector<PerfRow> out;
  for (const auto& r : runs) {
    if (r.section != section) continue;
    const RunStats s = run_stats(r);
    const RunStats& b = baseline.at(r.variant);
    PerfRow row;
    row.workload = r.variant;
    row.point = r.point;
    row.technology = r.technology;
    if (r.technology != "sram") {
      const ResultJson config = read_json(r.dir + "/config.json");
      row.retention_s = TableNumber(config.number("llc.sttram.retention_s"));
      row.policy = config.text("llc.retention.policy");
    }
    row.interval = policy_interval(r);
    row.steps = r.steps;
    row.sim_ns_per_step = s.sim_ns;
    row.speedup_vs_baseline = b.sim_ns / s.sim_ns;
    row.llc_hit_rate = s.llc_hits / (s.llc_hits + s.llc_misses);
    row.llc_dynamic_nj_per_step = s.llc_dynamic;
    row.llc_refresh_nj_per_step = s.llc_refresh;
    row.llc_leakage_nj_per_step = s.llc_leakage;
    row.llc_nj_per_step = s.llc();
    row.dram_nj_per_step = s.dram;
    row.total_nj_per_step = s.total;
    row.llc_energy_vs_baseline = s.llc() / b.llc();
    row.total_energy_vs_baseline = s.total / b.total;
    row.p_error = s.p_error;
    row.flipped_bits = s.flipped_bits;
    out.push_back(row);
  }
  return out;
}

// The last epoch of a training run's train.csv.
struct TrainEnd {
  double test_accuracy, loss;
};

TrainEnd train_end(const StudyRun& r) {
  const std::string file = r.dir + "/train.csv";
  const ResultCsv csv = read_csv(file);
  if (csv.rows() == 0) throw std::runtime_error(file + ": no epochs");
  const std::size_t last = csv.rows() - 1;
  return {csv.number(last, "test_accuracy"), csv.number(last, "loss")};
}

// The distinct values of a config key over the simulated STT-RAM and hybrid runs, as "a, b".
std::string stt_config_values(const std::vector<StudyRun>& runs, const std::string& path) {
  std::set<double> values;
  for (const auto& r : runs)
    if (r.section != StudyRun::Section::Injection && r.technology != "sram")
      values.insert(read_json(r.dir + "/config.json").number(path));
  std::string out;
  for (double v : values) out += (out.empty() ? "" : ", ") + g(v);
  return out;
}

// A distance run's nominal line MTTF (no process variation) from its resolved config; none on SRAM.
std::optional<TableNumber> nominal_line_mttf_s(const StudyRun& r) {
  const ResultJson config = read_json(r.dir + "/config.json");
  if (config.text("llc.technology") == "sram") return std::nullopt;
  const bool line_failure = config.text("llc.sttram.retention_definition") == "line_failure";
  return TableNumber(line_mttf_s(config.number("llc.sttram.retention_s"), line_failure,
                                 line_failure ? config.number("llc.sttram.target_line_failure") : 0,
                                 static_cast<unsigned>(8 * config.number("line_bytes"))));
}

// The resolved LLC of a run (its config.json's `llc`) without `retention.apply_flips`, which says
// only whether sampled flips reach the data: runs with equal keys simulate the same LLC.
std::string llc_key(const StudyRun& r) {
  const std::string file = r.dir + "/config.json";
  try {
    Json llc = Json::parse(read_text(file)).at("llc");
    if (llc.contains("retention")) llc["retention"].erase("apply_flips");
    return llc.dump();
  } catch (const Json::exception& e) {
    throw std::runtime_error(file + ": llc: " + e.what());
  }
}

std::optional<TableNumber> table_number(const std::optional<double>& v) {
  if (!v) return std::nullopt;
  return TableNumber(*v);
}

// Process variation (sigma(Delta)/Delta) of each STT-RAM point of the distance section.
std::map<std::string, double> distance_variation(const std::vector<StudyRun>& runs) {
  std::map<std::string, double> out;
  for (const auto& r : runs)
    if (r.section == StudyRun::Section::Distance && r.technology != "sram" && !out.count(r.point))
      out[r.point] =
          read_json(r.dir + "/config.json").number("llc.sttram.variation_sigma_fraction");
  return out;
}

// Table I's reading: the ordering the model implies (SRAM 0, a shorter retention a higher
// p_error at every phase and definition, between points of equal process variation), as one
// sentence.
std::string ordering(const std::vector<TableIRow>& rows,
                     const std::map<std::string, double>& variation) {
  std::vector<std::string> broken;
  for (const TableIRow& t : rows) {
    for (const auto& [phase, v] : t.p_error) {
      if (!t.retention_s && v != 0) broken.push_back(t.point + " " + phase + " is not 0");
      for (const TableIRow& other : rows) {
        if (other.definition != t.definition || !other.retention_s || !t.retention_s ||
            variation.at(other.point) != variation.at(t.point))
          continue;
        const auto o = other.p_error.find(phase);
        const double vb = o != other.p_error.end() ? o->second : 0;
        if (*t.retention_s > *other.retention_s && v > vb && vb < 1)
          broken.push_back(t.point + " above " + other.point + " (" + t.definition + ", " + phase +
                           ")");
      }
    }
  }
  if (broken.empty())
    return "SRAM never fails, and at every phase and definition a shorter retention gives a "
           "higher (or equal, once saturated at 1) failure probability than a longer one with the "
           "same process variation, as the model implies.";
  std::string s;
  for (const auto& b : broken) s += (s.empty() ? "" : "; ") + b;
  return "NOT as the model implies: " + s;
}

// How much each phase's p_error grows from the longest to the shortest retention, per
// definition.
std::string growth(const std::vector<TableIRow>& rows) {
  std::set<std::string> definitions;
  for (const TableIRow& t : rows)
    if (t.retention_s) definitions.insert(t.definition);
  std::string out;
  for (const auto& def : definitions) {
    const TableIRow *lo = nullptr, *hi = nullptr;  // longest and shortest retention
    for (const TableIRow& t : rows) {
      if (t.definition != def || !t.retention_s) continue;
      if (!lo || *t.retention_s > *lo->retention_s) lo = &t;
      if (!hi || *t.retention_s < *hi->retention_s) hi = &t;
    }
    if (lo == hi) continue;
    out += " Under `" + def + "`, from " + lo->point + " to " + hi->point + " p_error grows";
    for (const char* phase : {"forward", "backward", "update"})
      if (lo->p_error.at(phase) > 0)
        out += " " + fixed(hi->p_error.at(phase) / lo->p_error.at(phase), 1) + "x (" + phase + ")";
    out += ".";
  }
  return out;
}

}  // namespace

StudyReport::StudyReport(const StudySpec& spec, const std::vector<StudyRun>& runs, std::string dir)
    : spec_(spec), runs_(runs), dir_(std::move(dir)), seconds_(runs.size(), 0) {}

void StudyReport::set_wall_seconds(double total, std::vector<double> per_run) {
  total_seconds_ = total;
  seconds_ = std::move(per_run);
}

std::vector<RetentionRow> StudyReport::table1_rows() const {
  std::vector<RetentionRow> out;
  for (const auto& r : runs_) {
    if (r.section != Section::Distance) continue;
    const ResultCsv csv = read_csv(r.dir + "/retention.csv");
    const std::optional<TableNumber> mttf = nominal_line_mttf_s(r);
    for (std::size_t i = 0; i < csv.rows(); ++i) {
      RetentionRow row;
      row.line_mttf_s = mttf;
      row.point = r.point;
      row.definition = r.variant;
      row.technology = csv.text(i, "technology");
      row.retention_s = table_number(csv.optional_number(i, "retention_s"));
      row.delta = table_number(csv.optional_number(i, "delta"));
      row.phase = csv.text(i, "phase");
      row.reads = csv.count(i, "reads");
      row.p_error = csv.number(i, "p_error");
      row.expected_failures = csv.number(i, "expected_failures");
      row.sampled_failures = csv.count(i, "sampled_failures");
      row.expired_reads = csv.count(i, "expired_reads");
      out.push_back(row);
    }
  }
  return out;
}

namespace {
// A distance run's histograms under every definition it measured: the LLC's, and the hierarchy's
// when the run had stats.hierarchy_distance on.
std::vector<DistanceRow> distance_rows(const StudyRun& r) {
  std::vector<DistanceRow> out;
  const ResultCsv llc = read_csv(r.dir + "/write_read_distance.csv");
  for (std::size_t i = 0; i < llc.rows(); ++i)
    out.push_back({r.point, r.variant, kLlcMeasure, llc.text(i, "phase"),
                   llc.number(i, "bin_lo_ns"), llc.number(i, "bin_hi_ns"), llc.count(i, "count")});
  const std::string hierarchy = r.dir + "/hierarchy_distance.csv";
  if (!fs::exists(hierarchy)) return out;
  const ResultCsv h = read_csv(hierarchy);
  for (std::size_t i = 0; i < h.rows(); ++i)
    out.push_back({r.point, r.variant, h.text(i, "definition"), h.text(i, "phase"),
                   h.number(i, "bin_lo_ns"), h.number(i, "bin_hi_ns"), h.count(i, "count")});
  return out;
}
}  // namespace

std::vector<DistanceRow> StudyReport::fig1_rows() const {
  std::vector<DistanceRow> out;
  for (const auto& r : runs_) {
    if (r.section != Section::Distance) continue;
    const std::vector<DistanceRow> rows = distance_rows(r);
    out.insert(out.end(), rows.begin(), rows.end());
  }
  return out;
}

std::vector<QuantumDistanceRow> StudyReport::quantum_rows() const {
  std::vector<QuantumDistanceRow> out;
  for (const auto& r : runs_)
    if (r.section == Section::Quantum)
      for (const DistanceRow& row : distance_rows(r)) out.push_back({r.quantum_ns, r.steps, row});
  return out;
}

std::vector<PerfRow> StudyReport::perf_rows(const std::vector<ClosedLoopRow>& closed_loop) const {
  // The closed loop's outcome per simulated LLC, from its runs without a software mitigation (a
  // performance run has none). Two groups on one LLC that disagree count as cannot train.
  std::map<std::string, ClosedLoopOutcome> by_llc;
  if (!closed_loop.empty()) {
    const std::vector<ClosedLoopSummaryRow> summary = ClosedLoopSummaryRow::of(closed_loop);
    const double fault_free = fault_free_accuracy(summary);
    for (const auto& r : runs_) {
      if (r.section != Section::ClosedLoop ||
          std::find(r.args.begin(), r.args.end(), "--mitigation") != r.args.end())
        continue;
      for (const ClosedLoopSummaryRow& s : summary) {
        if (s.point != r.point || s.mitigation != r.variant) continue;
        const ClosedLoopOutcome o = s.outcome(fault_free);
        const auto [it, added] = by_llc.emplace(llc_key(r), o);
        if (!added && it->second != o) it->second = ClosedLoopOutcome::kCannotTrain;
      }
    }
  }
  std::vector<PerfRow> out = perf_table(runs_, Section::Perf, spec_.perf.baseline);
  std::size_t i = 0;
  for (const auto& r : runs_) {
    if (r.section != Section::Perf) continue;
    PerfRow& row = out.at(i++);
    if (r.technology == "sram") {
      row.closed_loop = ClosedLoopOutcome::kNoRetentionFaults;
    } else {
      const auto it = by_llc.find(llc_key(r));
      row.closed_loop = it == by_llc.end() ? ClosedLoopOutcome::kNotRun : it->second;
    }
  }
  return out;
}

std::vector<WorkingSetRow> StudyReport::working_set_rows() const {
  const std::vector<PerfRow> perf = perf_table(runs_, Section::WorkingSet, spec_.perf.baseline);
  std::vector<WorkingSetRow> out;
  std::size_t i = 0;
  for (const auto& r : runs_) {
    if (r.section != Section::WorkingSet) continue;
    const PerfRow& p = perf.at(i++);
    WorkingSetRow row;
    row.workload = p.workload;
    row.working_set_mib = r.working_set_bytes / (1 << 20);
    row.point = p.point;
    row.technology = p.technology;
    row.llc_mib = read_json(r.dir + "/config.json").number("llc.size_bytes") / (1 << 20);
    row.steps = p.steps;
    row.sim_ns_per_step = p.sim_ns_per_step;
    row.speedup_vs_baseline = p.speedup_vs_baseline;
    row.llc_hit_rate = p.llc_hit_rate;
    row.llc_nj_per_step = p.llc_nj_per_step;
    row.total_nj_per_step = p.total_nj_per_step;
    row.llc_energy_vs_baseline = p.llc_energy_vs_baseline;
    row.total_energy_vs_baseline = p.total_energy_vs_baseline;
    out.push_back(row);
  }
  return out;
}

std::vector<IntervalSweepRow> StudyReport::interval_sweep_rows() const {
  const std::vector<ClosedLoopRow> runs = closed_loop_rows(Section::IntervalSweep);
  std::vector<IntervalSweepRow> out;
  std::size_t i = 0;
  for (const auto& r : runs_) {
    if (r.section != Section::IntervalSweep) continue;
    IntervalSweepRow row;
    row.policy = r.variant;
    row.interval_failure =
        read_json(r.dir + "/config.json").number("llc.retention.interval_failure");
    row.interval = policy_interval(r);
    row.run = runs.at(i++);
    out.push_back(row);
  }
  return out;
}

std::vector<ClosedLoopRow> StudyReport::closed_loop_rows(Section section) const {
  std::map<std::uint64_t, RunStats> baseline;  // per seed
  for (const auto& r : runs_)
    if (r.section == Section::ClosedLoop && r.point == spec_.closed_loop.baseline.name)
      baseline[r.seed] = run_stats(r);
  std::vector<ClosedLoopRow> out;
  for (const auto& r : runs_) {
    if (r.section != section) continue;
    const RunStats s = run_stats(r);
    const RunStats& b = baseline.at(r.seed);
    const TrainEnd e = train_end(r);
    ClosedLoopRow row;
    row.point = r.point;
    row.mitigation = r.variant;
    row.seed = r.seed;
    row.technology = r.technology;
    row.test_accuracy = e.test_accuracy;
    row.final_loss = e.loss;
    row.flipped_bits = s.flipped_bits;
    row.sim_ns_per_step = s.sim_ns;
    row.llc_nj_per_step = s.llc();
    row.total_nj_per_step = s.total;
    row.time_vs_baseline = s.sim_ns / b.sim_ns;
    row.energy_vs_baseline = s.total / b.total;
    out.push_back(row);
  }
  return out;
}

StudyReport::Tables StudyReport::tables() const {
  Tables t;
  if (spec_.distance.enabled) {
    t.table1 = table1_rows();
    t.fig1 = fig1_rows();
    if (spec_.distance.quanta.enabled) {
      t.quantum = quantum_rows();
      const StudySpec::Quanta& q = spec_.distance.quanta;
      t.quantum_shift =
          QuantumShiftRow::of(t.quantum, q.quantum_ns, q.tolerance_decades, q.min_reads);
    }
  }
  if (spec_.injection.enabled) t.fig2 = fig2_rows();
  if (spec_.closed_loop.enabled) t.closed_loop = closed_loop_rows(Section::ClosedLoop);
  if (spec_.closed_loop.interval_sweep.enabled) t.interval_sweep = interval_sweep_rows();
  if (spec_.perf.enabled) t.perf = perf_rows(t.closed_loop);
  if (spec_.perf.working_set.enabled) t.working_set = working_set_rows();
  return t;
}

std::string StudyReport::report_md(const Tables& t) const {
  std::ostringstream md;
  summary_section(md);
  if (spec_.distance.enabled) distance_section(md, t);
  if (spec_.injection.enabled) injection_section(md, t.fig2);
  if (spec_.perf.enabled) perf_section(md, t.perf);
  if (spec_.perf.working_set.enabled) working_set_section(md, t.working_set);
  if (spec_.closed_loop.enabled) closed_loop_section(md, t.closed_loop);
  if (spec_.closed_loop.interval_sweep.enabled) interval_sweep_section(md, t);
  runs_section(md);
  return md.str();
}

double StudyReport::fault_free_accuracy(const std::vector<ClosedLoopSummaryRow>& summary) const {
  for (const ClosedLoopSummaryRow& s : summary)
    if (s.point == spec_.closed_loop.baseline.name && s.mitigation == "none")
      return s.mean_accuracy();
  return kNan;
}

void StudyReport::summary_section(std::ostream& md) const {
  const std::string mode = spec_.mode.empty() ? "as written" : "--" + spec_.mode;
  md << "# sttvp study `" << spec_.name << "`\n\n";
  if (!spec_.description.empty()) md << spec_.description << "\n\n";
  {
    const std::time_t now = std::time(nullptr);
    char date[64];
    std::strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S UTC", std::gmtime(&now));
    md << "| item | value |\n|---|---|\n"
       << "| program | sttvp " << kVersion << " |\n"
       << "| spec | " << spec_.origin << " (" << mode << "; resolved in `study.json`) |\n"
       << "| seed | " << spec_.seed << " |\n"
       << "| data | " << spec_.data << " |\n"
       << "| finished | " << date << " |\n"
       << "| wall time | " << SweepProgress::clock(total_seconds_) << " on " << Host::cores()
       << " cores (runs finished by an earlier invocation not counted) |\n\n";
  }
  md << "Every number below comes from the runs in `runs/` (each with its `config.json`, "
        "`stats.json` and command line in `args.json`); the tables are CSV files next to this "
        "report. The same spec and seed give the same tables.\n\n";
}

void StudyReport::distance_section(std::ostream& md, const Tables& t) const {
  md << "## 1. Write-to-read distances and retention failures (the study's Figure 1 and Table "
        "I)\n\n";
  md << "The " << spec_.distance.workload.kind << " network's training region (minibatches "
     << spec_.distance.workload.start_step << " to "
     << spec_.distance.workload.start_step + spec_.distance.workload.steps
     << ") on each LLC. A distance is the simulated time from a line's fill or last write in "
        "the LLC to a read hit on it (the LLC's definition; the hierarchy's are below).\n\n"
     << "![Figure 1](fig1_write_read_distance.png)\n\n";
  // Distance summary per point (first definition, or SRAM's single run).
  std::vector<DistanceSummaryRow> summary;
  std::set<std::string> shown;
  for (const auto& r : runs_) {
    if (r.section != Section::Distance || shown.count(r.point)) continue;
    shown.insert(r.point);
    std::vector<DistanceRow> bins;
    for (const DistanceRow& row : t.fig1)
      if (row.point == r.point && row.definition == r.variant && row.measure == kLlcMeasure)
        bins.push_back(row);
    summary.push_back(DistanceSummaryRow::of(r.point, bins));
  }
  const std::vector<TableIRow> table1 = TableIRow::of(t.table1);
  md << figure1_caption(summary, table1) << "\n\n" << DistanceSummaryRow::kMarkdownHeader;
  for (const DistanceSummaryRow& s : summary) md << s.markdown() << "\n";
  md << "\nThe study found most distances between 1 and 100 ns. Here a distance is measured "
        "from the LLC's point of view: lines written back from a core's L2 and read again "
        "after they leave it, which takes at least an L2's worth of other traffic.\n\n";
  definitions_section(md, t);
  if (spec_.distance.quanta.enabled) quantum_section(md, t);

  const std::string temperatures = stt_config_values(runs_, "llc.sttram.temperature_k");
  if (!temperatures.empty())
    md << "STT-RAM conditions of these runs: operating temperature " << temperatures
       << " K (`llc.sttram.temperature_k`; each point's retention is its retention at this "
          "temperature); process variation sigma(Delta)/Delta "
       << stt_config_values(runs_, "llc.sttram.variation_sigma_fraction")
       << " (`llc.sttram.variation_sigma_fraction`, normal; the points and mitigation named "
          "`sigma0` are the reference without variation).\n\n";
  md << "Table I: probability that a read hit finds a failed bit in its line (`p_error`), per "
        "phase (`table1_retention.csv`; `update` is the optimizer step, `other` the input "
        "copy). Line MTTF: a 512-bit line's mean time to its first flip without process "
        "variation, under the row's definition. The study's numbers are for its "
        "backpropagation and forward pass.\n\n"
     << TableIRow::kMarkdownHeader;
  for (const TableIRow& row : table1) md << row.markdown() << "\n";
  md << "\nOrdering: " << ordering(table1, distance_variation(runs_))
     << "\n\nReading. The definitions (`_source` in the spec): `mean` takes the retention as "
        "τ, a bit's mean time to flip, so a 512-bit line's MTTF is τ/512; `line_failure` as "
        "the time at which a line has failed with a small probability (1e-6 in the default "
        "spec: Δ about 20 higher); `block` with probability 1 - 1/e (the line MTTF equals the "
        "retention)."
     << growth(table1) << "\n\n"
     << published_table_i_section(table1);
}

void StudyReport::definitions_section(std::ostream& md, const Tables& t) const {
  // Each point's first run (distances do not depend on the retention definition).
  std::vector<DistanceRow> first;
  std::set<std::string> shown;
  for (const auto& r : runs_) {
    if (r.section != Section::Distance || shown.count(r.point)) continue;
    shown.insert(r.point);
    for (const DistanceRow& row : t.fig1)
      if (row.point == r.point && row.definition == r.variant) first.push_back(row);
  }
  const std::vector<BandShareRow> bands = BandShareRow::of(first);
  if (std::none_of(bands.begin(), bands.end(),
                   [](const BandShareRow& b) { return b.measure != kLlcMeasure; }))
    return;  // the runs measured the LLC's distance only
  md << "Which distance can the study's figure have meant? Beside the LLC's (`" << kLlcMeasure
     << "`), the runs measured the distance from a line's last write in any core's L1D (stamped "
        "at that core's local time) to a later read that reaches the LLC "
        "(`hierarchy_write_to_llc_read`) and to any line read, an L1D hit included "
        "(`hierarchy_write_to_any_read`); every read counts from the line's last write, reads "
        "of lines not written in the region are left out (`stats.json`: "
        "`hierarchy_distance.*`). Figure 1 shows the three side by side. Share of the reads at "
        "1-100 ns, per definition and phase (`fig1_write_read_distance.csv`, column "
        "`measure`):\n\n"
     << BandShareRow::kMarkdownHeader;
  for (const BandShareRow& b : bands)
    if (b.phase == "forward" || b.phase == "backward" || b.phase == "update")
      md << b.markdown() << "\n";
  // The definition with the largest share per point, over the three training phases.
  md << "\nReading: ";
  std::string sep;
  for (const std::string& point : shown) {
    const BandShareRow* best = nullptr;
    for (const BandShareRow& b : bands)
      if (b.point == point && b.phase != "none" && b.phase != "other" &&
          (!best || b.share > best->share))
        best = &b;
    if (!best) continue;
    md << sep << point << ": the largest 1-100 ns share is " << percent(best->share) << " ("
       << best->measure << ", " << best->phase << ")";
    sep = "; ";
  }
  std::string most;
  for (const BandShareRow& b : bands)
    if (b.phase != "none" && b.phase != "other" && b.share > 0.5)
      most += (most.empty() ? "" : ", ") + b.point + " " + b.measure + " " + b.phase;
  md << ". The study's \"most distances between 1 and 100 ns\" needs a share above 50 %: "
     << (most.empty() ? "no definition and phase here gives it" : "given by " + most) << ".\n\n";
}

void StudyReport::quantum_section(std::ostream& md, const Tables& t) const {
  const StudySpec::Quanta& q = spec_.distance.quanta;
  std::ostringstream quanta;
  for (double ns : q.quantum_ns) quanta << (quanta.tellp() > 0 ? ", " : "") << g(ns) << " ns";
  md << "Figure 1 against the quantum of temporal decoupling: the same region (" << q.steps
     << " minibatches) at quanta " << quanta.str()
     << " (`distance.quanta`). Per histogram, against the one at " << g(q.quantum_ns.front())
     << " ns, the largest change of any bin's share (percentage points) and the Wasserstein-1 "
        "distance of the log10-distance distributions (W1, decades: a typical read's distance "
        "moved by a factor 10^W1; the below-1-ns bin counts as one bin spacing below 1 ns), "
        "and W1 to the next finer quantum. A quantum is converged at a point when W1 to the next "
        "finer quantum is at most "
     << g(q.tolerance_decades) << " decades for every histogram of the point with at least "
     << q.min_reads
     << " reads at both quanta; histograms with fewer reads are only in `quantum_shift.csv` "
        "(histograms in `quantum_write_read_distance.csv`).\n\n"
     << QuantumShiftRow::kMarkdownHeader;
  for (const QuantumShiftRow& row : t.quantum_shift)
    if (row.reads >= q.min_reads) md << row.markdown() << "\n";
  // Figure 1's quantum per point, from its distance run's resolved config.
  std::map<std::string, double> figure1;
  for (const auto& r : runs_)
    if (r.section == Section::Distance && !figure1.count(r.point))
      figure1[r.point] = read_json(r.dir + "/config.json").number("sim.quantum_ns");
  const std::vector<QuantumVerdictRow> verdicts = QuantumVerdictRow::of(t.quantum_shift, figure1);
  if (verdicts.empty()) return;
  md << "\nPer point, the coarsest quantum from which every finer quantum tried is converged:\n\n"
     << QuantumVerdictRow::kMarkdownHeader;
  for (const QuantumVerdictRow& v : verdicts) md << v.markdown() << "\n";
  md << "\n" << figure1_quantum_sentence(verdicts, q.tolerance_decades) << "\n\n";
}

std::string StudyReport::figure1_caption(const std::vector<DistanceSummaryRow>& summary,
                                         const std::vector<TableIRow>& table1) const {
  std::string band, far, mttf;
  for (const DistanceSummaryRow& s : summary) {
    band += (band.empty() ? "" : ", ") + s.point + " " + percent(s.shares[1]);
    far += (far.empty() ? "" : ", ") + s.point + " " + percent(s.shares[3]);
  }
  for (const TableIRow& t : table1)
    if (t.definition == "mean" && t.line_mttf_s)
      mttf += (mttf.empty() ? "" : ", ") + t.point + " " + duration(*t.line_mttf_s);
  std::string out =
      "*Figure 1.* Per training phase (rows) and distance definition (columns, when the runs "
      "measured the hierarchy's distances too: LLC write or fill to LLC read hit, L1D write to a "
      "read reaching the LLC, L1D write to any read), the share of reads at each write-to-read "
      "distance (4 bins per decade, log axis), one line per LLC; the share below 1 ns, which also "
      "holds reads stamped before their line's write, is printed in each panel's title instead. "
      "What to see: where the lines sit against the grey band, the study's 1-100 ns. Of all read "
      "hits (LLC definition), " +
      band + " lie at 1-100 ns and " + far +
      " at 10 us - 1 ms. The vertical lines mark each STT-RAM point's retention time";
  if (!mttf.empty())
    out += " and, for the `mean` definition only, a line's mean time to its first flip (" + mttf +
           "; column `line_mttf_s` of `table1_retention.csv`): without process variation, a read "
           "hit that far from its write finds a failed bit with probability 1 - 1/e = 63 %";
  return out + ".";
}

std::string StudyReport::published_table_i_section(const std::vector<TableIRow>& table1) const {
  std::ostringstream md;
  md << "The study's Table I against this model. ";
  for (const PublishedPhaseReading& p : read_published_table_i()) {
    md << "Its " << p.phase << " entry is " << g(p.p_long) << " at " << duration(p.retention_long_s)
       << " and " << g(p.p_short) << " at " << duration(p.retention_short_s) << ": ";
    if (p.consistent())
      md << "p_error grows " << fixed(p.p_short / p.p_long, 0) << "x as the retention shortens "
         << fixed(p.retention_long_s / p.retention_short_s, 0) << "x, so the "
         << duration(p.retention_short_s) << " entry needs " << fixed(p.distance_ratio, 2)
         << "x the mean distance of the " << duration(p.retention_long_s) << " entry"
         << (std::fabs(p.distance_ratio - 1) < 0.1 ? ": the same distances give both. " : ". ");
    else
      md << "p_error falls as the retention shortens. At the same distances a shorter retention "
            "can only raise p_error (a line fails with probability 1 - exp(-d / MTTF), and every "
            "definition makes the MTTF proportional to the retention), so no distance "
            "distribution gives both entries: the "
         << duration(p.retention_short_s) << " entry needs " << fixed(1 / p.distance_ratio, 0)
         << "x shorter distances than the " << duration(p.retention_long_s) << " entry. ";
  }
  // Per definition (first row of each), the MTTF a line has per second of retention.
  std::vector<std::pair<std::string, double>> definitions;
  for (const TableIRow& t : table1) {
    if (!t.retention_s || !t.line_mttf_s) continue;
    const bool seen = std::any_of(definitions.begin(), definitions.end(),
                                  [&](const auto& d) { return d.first == t.definition; });
    if (!seen) definitions.emplace_back(t.definition, *t.line_mttf_s / *t.retention_s);
  }
  if (definitions.empty()) return md.str() + "\n\n";
  md << "Per definition, the mean distance each of the study's entries needs (without process "
        "variation; p_error this small is linear in the distance, so this is the mean of any "
        "distance distribution that gives it), to set beside the distances measured above:\n\n"
     << "| definition | line MTTF / retention (ratio) |";
  for (const PublishedTableIRow& p : kPublishedTableI)
    md << " study " << duration(p.retention_s) << ": forward (ns) | study "
       << duration(p.retention_s) << ": backprop (ns) |";
  md << "\n|---|---|";
  for (std::size_t i = 0; i < std::size(kPublishedTableI); ++i) md << "---|---|";
  md << "\n";
  for (const auto& [definition, ratio] : definitions) {
    md << "| " << definition << " | " << sci(ratio) << " |";
    for (const PublishedTableIRow& p : kPublishedTableI)
      md << " " << sci(1e9 * distance_for_p_error_s(p.forward, ratio * p.retention_s)) << " | "
         << sci(1e9 * distance_for_p_error_s(p.backprop, ratio * p.retention_s)) << " |";
    md << "\n";
  }
  return md.str() + "\n";
}

std::vector<Figure2Row> StudyReport::fig2_rows() const {
  std::vector<Figure2Row> out;
  for (const auto& r : runs_) {
    if (r.section != Section::Injection) continue;
    const std::vector<Figure2Row> rows = Figure2Row::of(r.point, read_csv(r.dir + "/campaign.csv"));
    out.insert(out.end(), rows.begin(), rows.end());
  }
  return out;
}

namespace {

// A campaign's fault semantics and scale in words, from its spec.
std::string campaign_words(const StudyCampaign& c) {
  const CampaignSpec spec = CampaignSpec::load(c.file);
  const sw::TrainerConfig tc = spec.trainer_config(spec.nets.front(), spec.seeds.front());
  return sw::kFaultTimings.name(spec.timing) + std::string(" ") +
         sw::kFaultPersistences.name(spec.persistence) + " flips, bits " + spec.bits + ", p " +
         (spec.rate == sw::FaultRate::PerValue ? "per value" : "per bit") +
         (spec.forward_only ? ", forward reads only" : "") + "; " + std::to_string(tc.epochs) +
         " epochs, " + std::to_string(spec.seeds.size()) + " seed(s)";
}

}  // namespace

void StudyReport::injection_section(std::ostream& md, const std::vector<Figure2Row>& rows) const {
  const std::vector<Figure2Agreement> agreement = Figure2Agreement::of(rows);
  std::string study_layers;
  for (int l : kPublishedFigure2FailingLayers)
    study_layers += (study_layers.empty() ? "" : ", ") + std::to_string(l);

  md << "## 2. Per-layer error tolerance of LeNet-5 (the study's Figure 2) under "
     << spec_.injection.campaigns.size() << " fault semantics\n\n"
     << "Each semantics is one campaign (`fig2_semantics.csv`; details, costs and per-run results "
        "in `fig2/<semantics>/summary.md` and `campaign.csv`):\n\n";
  for (const StudyCampaign& c : spec_.injection.campaigns)
    md << "- `" << c.name << "`: `" << c.file << "`, " << campaign_words(c) << ".\n";
  md << "\n![Figure 2](fig2_layer_tolerance.png)\n\n"
     << "*Figure 2.* One panel per fault semantics: per layer whose inputs received the flips "
        "(rows) and flip probability p (columns), the mean test accuracy over the seeds (diverged "
        "runs count as 0 %; * marks a cell that fails the failure test against that campaign's "
        "own error-free baseline, diverged/runs below); outlined, the cells where the study's "
        "LeNet-5 did not learn (layers "
     << study_layers << " at " << sci(kPublishedFigure2FailingP)
     << "). What to see: in which panel the failing cells are the outlined ones and no others. "
     << figure2_verdict(agreement) << "\n\n"
     << "Agreement with the study per semantics (a cell agrees when it fails the failure test, a "
        "mean test accuracy more than "
     << fixed(100 * kFailureDrop, 0)
     << " points below the campaign's baseline, exactly where the study's LeNet-5 did not "
        "learn):\n\n"
     << Figure2Agreement::kMarkdownHeader;
  for (const Figure2Agreement& a : agreement) md << a.markdown() << "\n";

  // Per semantics, the accuracy table.
  for (const StudyCampaign& c : spec_.injection.campaigns) {
    std::set<double> ps;
    std::map<int, std::map<double, const Figure2Row*>> by_layer;
    double base = kNan;
    for (const Figure2Row& r : rows) {
      if (r.semantics != c.name) continue;
      ps.insert(r.p);
      by_layer[r.layer][r.p] = &r;
      base = r.baseline_accuracy;
    }
    md << "\n`" << c.name << "`: error-free baseline " << percent(base)
       << " mean test accuracy. Mean test accuracy per layer (diverged runs of all runs in "
          "parentheses; **bold**: fails the failure test):\n\n"
       << LayerToleranceRow::markdown_header({ps.begin(), ps.end()});
    for (const auto& [layer, cells] : by_layer) {
      LayerToleranceRow row{std::to_string(layer), {}};
      for (double p : ps) {
        LayerToleranceRow::Cell cell;
        const auto it = cells.find(p);
        if (it != cells.end()) {
          cell.mean_accuracy = it->second->mean_accuracy;
          cell.runs = it->second->runs;
          cell.diverged = it->second->diverged;
          cell.failed = it->second->failed;
        }
        row.cells.push_back(cell);
      }
      md << row.markdown() << "\n";
    }
  }
  md << "\nReading. A flip of bit 30 (the top exponent bit) of a value below 2 in magnitude "
        "multiplies it by 2^128: -1.0, the padding of layer 0's input, becomes -Inf. A layer "
        "whose backward pass reads its stored input again puts such a value into its weight "
        "gradient, and one NaN or Inf weight ends training. The semantics differ in how many "
        "such flips a run receives and which reads see them: per-bit rates give each value 32 "
        "chances per sampling, per-value rates one; flips without the exponent bits change a "
        "value by at most a factor of 2 (mantissa) or its sign; transient flips are undone after "
        "the residency's reads, so a later residency reads the right value. The study states none "
        "of these choices (docs/fault-injection.md compares them).\n\n";
}

std::string StudyReport::best_points(const std::vector<PerfRow>& rows) const {
  // Per workload, in the order the workloads appear: the fastest and the least-energy row, over
  // all rows and over the rows that train under their faults or have none.
  std::vector<std::string> workloads;
  for (const PerfRow& r : rows)
    if (std::find(workloads.begin(), workloads.end(), r.workload) == workloads.end())
      workloads.push_back(r.workload);
  const auto speed = [](const PerfRow& r) {
    return r.point + " (" + fixed(r.speedup_vs_baseline, 3) + "x the baseline's speed; " +
           phrase(r.closed_loop) + ")";
  };
  const auto energy = [](const PerfRow& r) {
    return r.point + " (" + fixed(r.total_energy_vs_baseline, 3) + "x the baseline's energy; " +
           phrase(r.closed_loop) + ")";
  };
  std::string out;
  for (const std::string& w : workloads) {
    const PerfRow *fast = nullptr, *lean = nullptr, *fast_ok = nullptr, *lean_ok = nullptr;
    for (const PerfRow& r : rows) {
      if (r.workload != w) continue;
      const bool ok = r.closed_loop == ClosedLoopOutcome::kTrains ||
                      r.closed_loop == ClosedLoopOutcome::kNoRetentionFaults;
      for (auto [best, allowed] : {std::pair{&fast, true}, std::pair{&fast_ok, ok}})
        if (allowed && (!*best || r.speedup_vs_baseline > (*best)->speedup_vs_baseline)) *best = &r;
      for (auto [best, allowed] : {std::pair{&lean, true}, std::pair{&lean_ok, ok}})
        if (allowed && (!*best || r.total_energy_vs_baseline < (*best)->total_energy_vs_baseline))
          *best = &r;
    }
    out += (out.empty() ? "" : " ") + w + ": fastest " + speed(*fast) + ", least total energy " +
           energy(*lean);
    if (fast_ok && (fast_ok != fast || lean_ok != lean))
      out += "; of the points that train under their faults or have none, fastest " +
             speed(*fast_ok) + ", least total energy " + energy(*lean_ok);
    out += ".";
  }
  return out;
}

void StudyReport::perf_section(std::ostream& md, const std::vector<PerfRow>& rows) const {
  const std::string loop = spec_.closed_loop.enabled
                               ? "the closed loop of section 4 (" + spec_.closed_loop.net +
                                     ") on the same LLC, by the study's failure test"
                               : "the closed loop, which this study did not run";
  md << "## 3. Performance and energy per design point\n\n"
     << "Training regions (per workload: minibatches after `start_step`, on 4 cores) on each "
        "LLC; per minibatch, normalised to `"
     << spec_.perf.baseline
     << "` (`perf_energy.csv`). Energy: LLC dynamic (reads, writes, fills), refresh, leakage "
        "over the simulated time, DRAM, and the total with the cores' L1D/L2 (no core logic). "
        "Whether a point trains under its own retention faults comes from "
     << loop << ": *cannot train*, *trains*, *not run closed-loop* (no closed-loop run had this "
     << "LLC), or *no retention faults* (SRAM).\n\n"
     << "![Performance and energy](perf_energy.png)\n\n"
     << "*Figure 3.* Performance and energy. Per workload, simulated time (left) and energy "
        "(right, "
        "stacked by part) per minibatch, the value printed at each bar; labels mark the points "
        "that cannot train under their faults, those not run closed-loop, and policies that "
        "changed neither time nor energy. What to see: which bars are shortest, and whether "
        "those points can train. "
     << best_points(rows) << "\n\n"
     << PerfRow::markdown_header(spec_.perf.baseline);
  for (const PerfRow& r : rows) md << r.markdown() << "\n";
  md << "\nPolicy interval: for `expire` and `refresh`, the idle time after a line's write at "
        "which the policy acts (`llc.retention.interval_failure`: a line fails within it with "
        "that probability), the share of the STT-RAM banks' time a refresh of every line per "
        "interval takes (above 1 the banks cannot sustain it), and the failure probability of a "
        "line within the shortest interval they sustain.\n\n"
     << "Reading. Every gain here is for these two networks' working sets; "
     << (spec_.perf.working_set.enabled
             ? "the working-set sweep below shows how the speed-up and the energy change with it. "
             : "this study did not run the working-set sweep (perf.working_set). ")
     << "A shorter retention shortens the write pulse and its energy, while `refresh` and `ecc` "
        "add energy and time, and `expire` turns failures into refetches. A speed or energy gain "
        "of a point that cannot train is not a gain for training.\n\n";
}

void StudyReport::working_set_section(std::ostream& md,
                                      const std::vector<WorkingSetRow>& rows) const {
  std::string widths;
  for (const auto& w : spec_.perf.working_set.workloads)
    widths += (widths.empty() ? "" : ", ") + w.name;
  md << "### Working-set sweep\n\n"
     << "The fully-connected network at several hidden widths (" << widths
     << "), each its own region of " << spec_.perf.working_set.workloads.front().steps
     << " minibatches after minibatch " << spec_.perf.working_set.workloads.front().start_step
     << " (the shorter the region, the more its cold start weighs: compare the default width "
        "with the perf table's `mlp` rows), on a few design points, per minibatch against `"
     << spec_.perf.baseline
     << "` of the same width (`working_set.csv`). Working set: the weights, one gradient buffer "
        "per share of the minibatch (4 cores) and Adam's two state vectors, in MiB (2^20 "
        "bytes).\n\n"
     << "![Working-set sweep](working_set.png)\n\n"
     << "*Figure 3b.* Speed-up (left) and total energy (right) against `" << spec_.perf.baseline
     << "` as a function of the training working set, one line per design point; the vertical "
        "lines mark the LLC capacities. What to see: where each line is above 1 (faster) or "
        "below 1 (less energy), and how that moves with the LLC capacities.\n\n"
     << WorkingSetRow::markdown_header(spec_.perf.baseline);
  for (const WorkingSetRow& r : rows) md << r.markdown() << "\n";
  md << "\nReading (from the table). " << working_set_reading(rows, spec_.perf.baseline) << "\n\n";
}

void StudyReport::interval_sweep_section(std::ostream& md, const Tables& t) const {
  const auto& sweep = spec_.closed_loop.interval_sweep;
  const std::vector<IntervalSummaryRow> summary = IntervalSummaryRow::of(t.interval_sweep);
  const double ref_acc = fault_free_accuracy(ClosedLoopSummaryRow::of(t.closed_loop));
  std::string policies;
  for (const auto& p : sweep.policies) policies += (policies.empty() ? "" : ", ") + p;
  md << "### Mitigation-interval sweep\n\n"
     << "The closed loop above on " << sweep.points.size() << " point(s) under " << policies
     << ", with the interval set by `llc.retention.interval_failure` (a line fails within the "
        "interval with that probability; the default 1e-9 is the policy's row in the table "
        "above), "
     << sweep.seeds.size() << " seed(s) (`interval_sweep.csv`).\n\n"
     << "![Interval sweep](interval_sweep.png)\n\n"
     << "*Figure 4b.* Per point (columns): time and energy per simulated minibatch against the "
        "fault-free run (top), bits flipped (middle) and test accuracy (bottom) against the "
        "policy's interval, one line per policy. What to see: the interval at which accuracy "
        "reaches the fault-free "
     << percent(ref_acc) << " and what time and energy that costs.\n\n"
     << IntervalSummaryRow::markdown_header(spec_.closed_loop.baseline.name);
  for (const IntervalSummaryRow& s : summary) md << s.markdown(ref_acc) << "\n";
  md << "\nReading (from the table and section 4's). "
     << interval_reading(summary, ClosedLoopSummaryRow::of(t.closed_loop), ref_acc) << "\n\n";
}

void StudyReport::closed_loop_section(std::ostream& md,
                                      const std::vector<ClosedLoopRow>& rows) const {
  const auto& c = spec_.closed_loop;
  const std::vector<ClosedLoopSummaryRow> summary = ClosedLoopSummaryRow::of(rows);
  const double ref_acc = fault_free_accuracy(summary);
  std::vector<std::string> trains, cannot;
  double most_flips_ok = 0, fewest_flips_bad = kNan;  // mean flipped bits over the seeds
  for (const ClosedLoopSummaryRow& s : summary) {
    if (s.point == c.baseline.name) continue;
    const double flips = s.flipped_bits / s.runs;
    const std::string name =
        s.point + "/" + s.mitigation + " (" + fixed(s.mean_energy(), 3) + "x energy)";
    if (s.outcome(ref_acc) == ClosedLoopOutcome::kTrains) {
      trains.push_back(name);
      most_flips_ok = std::max(most_flips_ok, flips);
    } else {
      cannot.push_back(name);
      if (!(flips >= fewest_flips_bad)) fewest_flips_bad = flips;
    }
  }
  const auto list = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s.empty() ? std::string("none") : s;
  };
  md << "## 4. Closed loop: training with the LLC's own retention faults\n\n"
     << c.net << " trained for " << c.epochs << " epochs; minibatches " << c.roi_start << " to "
     << c.roi_start + c.roi_steps
     << " run on the simulated platform, where every bit flip the LLC's retention model "
        "samples is applied to the tensors in memory; the rest runs natively, so the test "
        "accuracy shows whether the faults of that region broke training. `"
     << c.baseline.name
     << "` is the fault-free reference (`closed_loop.csv`; flips per tensor in each run's "
        "`flips_by_tensor.csv`). The failure test is the study's, as for Figure 2: a mean test "
        "accuracy more than "
     << fixed(100 * kFailureDrop, 0) << " points below the fault-free one.\n\n"
     << "![Closed loop](closed_loop.png)\n\n"
     << "*Figure 4.* Closed loop. Design point (rows) x mitigation (columns): median test accuracy "
        "(diverged runs count as 0 %), bits the LLC flipped (colour on a log scale), and time and "
        "energy per simulated minibatch against the fault-free run. What to see: which cells "
        "keep the fault-free accuracy ("
     << percent(ref_acc) << "), and the flips behind it: " << trains.size() << " of "
     << trains.size() + cannot.size() << " point/mitigation pairs pass the failure test";
  if (!trains.empty()) md << ", with at most " << g(most_flips_ok) << " bits flipped (mean)";
  if (!cannot.empty())
    md << "; those that fail flipped at least " << g(fewest_flips_bad) << " bits (mean)";
  md << ".\n\n" << ClosedLoopSummaryRow::markdown_header(c.baseline.name);
  for (const ClosedLoopSummaryRow& s : summary) md << s.markdown(ref_acc) << "\n";
  md << "\nReading. Pass the failure test against the fault-free accuracy (" << percent(ref_acc)
     << "): " << list(trains) << ". Cannot train: " << list(cannot)
     << ". A single flip that leaves a NaN or Inf in a weight, a gradient or the optimizer "
        "state ends training; which points survive depends on how many flips the retention "
        "definition lets through at the distances of section 1.\n\n";
}

void StudyReport::runs_section(std::ostream& md) const {
  md << "## Runs\n\n| run | config hash (FNV-1a of its config.json, hex) | wall time (s) | "
        "command |\n|---|---|---|---|\n";
  for (std::size_t i = 0; i < runs_.size(); ++i) {
    const StudyRun& r = runs_[i];
    const std::string cfg = r.dir + "/config.json";
    std::string hash = "-";
    if (r.section == Section::Injection)
      hash = StudyPlan::fnv1a(read_text(r.dir + "/campaign.json"));
    else if (fs::exists(cfg))
      hash = StudyPlan::fnv1a(read_text(cfg));
    std::string cmd = "sttvp";
    for (const auto& a : r.args) cmd += " " + a;
    md << "| `" << r.id << "` | " << hash << " | "
       << (seconds_[i] > 0 ? fixed(seconds_[i], 1) : "earlier") << " | `" << cmd << "` |\n";
  }
}

void StudyReport::write() const {
  ResultWriter files(dir_);  // file mode: each file appears whole
  Json study = Json::object();
  study["program"] = std::string("sttvp ") + kVersion;
  study["spec"] = spec_.origin;
  study["mode"] = spec_.mode;
  study["resolved"] = spec_.resolved;
  files.write("study.json", study.dump(2) + "\n");
  // Each table is built from the runs once; the report is made from the same rows.
  const Tables t = tables();
  if (spec_.distance.enabled) {
    files.write("table1_retention.csv", csv_table(t.table1));
    files.write("fig1_write_read_distance.csv", csv_table(t.fig1));
    if (spec_.distance.quanta.enabled) {
      files.write("quantum_write_read_distance.csv", csv_table(t.quantum));
      files.write("quantum_shift.csv", csv_table(t.quantum_shift));
    }
  }
  if (spec_.perf.enabled) files.write("perf_energy.csv", csv_table(t.perf));
  if (spec_.closed_loop.enabled) files.write("closed_loop.csv", csv_table(t.closed_loop));
  if (spec_.injection.enabled) files.write("fig2_semantics.csv", csv_table(t.fig2));
  if (spec_.perf.working_set.enabled) files.write("working_set.csv", csv_table(t.working_set));
  if (spec_.closed_loop.interval_sweep.enabled)
    files.write("interval_sweep.csv", csv_table(t.interval_sweep));

  // Figures: the plotting scripts are written next to the results, so they can be re-run.
  files.write("plot_style.py", embedded::plot_style_py);
  files.write("plot_study.py", embedded::plot_study_py);
  const auto python = [&](const std::vector<std::string>& args, const std::string& what) {
    std::vector<std::string> argv{"/usr/bin/python3"};  // Debian's, with matplotlib
    argv.insert(argv.end(), args.begin(), args.end());
    const Subprocess::Output o = Subprocess::capture(argv);
    if (o.status != 0)
      throw std::runtime_error("drawing " + what +
                               " failed (Debian's python3 with python3-matplotlib and "
                               "python3-markdown is needed): " +
                               o.err.substr(0, 400));
  };
  python({dir_ + "/plot_study.py", dir_}, "the study's figures");
  if (spec_.injection.enabled) {
    files.write("plot_campaign.py", embedded::plot_campaign_py);
    python({dir_ + "/plot_campaign.py", "--semantics", dir_ + "/fig2_semantics.csv", "--out",
            dir_ + "/fig2_layer_tolerance.png"},
           "Figure 2");
  }
  files.write("report.md", report_md(t));
  // The report as one page with the figures embedded, to share as a single file.
  files.write("report_html.py", embedded::report_html_py);
  python({dir_ + "/report_html.py", dir_}, "the HTML report");
}

}  // namespace sttvp
