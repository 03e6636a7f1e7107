#include "experiments/study/StudyTables.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <map>
#include <set>
#include <stdexcept>
#include <utility>

namespace sttvp {

namespace study_format {

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

std::string duration(double seconds) {
  if (std::isnan(seconds)) return "-";
  for (const auto& [factor, unit] :
       {std::pair{1.0, "s"}, std::pair{1e-3, "ms"}, std::pair{1e-6, "us"}, std::pair{1e-9, "ns"}}) {
    if (std::fabs(seconds) >= factor || factor == 1e-9) {
      char buf[48];
      std::snprintf(buf, sizeof buf, "%.3g %s", seconds / factor, unit);
      return buf;
    }
  }
  return "-";  // not reached: the last unit takes every value
}

}  // namespace study_format

using namespace study_format;

namespace {

const double kNan = std::numeric_limits<double>::quiet_NaN();

std::string optional_g(const std::optional<TableNumber>& v) { return v ? g(*v) : ""; }

// The group in `groups` that `same` picks, appended by `make` when there is none yet (groups stay
// in the order they first appear).
template <typename Group, typename Same, typename Make>
Group& group_of(std::vector<Group>& groups, Same same, Make make) {
  const auto it = std::find_if(groups.begin(), groups.end(), same);
  if (it != groups.end()) return *it;
  groups.push_back(make());
  return groups.back();
}

// Per ClosedLoopOutcome, in its order: the CSV token and the report's phrase.
const std::pair<const char*, const char*> kOutcomeNames[] = {{"no_faults", "no retention faults"},
                                                             {"trains", "trains"},
                                                             {"cannot_train", "cannot train"},
                                                             {"not_run", "not run closed-loop"}};
}  // namespace

std::string csv_token(ClosedLoopOutcome o) { return kOutcomeNames[static_cast<int>(o)].first; }

std::string phrase(ClosedLoopOutcome o) { return kOutcomeNames[static_cast<int>(o)].second; }

double line_mttf_s(double retention_s, bool line_failure_definition, double target_line_failure,
                   unsigned bits_per_line) {
  return line_failure_definition ? retention_s / -std::log1p(-target_line_failure)
                                 : retention_s / bits_per_line;
}

double distance_for_p_error_s(double p_error, double line_mttf_s) {
  return -std::log1p(-p_error) * line_mttf_s;
}

double mlp_working_set_bytes(const std::vector<std::size_t>& layers, unsigned shares,
                             unsigned optimizer_states) {
  double params = 0;
  for (std::size_t i = 1; i < layers.size(); ++i)
    params += static_cast<double>(layers[i - 1] * layers[i] + layers[i]);  // weights and biases
  return params * sizeof(float) * (1.0 + shares + optimizer_states);
}

std::vector<PublishedPhaseReading> read_published_table_i() {
  const PublishedTableIRow* lo = &kPublishedTableI[0];  // longest and shortest retention
  const PublishedTableIRow* hi = lo;
  for (const PublishedTableIRow& r : kPublishedTableI) {
    if (r.retention_s > lo->retention_s) lo = &r;
    if (r.retention_s < hi->retention_s) hi = &r;
  }
  std::vector<PublishedPhaseReading> out;
  for (const auto& [phase, field] : {std::pair{"forward", &PublishedTableIRow::forward},
                                     std::pair{"backpropagation", &PublishedTableIRow::backprop}}) {
    const double pl = lo->*field, ps = hi->*field;
    out.push_back({phase, lo->retention_s, hi->retention_s, pl, ps,
                   distance_for_p_error_s(ps, hi->retention_s) /
                       distance_for_p_error_s(pl, lo->retention_s)});
  }
  return out;
}

TableNumber::TableNumber(double v) : v_(std::isnan(v) ? v : std::strtod(g(v).c_str(), nullptr)) {}

std::string RetentionRow::csv() const {
  return point + "," + definition + "," + technology + "," + optional_g(retention_s) + "," +
         optional_g(delta) + "," + optional_g(line_mttf_s) + "," + phase + "," +
         std::to_string(reads) + "," + g(p_error) + "," + g(expected_failures) + "," +
         std::to_string(sampled_failures) + "," + std::to_string(expired_reads);
}

std::string DistanceRow::csv() const {
  return point + "," + definition + "," + measure + "," + phase + "," + g(bin_lo_ns) + "," +
         g(bin_hi_ns) + "," + std::to_string(count);
}

double band_share(const std::vector<DistanceRow>& bins) {
  std::uint64_t in = 0, all = 0;
  for (const DistanceRow& r : bins) {
    all += r.count;
    if (r.bin_lo_ns >= kStudyBandNs[0] && r.bin_lo_ns < kStudyBandNs[1]) in += r.count;
  }
  return all ? static_cast<double>(in) / static_cast<double>(all) : kNan;
}

std::string QuantumDistanceRow::csv() const {
  return bin.point + "," + bin.definition + "," + g(quantum_ns) + "," + std::to_string(steps) +
         "," + bin.measure + "," + bin.phase + "," + g(bin.bin_lo_ns) + "," + g(bin.bin_hi_ns) +
         "," + std::to_string(bin.count);
}

double wasserstein1_decades(const std::vector<DistanceRow>& a, const std::vector<DistanceRow>& b) {
  if (a.size() != b.size()) throw std::invalid_argument("histograms with different bins");
  std::uint64_t na = 0, nb = 0;
  std::size_t log_bins = 0;
  double lo = kNan, hi = kNan;  // the span of the log-spaced bins
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].bin_lo_ns != b[i].bin_lo_ns || a[i].bin_hi_ns != b[i].bin_hi_ns)
      throw std::invalid_argument("histograms with different bin edges");
    na += a[i].count;
    nb += b[i].count;
    if (a[i].bin_lo_ns > 0 && std::isfinite(a[i].bin_hi_ns)) {
      if (log_bins == 0) lo = a[i].bin_lo_ns;
      hi = a[i].bin_hi_ns;
      ++log_bins;
    }
  }
  if (log_bins == 0) throw std::invalid_argument("histograms without log-spaced bins");
  const double spacing = std::log10(hi / lo) / static_cast<double>(log_bins);
  for (const DistanceRow& r : a)
    if (r.bin_lo_ns > 0 && std::isfinite(r.bin_hi_ns) &&
        std::fabs(std::log10(r.bin_hi_ns / r.bin_lo_ns) - spacing) > 1e-3 * spacing)
      throw std::invalid_argument("histogram bins not evenly log-spaced");
  if (na == 0 || nb == 0) return kNan;
  // On a 1-D axis the earth mover's distance is the area between the two CDFs; the CDFs step only
  // at bin boundaries, one spacing apart.
  double ca = 0, cb = 0, area = 0;
  for (std::size_t i = 0; i + 1 < a.size(); ++i) {
    ca += static_cast<double>(a[i].count) / static_cast<double>(na);
    cb += static_cast<double>(b[i].count) / static_cast<double>(nb);
    area += std::fabs(ca - cb);
  }
  return area * spacing;
}

