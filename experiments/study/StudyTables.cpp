#include "experiments/study/StudyTables.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
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

std::vector<QuantumShiftRow> QuantumShiftRow::of(const std::vector<QuantumDistanceRow>& rows,
                                                 double reference_quantum_ns, double tolerance_pp) {
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
  std::vector<QuantumShiftRow> out;
  for (const Histogram& ref : histograms) {
    if (ref.quantum_ns != TableNumber(reference_quantum_ns) || ref.reads == 0) continue;
    std::vector<QuantumShiftRow> group;
    bool complete = true;
    for (const Histogram& h : histograms) {
      if (h.point != ref.point || h.measure != ref.measure || h.phase != ref.phase) continue;
      if (h.reads == 0 || h.bins.size() != ref.bins.size()) {
        complete = false;
        continue;
      }
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
                          shift};
      row.within_tolerance = row.max_shift_pp <= tolerance_pp;  // as the CSV gives the shift
      // The reference first, then the others in spec order.
      if (&h == &ref)
        group.insert(group.begin(), row);
      else
        group.push_back(row);
    }
    if (complete) out.insert(out.end(), group.begin(), group.end());
  }
  return out;
}

std::string QuantumShiftRow::csv() const {
  return point + "," + measure + "," + phase + "," + g(quantum_ns) + "," + g(reference_quantum_ns) +
         "," + std::to_string(reads) + "," + g(band_share) + "," + g(max_shift_pp) + "," +
         (within_tolerance ? "yes" : "no");
}

std::string QuantumShiftRow::markdown() const {
  return "| " + point + " | " + measure + " | " + phase + " | " + g(quantum_ns) + " | " +
         std::to_string(reads) + " | " + percent(band_share) + " | " + fixed(max_shift_pp, 2) +
         " | " + (within_tolerance ? "yes" : "no") + " |";
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
         csv_token(closed_loop);
}

std::string PerfRow::markdown_header(const std::string& baseline) {
  return "| workload | point | time/step (us) | speed-up (x " + baseline +
         ") | LLC hits (%) | LLC energy/step (uJ) | of which leakage (uJ) | total energy/step (uJ) "
         "| LLC energy (x " +
         baseline + ") | total energy (x " + baseline +
         ") | p_error (probability) | under its faults (closed loop) |\n"
         "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
}

std::string PerfRow::markdown() const {
  return "| " + workload + " | " + point + " | " + fixed(sim_ns_per_step / 1000, 1) + " | " +
         fixed(speedup_vs_baseline, 3) + " | " + percent(llc_hit_rate) + " | " +
         fixed(llc_nj_per_step / 1000, 1) + " | " + fixed(llc_leakage_nj_per_step / 1000, 1) +
         " | " + fixed(total_nj_per_step / 1000, 1) + " | " + fixed(llc_energy_vs_baseline, 3) +
         " | " + fixed(total_energy_vs_baseline, 3) + " | " + sci(p_error) + " | " +
         phrase(closed_loop) + " |";
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

}  // namespace sttvp
