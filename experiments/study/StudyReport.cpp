#include "experiments/study/StudyReport.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "experiments/jobs/Host.h"
#include "experiments/jobs/Subprocess.h"
#include "experiments/jobs/SweepProgress.h"
#include "experiments/study/Embedded.h"
#include "experiments/sweep/SweepDir.h"
#include "generated/Version.h"
#include "platform/ResultWriter.h"

namespace sttvp {

namespace fs = std::filesystem;

namespace {

using Section = StudyRun::Section;
const double kNan = std::numeric_limits<double>::quiet_NaN();

std::string read_text(const std::string& file) {
  std::string text;
  if (!SweepDir::read_file(file, text)) throw std::runtime_error(file + ": cannot read");
  return text;
}

struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::size_t column(const std::string& name, const std::string& file) const {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return i;
    throw std::runtime_error(file + ": no column " + name);
  }
};

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream s(line);
  std::string cell;
  while (std::getline(s, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

Csv parse_csv(const std::string& text) {
  std::stringstream in(text);
  Csv csv;
  std::string line;
  if (std::getline(in, line)) csv.header = split(line);
  while (std::getline(in, line))
    if (!line.empty()) csv.rows.push_back(split(line));
  return csv;
}

Csv read_csv(const std::string& file) { return parse_csv(read_text(file)); }

double number(const std::string& s) {
  if (s.empty()) return kNan;
  try {
    return std::stod(s);
  } catch (const std::exception&) {
    return kNan;  // "nan", "inf" parse; anything else is not a number
  }
}

// The node of a JSON document at a dotted path, or null.
const Json* find(const Json& j, const std::string& path) {
  const Json* node = &j;
  std::stringstream s(path);
  std::string key;
  while (std::getline(s, key, '.')) {
    if (!node->is_object() || !node->contains(key)) return nullptr;
    node = &(*node)[key];
  }
  return node;
}

// A number by dotted path; NaN when absent or not a number.
double at_path(const Json& j, const std::string& path) {
  const Json* node = find(j, path);
  return node && node->is_number() ? node->get<double>() : kNan;
}

// A string (or any other value, as JSON) by dotted path; empty when absent or null.
std::string text_at(const Json& j, const std::string& path) {
  const Json* node = find(j, path);
  if (!node || node->is_null()) return {};
  return node->is_string() ? node->get<std::string>() : node->dump();
}

// Numbers in tables: 6 significant digits, "nan" for what was not measured.
std::string g(double v) {
  if (std::isnan(v)) return "nan";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string fixed(double v, int digits) {
  if (std::isnan(v)) return "-";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string sci(double v) {
  if (std::isnan(v)) return "-";
  if (v == 0) return "0";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2e", v);
  return buf;
}

std::string percent(double fraction) {
  return std::isnan(fraction) ? "-" : fixed(100 * fraction, 2) + " %";
}

struct RunData {
  Json stats;
  Json config;
};

RunData load(const StudyRun& r) {
  RunData d;
  d.stats = Json::parse(read_text(r.dir + "/stats.json"));
  d.config = Json::parse(read_text(r.dir + "/config.json"));
  return d;
}

// Energy and time per simulated minibatch.
struct PerStep {
  double sim_ns, llc_dynamic, llc_refresh, llc_leakage, dram, total;
  double llc() const { return llc_dynamic + llc_refresh + llc_leakage; }
};

PerStep per_step(const Json& stats, std::uint64_t steps) {
  const double n = static_cast<double>(steps);
  return {at_path(stats, "sim_time_ns") / n,           at_path(stats, "energy_nj.llc_dynamic") / n,
          at_path(stats, "energy_nj.llc_refresh") / n, at_path(stats, "energy_nj.llc_leakage") / n,
          at_path(stats, "energy_nj.dram") / n,        at_path(stats, "energy_nj.total") / n};
}

struct TrainEnd {
  double test_accuracy = kNan, loss = kNan;
  bool diverged() const { return !std::isfinite(loss); }
};

TrainEnd train_end(const StudyRun& r) {
  const std::string file = r.dir + "/train.csv";
  const Csv csv = read_csv(file);
  if (csv.rows.empty()) throw std::runtime_error(file + ": no epochs");
  TrainEnd e;
  e.test_accuracy = number(csv.rows.back()[csv.column("test_accuracy", file)]);
  e.loss = number(csv.rows.back()[csv.column("loss", file)]);
  return e;
}

std::string retention_label(const Json& config, const std::string& technology) {
  if (technology == "sram") return "";
  return g(at_path(config, "llc.sttram.retention_s"));
}

// The distinct values of a config path over the simulated STT-RAM and hybrid runs, as "a, b".
std::string stt_config_values(const std::vector<StudyRun>& runs, const std::string& path) {
  std::set<double> values;
  for (const auto& r : runs)
    if (r.section != StudyRun::Section::Injection && r.technology != "sram")
      values.insert(at_path(load(r).config, path));
  std::string out;
  for (double v : values) out += (out.empty() ? "" : ", ") + g(v);
  return out;
}

// Study's Table I (shared/REFERENCE.md): {backpropagation, forward pass} per retention.
struct StudyTableRow {
  double retention_s, backprop, forward;
};
const StudyTableRow kStudyTable1[] = {{1.0, 0.003, 0.00002}, {0.01, 0.002, 0.002}};

}  // namespace

StudyReport::StudyReport(const StudySpec& spec, const std::vector<StudyRun>& runs, std::string dir)
    : spec_(spec), runs_(runs), dir_(std::move(dir)), seconds_(runs.size(), 0) {}

void StudyReport::set_wall_seconds(double total, std::vector<double> per_run) {
  total_seconds_ = total;
  seconds_ = std::move(per_run);
}

std::string StudyReport::table1_csv() const {
  std::string out =
      "point,definition,technology,retention_s,delta,phase,reads,p_error,expected_failures,"
      "sampled_failures,expired_reads\n";
  for (const auto& r : runs_) {
    if (r.section != Section::Distance) continue;
    const std::string file = r.dir + "/retention.csv";
    const Csv csv = read_csv(file);
    const std::vector<std::string> keep = {
        "technology",        "retention_s",      "delta",        "phase", "reads", "p_error",
        "expected_failures", "sampled_failures", "expired_reads"};
    for (const auto& row : csv.rows) {
      out += r.point + "," + r.variant;
      for (const auto& k : keep) out += "," + row[csv.column(k, file)];
      out += "\n";
    }
  }
  return out;
}

std::string StudyReport::fig1_csv() const {
  std::string out = "point,definition,phase,bin_lo_ns,bin_hi_ns,count\n";
  for (const auto& r : runs_) {
    if (r.section != Section::Distance) continue;
    const std::string file = r.dir + "/write_read_distance.csv";
    const Csv csv = read_csv(file);
    for (const auto& row : csv.rows) {
      out += r.point + "," + r.variant;
      for (const char* k : {"phase", "bin_lo_ns", "bin_hi_ns", "count"})
        out += "," + row[csv.column(k, file)];
      out += "\n";
    }
  }
  return out;
}

std::string StudyReport::perf_csv() const {
  std::string out =
      "workload,point,technology,retention_s,policy,steps,sim_ns_per_step,speedup_vs_baseline,"
      "llc_hit_rate,llc_dynamic_nj_per_step,llc_refresh_nj_per_step,llc_leakage_nj_per_step,"
      "llc_nj_per_step,dram_nj_per_step,total_nj_per_step,llc_energy_vs_baseline,"
      "total_energy_vs_baseline,p_error,flipped_bits\n";
  std::map<std::string, PerStep> baseline;  // per workload
  for (const auto& r : runs_)
    if (r.section == Section::Perf && r.point == spec_.perf.baseline)
      baseline[r.variant] = per_step(load(r).stats, r.steps);
  for (const auto& r : runs_) {
    if (r.section != Section::Perf) continue;
    const RunData d = load(r);
    const PerStep s = per_step(d.stats, r.steps);
    const PerStep& b = baseline.at(r.variant);
    const double hits = at_path(d.stats, "llc.hits");
    const double requests = hits + at_path(d.stats, "llc.misses");
    const std::string policy =
        r.technology == "sram" ? "" : text_at(d.config, "llc.retention.policy");
    out += r.variant + "," + r.point + "," + r.technology + "," +
           retention_label(d.config, r.technology) + "," + policy + "," + std::to_string(r.steps) +
           "," + g(s.sim_ns) + "," + g(b.sim_ns / s.sim_ns) + "," + g(hits / requests) + "," +
           g(s.llc_dynamic) + "," + g(s.llc_refresh) + "," + g(s.llc_leakage) + "," + g(s.llc()) +
           "," + g(s.dram) + "," + g(s.total) + "," + g(s.llc() / b.llc()) + "," +
           g(s.total / b.total) + "," + g(at_path(d.stats, "retention.total.p_error")) + "," +
           g(at_path(d.stats, "retention.total.flipped_bits")) + "\n";
  }
  return out;
}

std::string StudyReport::closed_loop_csv() const {
  std::string out =
      "point,mitigation,seed,technology,test_accuracy,final_loss,diverged,flipped_bits,"
      "sim_ns_per_step,llc_nj_per_step,total_nj_per_step,time_vs_baseline,energy_vs_baseline\n";
  std::map<std::uint64_t, PerStep> baseline;  // per seed
  for (const auto& r : runs_)
    if (r.section == Section::ClosedLoop && r.point == spec_.closed_loop.baseline.name)
      baseline[r.seed] = per_step(load(r).stats, r.steps);
  for (const auto& r : runs_) {
    if (r.section != Section::ClosedLoop) continue;
    const RunData d = load(r);
    const PerStep s = per_step(d.stats, r.steps);
    const PerStep& b = baseline.at(r.seed);
    const TrainEnd e = train_end(r);
    out += r.point + "," + r.variant + "," + std::to_string(r.seed) + "," + r.technology + "," +
           g(e.test_accuracy) + "," + g(e.loss) + "," + (e.diverged() ? "1" : "0") + "," +
           g(at_path(d.stats, "retention.total.flipped_bits")) + "," + g(s.sim_ns) + "," +
           g(s.llc()) + "," + g(s.total) + "," + g(s.sim_ns / b.sim_ns) + "," +
           g(s.total / b.total) + "\n";
  }
  return out;
}

StudyReport::Tables StudyReport::tables() const {
  Tables t;
  if (spec_.distance.enabled) {
    t.table1 = table1_csv();
    t.fig1 = fig1_csv();
  }
  if (spec_.perf.enabled) t.perf = perf_csv();
  if (spec_.closed_loop.enabled) t.closed_loop = closed_loop_csv();
  return t;
}

std::string StudyReport::report_md(const Tables& t) const {
  std::ostringstream md;
  const std::string mode = spec_.mode.empty() ? "as written" : "--" + spec_.mode;
  md << "# sttvp study `" << spec_.name << "`\n\n";
  if (!spec_.description.empty()) md << spec_.description << "\n\n";
  {
    const std::time_t now = std::time(nullptr);
    char date[64];
    std::strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S UTC", std::gmtime(&now));
    md << "| | |\n|---|---|\n"
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

  // ---- Figure 1 and Table I
  if (spec_.distance.enabled) {
    md << "## 1. Write-to-read distances and retention failures (the study's Figure 1 and Table "
          "I)\n\n";
    md << "The " << spec_.distance.workload.kind << " network's training region (minibatches "
       << spec_.distance.workload.start_step << " to "
       << spec_.distance.workload.start_step + spec_.distance.workload.steps
       << ") on each LLC. A distance is the simulated time from a line's fill or last write in "
          "the LLC to a read hit on it.\n\n"
       << "![Figure 1](fig1_write_read_distance.png)\n\n";
    // Distance summary per point (first definition, or SRAM's single run).
    const Csv fig1 = parse_csv(t.fig1);
    md << "| point | read hits | below 1 ns | 1 ns - 100 ns | 100 ns - 10 us | 10 us - 1 ms | "
          "above 1 ms | median bin |\n|---|---|---|---|---|---|---|---|\n";
    std::set<std::string> shown;
    for (const auto& r : runs_) {
      if (r.section != Section::Distance || shown.count(r.point)) continue;
      shown.insert(r.point);
      std::vector<std::pair<double, double>> bins;  // (lo, count) over every phase
      double total = 0;
      for (const auto& row : fig1.rows)
        if (row[0] == r.point && row[1] == r.variant) {
          bins.emplace_back(number(row[3]), number(row[5]));
          total += number(row[5]);
        }
      std::sort(bins.begin(), bins.end());
      const auto share = [&](double lo, double hi) {
        double n = 0;
        for (const auto& [b, c] : bins) n += b >= lo && b < hi ? c : 0;
        return total > 0 ? n / total : kNan;
      };
      double cum = 0, median = kNan;
      for (const auto& [b, c] : bins) {
        cum += c;
        if (cum >= total / 2 && std::isnan(median)) median = b;
      }
      md << "| " << r.point << " | " << g(total) << " | " << percent(share(0, 1)) << " | "
         << percent(share(1, 100)) << " | " << percent(share(100, 1e4)) << " | "
         << percent(share(1e4, 1e6)) << " | " << percent(share(1e6, 1e300)) << " | from "
         << g(median) << " ns |\n";
    }
    md << "\nThe study found most distances between 1 and 100 ns. Here a distance is measured "
          "from the LLC's point of view: lines written back from a core's L2 and read again "
          "after they leave it, which takes at least an L2's worth of other traffic.\n\n";

    // Table I pivot.
    std::map<std::pair<std::string, std::string>, std::map<std::string, double>> p;
    std::map<std::pair<std::string, std::string>, std::string> delta, retention;
    std::vector<std::pair<std::string, std::string>> order;
    for (const auto& c : parse_csv(t.table1).rows) {
      const auto key = std::make_pair(c[0], c[1]);
      if (!p.count(key)) order.push_back(key);
      p[key][c[5]] = number(c[7]);
      delta[key] = c[4];
      retention[key] = c[3];
    }
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
          "copy). The study's numbers are for its backpropagation and forward pass.\n\n"
       << "| point | definition | retention | Δ | forward | backward | update | study: "
          "forward | study: backprop |\n|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& key : order) {
      std::string sf = "", sb = "";
      for (const auto& row : kStudyTable1)
        if (!retention[key].empty() &&
            std::fabs(number(retention[key]) - row.retention_s) < 1e-9 * row.retention_s) {
          sf = sci(row.forward);
          sb = sci(row.backprop);
        }
      if (retention[key].empty()) sf = sb = "0";
      md << "| " << key.first << " | " << key.second << " | "
         << (retention[key].empty() ? "-" : retention[key] + " s") << " | "
         << (delta[key].empty() ? "-" : fixed(number(delta[key]), 2)) << " | "
         << sci(p[key]["forward"]) << " | " << sci(p[key]["backward"]) << " | "
         << sci(p[key]["update"]) << " | " << sf << " | " << sb << " |\n";
    }
    // The ordering the model implies: SRAM 0, lower retention higher p_error.
    std::vector<std::string> broken;
    for (const auto& key : order) {
      for (const auto& [phase, v] : p[key]) {
        if (retention[key].empty() && v != 0)
          broken.push_back(key.first + " " + phase + " is not 0");
        for (const auto& other : order) {
          if (other.second != key.second || retention[other].empty() || retention[key].empty())
            continue;
          const double a = number(retention[key]), b = number(retention[other]);
          const double va = v, vb = p[other][phase];
          if (a > b && va > vb && vb < 1)
            broken.push_back(key.first + " above " + other.first + " (" + key.second + ", " +
                             phase + ")");
        }
      }
    }
    md << "\nOrdering: "
       << (broken.empty()
               ? "SRAM never fails, and at every phase and definition a shorter retention gives "
                 "a higher (or equal, once saturated at 1) failure probability, as the model "
                 "implies."
               : "NOT as the model implies: " +
                     [&] {
                       std::string s;
                       for (const auto& b : broken) s += (s.empty() ? "" : "; ") + b;
                       return s;
                     }())
       << "\n\nReading. The definitions (`_source` in the spec): `mean` takes the retention as "
          "τ, a bit's mean time to flip, so a 512-bit line fails after about τ/512; "
          "`line_failure` as the time at which a line has failed with a small probability "
          "(1e-6 in the default spec: Δ about 20 higher); `block` with probability 1 - 1/e "
          "(the line's own mean time to failure).";
    // Which definition comes closest to the study's numbers (log distance over both phases),
    // and how much each phase's p_error grows from the longer to the shorter retention.
    for (const auto& row : kStudyTable1) {
      std::string best;
      double best_d = 1e300;
      for (const auto& key : order) {
        if (retention[key].empty() ||
            std::fabs(number(retention[key]) - row.retention_s) > 1e-9 * row.retention_s)
          continue;
        const double f = p[key]["forward"], b = p[key]["backward"];
        if (!(f > 0 && b > 0)) continue;
        const double d =
            std::fabs(std::log10(f / row.forward)) + std::fabs(std::log10(b / row.backprop));
        if (d < best_d) {
          best_d = d;
          best = key.first + " under `" + key.second + "`";
        }
      }
      if (!best.empty())
        md << " Closest to the study's " << g(row.retention_s) << " s row: " << best << " ("
           << fixed(best_d, 1) << " decades off over forward and backward).";
    }
    std::set<std::string> definitions;
    for (const auto& key : order)
      if (!retention[key].empty()) definitions.insert(key.second);
    for (const auto& def : definitions) {
      std::pair<std::string, std::string> lo, hi;  // longest and shortest retention
      for (const auto& key : order) {
        if (key.second != def || retention[key].empty()) continue;
        if (lo.first.empty() || number(retention[key]) > number(retention[lo])) lo = key;
        if (hi.first.empty() || number(retention[key]) < number(retention[hi])) hi = key;
      }
      if (lo == hi) continue;
      md << " Under `" << def << "`, from " << lo.first << " to " << hi.first << " p_error grows";
      for (const char* phase : {"forward", "backward", "update"})
        if (p[lo][phase] > 0)
          md << " " << fixed(p[hi][phase] / p[lo][phase], 1) << "x (" << phase << ")";
      md << ".";
    }
    md << " The study saw the forward pass grow about 100x from 1 s to 10 ms and "
          "backpropagation barely change; here every phase scales alike (until p_error "
          "saturates at 1), since p_error follows the distances, which the private caches "
          "set.\n\n";
  }

  // ---- Figure 2
  if (spec_.injection.enabled) {
    md << "## 2. Per-layer error tolerance of LeNet-5 (the study's Figure 2)\n\n"
       << "Campaign `" << spec_.injection.campaign
       << "` (details, costs and per-run results in `fig2/summary.md`, `fig2/campaign.csv`).\n\n"
       << "![Figure 2](fig2_layer_tolerance.png)\n\n";
    const std::string file = dir_ + "/fig2/campaign.csv";
    const Csv csv = read_csv(file);
    const std::size_t cl = csv.column("layer", file), cp = csv.column("p", file),
                      ca = csv.column("test_accuracy", file), cd = csv.column("diverged", file),
                      cm = csv.column("mitigation", file);
    double base_sum = 0;
    int base_n = 0;
    std::map<std::string, std::map<double, std::pair<double, int>>> acc;  // layer -> p -> sum, n
    std::map<std::string, std::map<double, int>> diverged;
    std::set<double> ps;
    for (const auto& row : csv.rows) {
      if (row[cm] != "none") continue;
      const double a = number(row[ca]);
      if (row[cl] == "none") {
        base_sum += a;
        ++base_n;
        continue;
      }
      const double pv = number(row[cp]);
      ps.insert(pv);
      acc[row[cl]][pv].first += a;
      acc[row[cl]][pv].second += 1;
      diverged[row[cl]][pv] += row[cd] == "1" ? 1 : 0;
    }
    const double base = base_n ? base_sum / base_n : kNan;
    md << "Error-free baseline: " << percent(base) << " mean test accuracy over " << base_n
       << " seeds. Mean test accuracy per layer whose inputs received the flips (diverged runs "
          "in parentheses; **bold**: more than 5 points below the baseline):\n\n| layer |";
    for (double pv : ps) md << " p = " << sci(pv) << " |";
    md << "\n|---|";
    for (std::size_t i = 0; i < ps.size(); ++i) md << "---|";
    md << "\n";
    std::vector<std::pair<int, std::string>> layers;
    for (const auto& [l, _] : acc) layers.emplace_back(std::stoi(l), l);
    std::sort(layers.begin(), layers.end());
    std::map<double, std::vector<int>> failing;
    for (const auto& [li, l] : layers) {
      md << "| " << l << " |";
      for (double pv : ps) {
        const auto& [sum, n] = acc[l][pv];
        const double mean = n ? sum / n : kNan;
        const bool fail = mean < base - 0.05;
        if (fail) failing[pv].push_back(li);
        md << " " << (fail ? "**" : "") << percent(mean) << (fail ? "**" : "") << " ("
           << diverged[l][pv] << "/" << n << ") |";
      }
      md << "\n";
    }
    md << "\nLayers that failed here: ";
    for (double pv : ps) {
      md << "at " << sci(pv) << ": ";
      std::string s;
      for (int l : failing[pv]) s += (s.empty() ? "" : ", ") + std::to_string(l);
      md << (s.empty() ? "none" : s) << "; ";
    }
    md << "the study: layers 0, 1, 2 and 10, at 1e-5 only.\n\n"
       << "Reading. A flip of bit 30 (the top exponent bit) of a value below 2 in magnitude "
          "multiplies it by 2^128: -1.0, the padding of layer 0's input, becomes -Inf. With "
          "persistent flips in a layer's stored input, its backward pass puts that value into "
          "its weight gradient, and one such flip anywhere in training turns the weights NaN. "
          "That is why far more layers fail here, and at lower rates, than in the study, whose "
          "fault semantics (which bits, how often, whether the backward pass saw them) are not "
          "stated; README 'Fault injection' compares the semantics.\n\n";
  }

  // ---- Performance and energy
  if (spec_.perf.enabled) {
    md << "## 3. Performance and energy per design point\n\n"
       << "Training regions (per workload: minibatches after `start_step`, on 4 cores) on each "
          "LLC; per minibatch, normalised to `"
       << spec_.perf.baseline
       << "` (`perf_energy.csv`). Energy: LLC dynamic (reads, writes, fills), refresh, leakage "
          "over the simulated time, DRAM, and the total with the cores' L1D/L2.\n\n"
       << "![Performance and energy](perf_energy.png)\n\n"
       << "| workload | point | time/step | speed-up | LLC hits | LLC energy/step | of which "
          "leakage | total energy/step | LLC energy | total energy | p_error |\n"
       << "|---|---|---|---|---|---|---|---|---|---|---|\n";
    std::map<std::string, std::pair<std::string, double>> best_speed, best_energy;
    for (const auto& c : parse_csv(t.perf).rows) {
      const double speed = number(c[7]), energy = number(c[16]);
      md << "| " << c[0] << " | " << c[1] << " | " << fixed(number(c[6]) / 1000, 1) << " us | "
         << fixed(speed, 3) << "x | " << percent(number(c[8])) << " | "
         << fixed(number(c[12]) / 1000, 1) << " uJ | " << fixed(number(c[11]) / 1000, 1) << " uJ | "
         << fixed(number(c[14]) / 1000, 1) << " uJ | " << fixed(number(c[15]), 3) << "x | "
         << fixed(energy, 3) << "x | " << sci(number(c[17])) << " |\n";
      if (!best_speed.count(c[0]) || speed > best_speed[c[0]].second)
        best_speed[c[0]] = {c[1], speed};
      if (!best_energy.count(c[0]) || energy < best_energy[c[0]].second)
        best_energy[c[0]] = {c[1], energy};
    }
    md << "\nReading. ";
    for (const auto& [w, b] : best_speed)
      md << w << ": fastest " << b.first << " (" << fixed(b.second, 3) << "x the baseline's "
         << "speed), least total energy " << best_energy[w].first << " ("
         << fixed(best_energy[w].second, 3) << "x). ";
    md << "The same-area STT-RAM LLC holds four times the capacity, so a working set above 8 MB "
          "(the fully-connected network's weights, gradients and optimizer state) misses far "
          "less; a shorter retention shortens the write pulse and its energy, while `refresh` "
          "and `ecc` add energy and time, and `expire` turns failures into refetches.\n\n";
  }

  // ---- Closed loop
  if (spec_.closed_loop.enabled) {
    const auto& c = spec_.closed_loop;
    md << "## 4. Closed loop: training with the LLC's own retention faults\n\n"
       << c.net << " trained for " << c.epochs << " epochs; minibatches " << c.roi_start << " to "
       << c.roi_start + c.roi_steps
       << " run on the simulated platform, where every bit flip the LLC's retention model "
          "samples is applied to the tensors in memory; the rest runs natively, so the test "
          "accuracy shows whether the faults of that region broke training. `"
       << c.baseline.name
       << "` is the fault-free reference (`closed_loop.csv`; flips per tensor in each run's "
          "`flips_by_tensor.csv`).\n\n"
       << "![Closed loop](closed_loop.png)\n\n"
       << "| point | mitigation | test accuracy (mean) | diverged | bits flipped (mean) | "
          "time/step vs "
       << c.baseline.name << " | energy/step vs " << c.baseline.name
       << " |\n|---|---|---|---|---|---|---|\n";
    struct Agg {
      double acc = 0, flips = 0, time = 0, energy = 0;
      int n = 0, diverged = 0;
    };
    std::map<std::pair<std::string, std::string>, Agg> agg;
    std::vector<std::pair<std::string, std::string>> order;
    for (const auto& v : parse_csv(t.closed_loop).rows) {
      const auto key = std::make_pair(v[0], v[1]);
      if (!agg.count(key)) order.push_back(key);
      Agg& a = agg[key];
      a.acc += number(v[4]);
      a.flips += number(v[7]);
      a.time += number(v[11]);
      a.energy += number(v[12]);
      a.diverged += v[6] == "1" ? 1 : 0;
      ++a.n;
    }
    const Agg& ref = agg[{c.baseline.name, "none"}];
    const double ref_acc = ref.n ? ref.acc / ref.n : kNan;
    std::vector<std::string> recovered, lost;
    for (const auto& key : order) {
      const Agg& a = agg[key];
      const double mean = a.acc / a.n;
      md << "| " << key.first << " | " << key.second << " | " << percent(mean) << " | "
         << a.diverged << "/" << a.n << " | " << g(a.flips / a.n) << " | " << fixed(a.time / a.n, 3)
         << "x | " << fixed(a.energy / a.n, 3) << "x |\n";
      if (key.first == c.baseline.name) continue;
      (mean >= ref_acc - 0.01 ? recovered : lost)
          .push_back(key.first + "/" + key.second + " (" + fixed(a.energy / a.n, 3) + "x energy)");
    }
    const auto list = [](const std::vector<std::string>& v) {
      std::string s;
      for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
      return s.empty() ? std::string("none") : s;
    };
    md << "\nReading. Within one point of the fault-free accuracy (" << percent(ref_acc)
       << "): " << list(recovered) << ". Below it: " << list(lost)
       << ". A single flip that leaves a NaN or Inf in a weight, a gradient or the optimizer "
          "state ends training; which points survive depends on how many flips the retention "
          "definition lets through at the distances of section 1.\n\n";
  }

  // ---- Runs
  md << "## Runs\n\n| run | config hash (FNV-1a of its config.json) | wall time | command |\n"
        "|---|---|---|---|\n";
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
       << (seconds_[i] > 0 ? fixed(seconds_[i], 1) + " s" : "earlier") << " | `" << cmd << "` |\n";
  }
  return md.str();
}

void StudyReport::write() const {
  ResultWriter files(dir_);  // file mode: each file appears whole
  Json study = Json::object();
  study["program"] = std::string("sttvp ") + kVersion;
  study["spec"] = spec_.origin;
  study["mode"] = spec_.mode;
  study["resolved"] = spec_.resolved;
  files.write("study.json", study.dump(2) + "\n");
  // Each table is read from the runs once; the report is made from the same text.
  const Tables t = tables();
  if (spec_.distance.enabled) {
    files.write("table1_retention.csv", t.table1);
    files.write("fig1_write_read_distance.csv", t.fig1);
  }
  if (spec_.perf.enabled) files.write("perf_energy.csv", t.perf);
  if (spec_.closed_loop.enabled) files.write("closed_loop.csv", t.closed_loop);

  // Figures: the plotting scripts are written next to the results, so they can be re-run.
  files.write("plot_study.py", embedded::plot_study_py);
  const auto python = [&](const std::vector<std::string>& args, const std::string& what) {
    std::vector<std::string> argv{"/usr/bin/python3"};  // Debian's, with matplotlib
    argv.insert(argv.end(), args.begin(), args.end());
    const Subprocess::Output o = Subprocess::capture(argv);
    if (o.status != 0)
      throw std::runtime_error("plotting " + what +
                               " failed (python3 with matplotlib, from "
                               "Debian's python3-matplotlib, is needed): " +
                               o.err.substr(0, 400));
  };
  python({dir_ + "/plot_study.py", dir_}, "the study's figures");
  if (spec_.injection.enabled) {
    files.write("plot_campaign.py", embedded::plot_campaign_py);
    python({dir_ + "/plot_campaign.py", dir_ + "/fig2"}, "Figure 2");
    std::error_code ec;
    fs::copy_file(dir_ + "/fig2/fig2_layer_tolerance.png", dir_ + "/fig2_layer_tolerance.png",
                  fs::copy_options::overwrite_existing, ec);
    if (ec) throw std::runtime_error(dir_ + "/fig2_layer_tolerance.png: " + ec.message());
  }
  files.write("report.md", report_md(t));
}

}  // namespace sttvp