std::vector<QuantumShiftRow> QuantumShiftRow::of(const std::vector<QuantumDistanceRow>& rows,
                                                 const std::vector<double>& quanta_ns,
                                                 double tolerance_decades,
                                                 std::uint64_t min_reads) {
  // The histograms, each a (point, measure, phase, quantum) with its bins in row order.
  struct Histogram {
    std::string point, measure, phase;
    double quantum_ns;
    std::vector<DistanceRow> bins;
    std::uint64_t reads = 0;
  };
  std::vector<Histogram> histograms;
  for (const QuantumDistanceRow& r : rows) {
    Histogram& h = group_of(
        histograms,
        [&](const Histogram& e) {
          return e.point == r.bin.point && e.measure == r.bin.measure && e.phase == r.bin.phase &&
                 e.quantum_ns == r.quantum_ns;
        },
        [&] { return Histogram{r.bin.point, r.bin.measure, r.bin.phase, r.quantum_ns, {}, 0}; });
    h.bins.push_back(r.bin);
    h.reads += r.bin.count;
  }
  const auto share = [](const Histogram& h, std::size_t i) {
    return static_cast<double>(h.bins[i].count) / static_cast<double>(h.reads);
  };
  const auto at = [&](const Histogram& ref, double quantum) -> const Histogram* {
    for (const Histogram& h : histograms)
      if (h.point == ref.point && h.measure == ref.measure && h.phase == ref.phase &&
          h.quantum_ns == TableNumber(quantum) && h.reads > 0 && h.bins.size() == ref.bins.size())
        return &h;
    return nullptr;
  };
  std::vector<QuantumShiftRow> out;
  // Per point and quantum: whether a histogram counted, and whether one moved too far.
  std::map<std::pair<std::string, double>, std::pair<bool, bool>> verdict;
  for (const Histogram& ref : histograms) {
    if (ref.quantum_ns != TableNumber(quanta_ns.front()) || ref.reads == 0) continue;
    std::vector<const Histogram*> series;
    for (double q : quanta_ns) series.push_back(at(ref, q));
    if (std::find(series.begin(), series.end(), nullptr) != series.end()) continue;
    for (std::size_t k = 0; k < series.size(); ++k) {
      const Histogram& h = *series[k];
      double shift = 0;
      for (std::size_t i = 0; i < h.bins.size(); ++i)
        shift = std::max(shift, 100 * std::fabs(share(h, i) - share(ref, i)));
      QuantumShiftRow row{h.point,
                          h.measure,
                          h.phase,
                          h.quantum_ns,
                          ref.quantum_ns,
                          h.reads,
                          sttvp::band_share(h.bins),
                          shift,
                          wasserstein1_decades(ref.bins, h.bins)};
      row.within_tolerance = row.w1_decades <= tolerance_decades;  // as the CSV gives it
      if (k + 1 < series.size()) {
        const Histogram& finer = *series[k + 1];
        row.w1_next_decades = TableNumber(wasserstein1_decades(h.bins, finer.bins));
        if (h.reads >= min_reads && finer.reads >= min_reads) {
          auto& v = verdict[{h.point, h.quantum_ns}];
          v.first = true;
          v.second = v.second || *row.w1_next_decades > tolerance_decades;
        }
      }
      out.push_back(row);
    }
  }
  for (QuantumShiftRow& row : out) {
    if (!row.w1_next_decades) continue;
    const auto it = verdict.find({row.point, row.quantum_ns});
    row.converged = it != verdict.end() && it->second.first && !it->second.second;
  }
  return out;
}

std::string QuantumShiftRow::csv() const {
  return point + "," + measure + "," + phase + "," + g(quantum_ns) + "," + g(reference_quantum_ns) +
         "," + std::to_string(reads) + "," + g(band_share) + "," + g(max_shift_pp) + "," +
         (within_tolerance ? "yes" : "no") + "," + g(w1_decades) + "," +
         optional_g(w1_next_decades) + "," + (converged ? (*converged ? "yes" : "no") : "");
}

std::string QuantumShiftRow::markdown() const {
  return "| " + point + " | " + measure + " | " + phase + " | " + g(quantum_ns) + " | " +
         std::to_string(reads) + " | " + percent(band_share) + " | " + fixed(max_shift_pp, 2) +
         " | " + fixed(w1_decades, 3) + " | " +
         (w1_next_decades ? fixed(*w1_next_decades, 3) : "-") + " | " +
         (converged ? (*converged ? "yes" : "no") : "-") + " |";
}

std::vector<QuantumVerdictRow> QuantumVerdictRow::of(
    const std::vector<QuantumShiftRow>& rows,
    const std::map<std::string, double>& figure1_quantum_ns) {
  std::vector<QuantumVerdictRow> out;
  for (const QuantumShiftRow& row : rows) {
    if (std::any_of(out.begin(), out.end(),
                    [&](const QuantumVerdictRow& v) { return v.point == row.point; }))
      continue;
    // The point's quanta, coarsest first, each with its verdict (none at the finest).
    std::vector<std::pair<double, std::optional<bool>>> quanta;
    for (const QuantumShiftRow& r : rows)
      if (r.point == row.point && std::none_of(quanta.begin(), quanta.end(), [&](const auto& q) {
            return q.first == r.quantum_ns;
          }))
        quanta.emplace_back(r.quantum_ns, r.converged);
    QuantumVerdictRow v;
    v.point = row.point;
    // Walking from the finest step up: the last quantum of an unbroken run of converged steps.
    for (std::size_t k = quanta.size() - 1; k-- > 0;) {
      if (!quanta[k].second.value_or(false)) break;
      v.coarsest_converged_ns = TableNumber(quanta[k].first);
    }
    const auto fig1 = figure1_quantum_ns.find(row.point);
    v.figure1_quantum_ns = fig1 == figure1_quantum_ns.end() ? kNan : fig1->second;
    const bool tried = std::any_of(quanta.begin(), quanta.end(), [&](const auto& q) {
      return q.first == double(v.figure1_quantum_ns);
    });
    v.figure1_converged =
        !tried
            ? "not tried"
            : (v.coarsest_converged_ns && v.figure1_quantum_ns <= *v.coarsest_converged_ns ? "yes"
                                                                                           : "no");
    out.push_back(v);
  }
  return out;
}

std::string QuantumVerdictRow::markdown() const {
  return "| " + point + " | " + (coarsest_converged_ns ? g(*coarsest_converged_ns) : "none") +
         " | " + g(figure1_quantum_ns) + " | " + figure1_converged + " |";
}

std::string figure1_quantum_sentence(const std::vector<QuantumVerdictRow>& verdicts,
                                     double tolerance_decades) {
  std::string converged, not_converged, not_tried, quanta;
  std::set<double> seen;
  for (const QuantumVerdictRow& v : verdicts) {
    std::string& list = v.figure1_converged == "yes"  ? converged
                        : v.figure1_converged == "no" ? not_converged
                                                      : not_tried;
    list += (list.empty() ? "" : ", ") + v.point;
    if (seen.insert(v.figure1_quantum_ns).second)
      quanta += (quanta.empty() ? "" : ", ") + g(v.figure1_quantum_ns) + " ns";
  }
  std::string out = "Figure 1 ran at a quantum of " + quanta + " (`sim.quantum_ns` of its runs): ";
  if (not_converged.empty() && not_tried.empty())
    return out + "converged by the criterion (W1 at most " + g(tolerance_decades) +
           " decades to every finer quantum step) at every point of the quantum runs (" +
           converged + ").";
  std::string parts;
  if (!not_converged.empty()) parts = "not converged by the criterion at " + not_converged;
  if (!not_tried.empty())
    parts +=
        (parts.empty() ? "" : "; ") + std::string("not among the quanta tried at ") + not_tried;
  if (!converged.empty()) parts += "; converged at " + converged;
  return out + parts + ".";
}

std::vector<BandShareRow> BandShareRow::of(const std::vector<DistanceRow>& rows) {
  std::vector<std::pair<BandShareRow, std::vector<DistanceRow>>> groups;
  for (const DistanceRow& r : rows) {
    auto& g = group_of(
        groups,
        [&](const auto& e) {
          return e.first.point == r.point && e.first.measure == r.measure &&
                 e.first.phase == r.phase;
        },
        [&] {
          return std::pair{BandShareRow{r.point, r.measure, r.phase, 0, kNan},
                           std::vector<DistanceRow>{}};
        });
    g.first.reads += r.count;
    g.second.push_back(r);
  }
  std::vector<BandShareRow> out;
  for (auto& [row, bins] : groups) {
    row.share = band_share(bins);
    out.push_back(row);
  }
  return out;
}

std::string BandShareRow::markdown() const {
  return "| " + point + " | " + measure + " | " + phase + " | " + std::to_string(reads) + " | " +
         percent(share) + " |";
}

std::string PerfRow::csv() const {
  return workload + "," + point + "," + technology + "," + optional_g(retention_s) + "," + policy +
         "," + std::to_string(steps) + "," + g(sim_ns_per_step) + "," + g(speedup_vs_baseline) +
         "," + g(llc_hit_rate) + "," + g(llc_dynamic_nj_per_step) + "," +
         g(llc_refresh_nj_per_step) + "," + g(llc_leakage_nj_per_step) + "," + g(llc_nj_per_step) +
         "," + g(dram_nj_per_step) + "," + g(total_nj_per_step) + "," + g(llc_energy_vs_baseline) +
         "," + g(total_energy_vs_baseline) + "," + g(p_error) + "," + g(flipped_bits) + "," +
         csv_token(closed_loop) + "," + interval.csv();
}

std::string PolicyInterval::csv() const {
  return acts ? g(interval_ns) + "," + g(refresh_bank_share) + "," + g(refresh_floor_failure)
              : ",,";
}

std::string PolicyInterval::markdown() const {
  return acts ? sci(interval_ns) + " ns; " + sci(refresh_bank_share) + "; " +
                    sci(refresh_floor_failure)
              : "-";
}

std::string WorkingSetRow::csv() const {
  return workload + "," + g(working_set_mib) + "," + point + "," + technology + "," + g(llc_mib) +
         "," + std::to_string(steps) + "," + g(sim_ns_per_step) + "," + g(speedup_vs_baseline) +
         "," + g(llc_hit_rate) + "," + g(llc_nj_per_step) + "," + g(total_nj_per_step) + "," +
         g(llc_energy_vs_baseline) + "," + g(total_energy_vs_baseline);
}

std::string WorkingSetRow::markdown_header(const std::string& baseline) {
  return "| workload | working set (MiB) | point | LLC (MiB) | time/step (us) | speed-up (x " +
         baseline + ") | LLC hits (%) | LLC energy (x " + baseline + ") | total energy (x " +
         baseline + ") |\n|---|---|---|---|---|---|---|---|---|\n";
}

std::string WorkingSetRow::markdown() const {
  return "| " + workload + " | " + fixed(working_set_mib, 1) + " | " + point + " | " +
         fixed(llc_mib, 0) + " | " + fixed(sim_ns_per_step / 1000, 1) + " | " +
         fixed(speedup_vs_baseline, 3) + " | " + percent(llc_hit_rate) + " | " +
         fixed(llc_energy_vs_baseline, 3) + " | " + fixed(total_energy_vs_baseline, 3) + " |";
}

std::string working_set_reading(const std::vector<WorkingSetRow>& rows,
                                const std::string& baseline) {
  std::vector<std::string> points;
  for (const WorkingSetRow& r : rows)
    if (r.point != baseline && std::find(points.begin(), points.end(), r.point) == points.end())
      points.push_back(r.point);
  // "A, B MiB (ratio, ratio)" of the selected rows.
  const auto list = [](const std::vector<const WorkingSetRow*>& sel,
                       TableNumber WorkingSetRow::*v) {
    std::string sizes, ratios;
    for (const WorkingSetRow* r : sel) {
      sizes += (sizes.empty() ? "" : ", ") + fixed(r->working_set_mib, 1);
      ratios += (ratios.empty() ? "" : ", ") + fixed(r->*v, 2) + "x";
    }
    return sizes + " MiB (" + ratios + ")";
  };
  // Where `wins` holds and where not, e.g. "faster than `sram` at 7.2 MiB (1.50x), not at 3.2
  // MiB (0.90x)".
  const auto where = [&](const std::string& verb, const std::vector<const WorkingSetRow*>& wins,
                         const std::vector<const WorkingSetRow*>& rest,
                         TableNumber WorkingSetRow::*v) {
    if (wins.empty()) return "never " + verb + " (" + list(rest, v) + ")";
    if (rest.empty()) return verb + " at every working set, " + list(wins, v);
    return verb + " at " + list(wins, v) + ", not at " + list(rest, v);
  };
  std::string out;
  for (const std::string& p : points) {
    std::vector<const WorkingSetRow*> curve;
    for (const WorkingSetRow& r : rows)
      if (r.point == p) curve.push_back(&r);
    std::sort(curve.begin(), curve.end(), [](const WorkingSetRow* a, const WorkingSetRow* b) {
      return a->working_set_mib < b->working_set_mib;
    });
    std::vector<const WorkingSetRow*> fast, slow, lean, heavy;
    const WorkingSetRow *fastest = curve.front(), *leanest = curve.front();
    for (const WorkingSetRow* r : curve) {
      (r->speedup_vs_baseline > 1 ? fast : slow).push_back(r);
      (r->total_energy_vs_baseline < 1 ? lean : heavy).push_back(r);
      if (r->speedup_vs_baseline > fastest->speedup_vs_baseline) fastest = r;
      if (r->total_energy_vs_baseline < leanest->total_energy_vs_baseline) leanest = r;
    }
    out +=
        (out.empty() ? "" : " ") + std::string("`") + p + "` (LLC " +
        fixed(curve.front()->llc_mib, 0) + " MiB): " +
        where("faster than `" + baseline + "`", fast, slow, &WorkingSetRow::speedup_vs_baseline) +
        ", the largest speed-up at " + fixed(fastest->working_set_mib, 1) + " MiB (" +
        fixed(fastest->speedup_vs_baseline, 2) + "x); " +
        where("less total energy", lean, heavy, &WorkingSetRow::total_energy_vs_baseline) +
        ", the least at " + fixed(leanest->working_set_mib, 1) + " MiB (" +
        fixed(leanest->total_energy_vs_baseline, 2) + "x).";
  }
  return out;
}

std::string PerfRow::markdown_header(const std::string& baseline) {
  return "| workload | point | time/step (us) | speed-up (x " + baseline +
         ") | LLC hits (%) | LLC energy/step (uJ) | of which leakage (uJ) | total energy/step (uJ) "
         "| LLC energy (x " +
         baseline + ") | total energy (x " + baseline +
         ") | p_error (probability) | under its faults (closed loop) | policy interval; refresh "
         "bank share; floor failure |\n"
         "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
}

std::string PerfRow::markdown() const {
  return "| " + workload + " | " + point + " | " + fixed(sim_ns_per_step / 1000, 1) + " | " +
         fixed(speedup_vs_baseline, 3) + " | " + percent(llc_hit_rate) + " | " +
         fixed(llc_nj_per_step / 1000, 1) + " | " + fixed(llc_leakage_nj_per_step / 1000, 1) +
         " | " + fixed(total_nj_per_step / 1000, 1) + " | " + fixed(llc_energy_vs_baseline, 3) +
         " | " + fixed(total_energy_vs_baseline, 3) + " | " + sci(p_error) + " | " +
         phrase(closed_loop) + " | " + interval.markdown() + " |";
}

std::string IntervalSweepRow::csv() const {
  return run.point + "," + policy + "," + g(interval_failure) + "," + interval.csv() + "," +
         std::to_string(run.seed) + "," + g(run.test_accuracy) + "," + g(run.final_loss) + "," +
         (run.diverged() ? "1" : "0") + "," + g(run.flipped_bits) + "," + g(run.sim_ns_per_step) +
         "," + g(run.total_nj_per_step) + "," + g(run.time_vs_baseline) + "," +
         g(run.energy_vs_baseline);
}

std::vector<IntervalSummaryRow> IntervalSummaryRow::of(const std::vector<IntervalSweepRow>& rows) {
  std::vector<IntervalSummaryRow> out;
  std::vector<std::pair<std::string, std::string>> order;  // (point, policy) as they appear
  for (const IntervalSweepRow& r : rows) {
    const std::pair<std::string, std::string> key{r.run.point, r.policy};
    if (std::find(order.begin(), order.end(), key) == order.end()) order.push_back(key);
    IntervalSummaryRow& s = group_of(
        out,
        [&](const IntervalSummaryRow& e) {
          return e.point == r.run.point && e.policy == r.policy &&
                 e.interval_failure == r.interval_failure;
        },
        [&] {
          IntervalSummaryRow e;
          e.point = r.run.point;
          e.policy = r.policy;
          e.interval_failure = r.interval_failure;
          e.interval = r.interval;
          return e;
        });
    s.test_accuracy += r.run.test_accuracy;
    s.flipped_bits += r.run.flipped_bits;
    s.time_vs_baseline += r.run.time_vs_baseline;
    s.energy_vs_baseline += r.run.energy_vs_baseline;
    s.diverged += r.run.diverged() ? 1 : 0;
    ++s.runs;
  }
  const auto rank = [&](const IntervalSummaryRow& e) {
    return std::find(order.begin(), order.end(), std::pair{e.point, e.policy}) - order.begin();
  };
  std::stable_sort(out.begin(), out.end(), [&](const auto& a, const auto& b) {
    return rank(a) != rank(b) ? rank(a) < rank(b) : a.interval_failure < b.interval_failure;
  });
  return out;
}

std::string IntervalSummaryRow::markdown_header(const std::string& baseline) {
  return "| point | policy | interval_failure (probability) | interval; refresh bank share; "
         "floor failure | test accuracy, mean (%) | diverged (runs of all) | bits flipped, mean "
         "(count) | time/step (x " +
         baseline + ") | energy/step (x " + baseline +
         ") | failure test |\n|---|---|---|---|---|---|---|---|---|---|\n";
}

std::string IntervalSummaryRow::markdown(double fault_free_accuracy) const {
  return "| " + point + " | " + policy + " | " + sci(interval_failure) + " | " +
         interval.markdown() + " | " + percent(mean_accuracy()) + " | " + std::to_string(diverged) +
         "/" + std::to_string(runs) + " | " + g(flipped_bits / runs) + " | " +
         fixed(time_vs_baseline / runs, 3) + " | " + fixed(energy_vs_baseline / runs, 3) + " | " +
         phrase(trains(fault_free_accuracy) ? ClosedLoopOutcome::kTrains
                                            : ClosedLoopOutcome::kCannotTrain) +
         " |";
}

std::string interval_reading(const std::vector<IntervalSummaryRow>& sweep,
                             const std::vector<ClosedLoopSummaryRow>& closed_loop,
                             double fault_free_accuracy) {
  std::string out;
  for (std::size_t i = 0; i < sweep.size();) {
    const IntervalSummaryRow& first = sweep[i];
    std::size_t end = i;
    while (end < sweep.size() && sweep[end].point == first.point &&
           sweep[end].policy == first.policy)
      ++end;
    out += (out.empty() ? "" : " ") + std::string("`") + first.point + "` `" + first.policy +
           "`: at the default interval ";
    const auto d = std::find_if(closed_loop.begin(), closed_loop.end(), [&](const auto& c) {
      return c.point == first.point && c.mitigation == first.policy;
    });
    if (d == closed_loop.end())
      out += "not run closed-loop";
    else
      out += phrase(d->outcome(fault_free_accuracy)) + " (" +
             fixed(d->time_vs_baseline / d->runs, 2) + "x time, " + fixed(d->mean_energy(), 2) +
             "x energy)";
    std::string trains;
    const IntervalSummaryRow* cheapest = nullptr;
    for (std::size_t k = i; k < end; ++k) {
      const IntervalSummaryRow& s = sweep[k];
      if (!s.trains(fault_free_accuracy)) continue;
      trains += (trains.empty() ? "" : ", ") + sci(s.interval_failure);
      if (!cheapest ||
          s.energy_vs_baseline / s.runs < cheapest->energy_vs_baseline / cheapest->runs)
        cheapest = &s;
    }
    if (!cheapest) {
      out += "; it trains at none of the swept interval_failure values (" +
             sci(first.interval_failure) + " to " + sci(sweep[end - 1].interval_failure) + ").";
    } else {
      out += "; it trains at interval_failure " + trains + "; the least energy of these at " +
             sci(cheapest->interval_failure) + " (interval " +
             duration(cheapest->interval.interval_ns * 1e-9) +
             "): " + fixed(cheapest->time_vs_baseline / cheapest->runs, 2) + "x time, " +
             fixed(cheapest->energy_vs_baseline / cheapest->runs, 2) + "x energy, " +
             g(cheapest->flipped_bits / cheapest->runs) + " bits flipped (mean).";
    }
    i = end;
  }
  return out;
}

bool ClosedLoopRow::diverged() const { return !std::isfinite(final_loss); }

std::string ClosedLoopRow::csv() const {
  return point + "," + mitigation + "," + std::to_string(seed) + "," + technology + "," +
         g(test_accuracy) + "," + g(final_loss) + "," + (diverged() ? "1" : "0") + "," +
         g(flipped_bits) + "," + g(sim_ns_per_step) + "," + g(llc_nj_per_step) + "," +
         g(total_nj_per_step) + "," + g(time_vs_baseline) + "," + g(energy_vs_baseline);
}

DistanceSummaryRow DistanceSummaryRow::of(const std::string& point,
                                          const std::vector<DistanceRow>& rows) {
  DistanceSummaryRow s;
  s.point = point;
  std::vector<std::pair<double, double>> bins;  // (lower edge, count)
  for (const DistanceRow& r : rows) {
    bins.emplace_back(r.bin_lo_ns, static_cast<double>(r.count));
    s.read_hits += static_cast<double>(r.count);
  }
  std::sort(bins.begin(), bins.end());
  const double edges[] = {0, 1, 100, 1e4, 1e6, 1e300};
  for (int i = 0; i < 5; ++i) {
    double n = 0;
    for (const auto& [lo, count] : bins) n += lo >= edges[i] && lo < edges[i + 1] ? count : 0;
    s.shares[i] = s.read_hits > 0 ? n / s.read_hits : kNan;
  }
  double cumulative = 0;
  for (const auto& [lo, count] : bins) {
    cumulative += count;
    if (cumulative >= s.read_hits / 2 && std::isnan(s.median_bin_ns)) s.median_bin_ns = lo;
  }
  return s;
}

std::string DistanceSummaryRow::markdown() const {
  std::string out = "| " + point + " | " + g(read_hits) + " |";
  for (double share : shares) out += " " + percent(share) + " |";
  return out + " " + g(median_bin_ns) + " |";
}

std::vector<TableIRow> TableIRow::of(const std::vector<RetentionRow>& rows) {
  std::vector<TableIRow> out;
  for (const RetentionRow& r : rows) {
    TableIRow& t = group_of(
        out, [&](const TableIRow& e) { return e.point == r.point && e.definition == r.definition; },
        [&] {
          TableIRow e{r.point, r.definition, {}, {}, {}, {}};
          for (const char* phase : {"forward", "backward", "update"}) e.p_error[phase] = 0;
          return e;
        });
    t.retention_s = r.retention_s;
    t.delta = r.delta;
    t.line_mttf_s = r.line_mttf_s;
    t.p_error[r.phase] = r.p_error;
  }
  return out;
}

const PublishedTableIRow* TableIRow::published() const {
  if (!retention_s) return nullptr;
  for (const PublishedTableIRow& p : kPublishedTableI)
    if (std::fabs(*retention_s - p.retention_s) < 1e-9 * p.retention_s) return &p;
  return nullptr;
}

std::string TableIRow::markdown() const {
  std::string forward, backprop;  // the study's
  if (!retention_s) {
    forward = backprop = "0";
  } else if (const PublishedTableIRow* p = published()) {
    forward = sci(p->forward);
    backprop = sci(p->backprop);
  }
  return "| " + point + " | " + definition + " | " + (retention_s ? g(*retention_s) : "-") + " | " +
         (delta ? fixed(*delta, 2) : "-") + " | " + (line_mttf_s ? sci(*line_mttf_s) : "-") +
         " | " + sci(p_error.at("forward")) + " | " + sci(p_error.at("backward")) + " | " +
         sci(p_error.at("update")) + " | " + forward + " | " + backprop + " |";
}

std::vector<ClosedLoopSummaryRow> ClosedLoopSummaryRow::of(const std::vector<ClosedLoopRow>& rows) {
  std::vector<ClosedLoopSummaryRow> out;
  for (const ClosedLoopRow& r : rows) {
    ClosedLoopSummaryRow& s = group_of(
        out,
        [&](const ClosedLoopSummaryRow& e) {
          return e.point == r.point && e.mitigation == r.mitigation;
        },
        [&] {
          return ClosedLoopSummaryRow{r.point, r.mitigation};
        });
    s.test_accuracy += r.test_accuracy;
    s.flipped_bits += r.flipped_bits;
    s.time_vs_baseline += r.time_vs_baseline;
    s.energy_vs_baseline += r.energy_vs_baseline;
    s.diverged += r.diverged() ? 1 : 0;
    ++s.runs;
  }
  return out;
}

ClosedLoopOutcome ClosedLoopSummaryRow::outcome(double fault_free_accuracy) const {
  return fails_to_train(mean_accuracy(), fault_free_accuracy) ? ClosedLoopOutcome::kCannotTrain
                                                              : ClosedLoopOutcome::kTrains;
}

std::string ClosedLoopSummaryRow::markdown_header(const std::string& baseline) {
  return "| point | mitigation | test accuracy, mean (%) | diverged (runs of all) | bits flipped, "
         "mean (count) | time/step (x " +
         baseline + ") | energy/step (x " + baseline +
         ") | failure test |\n|---|---|---|---|---|---|---|---|\n";
}

std::string ClosedLoopSummaryRow::markdown(double fault_free_accuracy) const {
  return "| " + point + " | " + mitigation + " | " + percent(mean_accuracy()) + " | " +
         std::to_string(diverged) + "/" + std::to_string(runs) + " | " + g(flipped_bits / runs) +
         " | " + fixed(time_vs_baseline / runs, 3) + " | " + fixed(mean_energy(), 3) + " | " +
         phrase(outcome(fault_free_accuracy)) + " |";
}

std::string LayerToleranceRow::markdown_header(const std::vector<double>& ps) {
  std::string out = "| layer (index) |";
  for (double p : ps) out += " p = " + sci(p) + ": accuracy (%, diverged/runs) |";
  out += "\n|---|";
  for (std::size_t i = 0; i < ps.size(); ++i) out += "---|";
  return out + "\n";
}

std::string LayerToleranceRow::markdown() const {
  std::string out = "| " + layer + " |";
  for (const Cell& c : cells) {
    const std::string bold = c.failed ? "**" : "";
    out += " " + bold + percent(c.mean_accuracy) + bold + " (" + std::to_string(c.diverged) + "/" +
           std::to_string(c.runs) + ") |";
  }
  return out;
}

bool published_figure2_fails(int layer, double p) {
  return p == kPublishedFigure2FailingP &&
         std::find(std::begin(kPublishedFigure2FailingLayers),
                   std::end(kPublishedFigure2FailingLayers),
                   layer) != std::end(kPublishedFigure2FailingLayers);
}

std::vector<Figure2Row> Figure2Row::of(const std::string& semantics, const ResultCsv& campaign) {
  struct Sum {
    double accuracy = 0;
    int runs = 0, diverged = 0;
  };
  double base_sum = 0;
  int base_runs = 0;
  std::map<std::pair<int, double>, Sum> cells;  // (layer, p), sorted as the rows are
  for (std::size_t i = 0; i < campaign.rows(); ++i) {
    if (campaign.text(i, "mitigation") != "none") continue;
    const bool diverged = campaign.count(i, "diverged") != 0;
    // A diverged network's outputs are NaN and no class wins: it counts as 0 %.
    const double reported = campaign.number(i, "test_accuracy");
    const double accuracy = diverged || std::isnan(reported) ? 0.0 : reported;
    const std::string& layer = campaign.text(i, "layer");
    if (layer == "none") {
      base_sum += accuracy;
      ++base_runs;
      continue;
    }
    Sum& sum = cells[{static_cast<int>(campaign.count(i, "layer")), campaign.number(i, "p")}];
    sum.accuracy += accuracy;
    sum.runs += 1;
    sum.diverged += diverged ? 1 : 0;
  }
  const double base = base_runs ? base_sum / base_runs : std::nan("");
  std::vector<Figure2Row> rows;
  for (const auto& [cell, sum] : cells) {
    Figure2Row r;
    r.semantics = semantics;
    r.layer = cell.first;
    r.p = cell.second;
    r.runs = sum.runs;
    r.diverged = sum.diverged;
    r.mean_accuracy = sum.accuracy / sum.runs;
    r.baseline_accuracy = base;
    r.failed = fails_to_train(r.mean_accuracy, r.baseline_accuracy);
    rows.push_back(r);
  }
  return rows;
}

std::string Figure2Row::csv() const {
  return semantics + "," + std::to_string(layer) + "," + g(p) + "," + std::to_string(runs) + "," +
         std::to_string(diverged) + "," + g(mean_accuracy) + "," + g(baseline_accuracy) + "," +
         (failed ? "1" : "0") + "," + (study_failed() ? "1" : "0");
}

std::vector<Figure2Agreement> Figure2Agreement::of(const std::vector<Figure2Row>& rows) {
  std::vector<Figure2Agreement> out;
  std::vector<std::set<std::pair<int, double>>> grids;
  for (const Figure2Row& r : rows) {
    auto it = std::find_if(out.begin(), out.end(),
                           [&](const Figure2Agreement& a) { return a.semantics == r.semantics; });
    if (it == out.end()) {
      out.push_back({});
      out.back().semantics = r.semantics;
      grids.emplace_back();
      it = out.end() - 1;
    }
    Figure2Agreement& a = *it;
    const bool study = r.study_failed();
    a.cells += 1;
    a.agree += r.failed == study ? 1 : 0;
    a.study_cells += study ? 1 : 0;
    a.study_failing += study && r.failed ? 1 : 0;
    a.other_failing += !study && r.failed ? 1 : 0;
    if (r.failed) a.failing.emplace_back(r.layer, r.p);
    grids[static_cast<std::size_t>(it - out.begin())].insert({r.layer, r.p});
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    bool full = true;
    for (int l = 0; l < kPublishedFigure2Layers; ++l)
      for (double p : kPublishedFigure2Ps) full = full && grids[i].count({l, p}) > 0;
    out[i].full_grid = full;
  }
  return out;
}

std::string Figure2Agreement::markdown() const {
  std::string cells_text;
  for (const auto& [layer, p] : failing)
    cells_text += (cells_text.empty() ? "" : ", ") + std::to_string(layer) + " at " + sci(p);
  return "| " + semantics + " | " + std::to_string(cells) + " | " + std::to_string(agree) + " | " +
         std::to_string(study_failing) + " | " + std::to_string(other_failing) + " | " +
         (cells_text.empty() ? "none" : cells_text) + " |";
}

std::string figure2_verdict(const std::vector<Figure2Agreement>& semantics) {
  const auto names = [](const std::vector<const Figure2Agreement*>& list) {
    std::string out;
    for (std::size_t i = 0; i < list.size(); ++i)
      out += std::string(i == 0                 ? ""
                         : i + 1 == list.size() ? " and "
                                                : ", ") +
             "`" + list[i]->semantics + "`";
    return out;
  };
  std::vector<const Figure2Agreement*> reproduce, best;
  double best_share = -1;
  for (const Figure2Agreement& a : semantics) {
    if (a.cells == 0) continue;
    if (a.reproduces()) reproduce.push_back(&a);
    const double share = static_cast<double>(a.agree) / a.cells;
    if (share > best_share) {
      best_share = share;
      best.clear();
    }
    if (share == best_share) best.push_back(&a);
  }
  if (best.empty()) return "No semantics has a finished cell to compare.";
  if (!reproduce.empty()) {
    return names(reproduce) + (reproduce.size() == 1 ? " reproduces" : " reproduce") +
           " the study's pattern: on the study's whole grid, exactly the inputs of layers 0, 1, 2 "
           "and 10 fail, at 1e-5 only.";
  }
  std::string out = "No semantics reproduces the study's pattern. Closest: ";
  for (std::size_t i = 0; i < best.size(); ++i) {
    const Figure2Agreement& a = *best[i];
    out += std::string(i == 0 ? "" : "; ") + "`" + a.semantics + "`, " + std::to_string(a.agree) +
           " of " + std::to_string(a.cells) + " cells agree (" + std::to_string(a.study_failing) +
           " of the study's " + std::to_string(a.study_cells) +
           " failing cells fail here; other failing cells: " + std::to_string(a.other_failing) +
           (a.full_grid ? "" : "; its grid is not the study's whole grid") + ")";
  }
  return out + ".";
}

}  // namespace sttvp
