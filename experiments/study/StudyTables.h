// The study's tables as typed rows, built once from the runs' folders. A row of a CSV table
// renders its CSV line; the report's own tables are rows too, each rendering its Markdown line.
//
// Numbers in rows are TableNumbers: held as the CSV writes them (6 significant digits), so what
// the report derives from a row (a percentage, a mean, the best point) is what a reader of the
// CSV file derives.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "experiments/study/ResultCsv.h"

namespace sttvp {

namespace study_format {
// 6 significant digits, "nan" for what was not measured.
std::string g(double v);
// `digits` decimals, "-" for NaN.
std::string fixed(double v, int digits);
// 3 significant digits in exponent form, "0" for 0, "-" for NaN.
std::string sci(double v);
// A fraction as a percentage with 2 decimals, "-" for NaN.
std::string percent(double fraction);
// A time in seconds with an SI prefix and 3 significant digits: "1 s", "10 ms", "19.5 us".
std::string duration(double seconds);
}  // namespace study_format

// The study's failure test ("did not learn", shared/REFERENCE.md) as this project applies it to
// Figure 2 and the closed loop: a mean test accuracy more than 5 points below the fault-free one.
inline constexpr double kFailureDrop = 0.05;
inline bool fails_to_train(double accuracy, double fault_free_accuracy) {
  return accuracy < fault_free_accuracy - kFailureDrop;
}

// Whether a design point's LLC lets training survive its own retention faults, as the closed loop
// found it (its network, its region).
enum class ClosedLoopOutcome { kNoRetentionFaults, kTrains, kCannotTrain, kNotRun };
// The CSV token (no_faults, trains, cannot_train, not_run) and the report's phrase.
std::string csv_token(ClosedLoopOutcome o);
std::string phrase(ClosedLoopOutcome o);

// A number as the tables write it: rounded to 6 significant digits on construction.
class TableNumber {
 public:
  TableNumber(double v = std::numeric_limits<double>::quiet_NaN());
  operator double() const { return v_; }

 private:
  double v_;
};

// table1_retention.csv: one phase of one distance run, as its retention.csv gives it.
struct RetentionRow {
  static constexpr const char* kCsvHeader =
      "point,definition,technology,retention_s,delta,line_mttf_s,phase,reads,p_error,"
      "expected_failures,sampled_failures,expired_reads";
  std::string point;
  std::string definition;  // "-": an SRAM point's single run
  std::string technology;
  // None on SRAM (empty cells). line_mttf_s: a line's mean time to its first flip without
  // process variation, under the run's retention definition (line_mttf_s() below).
  std::optional<TableNumber> retention_s, delta, line_mttf_s;
  std::string phase;
  std::uint64_t reads = 0;
  TableNumber p_error, expected_failures;
  std::uint64_t sampled_failures = 0, expired_reads = 0;
  std::string csv() const;
};

// A line of n cells, each flipping as a Poisson process of mean time tau, first fails after
// tau / n on average. Under the `mean` definition tau is the retention time R; under
// `line_failure` with target q the line has failed with probability q at R, so
// 1 - exp(-n R / tau) = q and tau / n = R / -ln(1 - q) (q = 1 - 1/e: tau / n = R, the `block`
// reading).
double line_mttf_s(double retention_s, bool line_failure_definition, double target_line_failure,
                   unsigned bits_per_line);
// The distance at which such a line has failed with probability p: 1 - exp(-d / mttf) = p. For
// p << 1, p is linear in d, so this is also the mean of any distance distribution giving p.
double distance_for_p_error_s(double p_error, double line_mttf_s);

// A fully-connected network's training working set in bytes: its parameters (`layers` are the
// layer widths, inputs first) as float weights, one float gradient buffer per share of the
// minibatch and `optimizer_states` float state vectors (Adam 2). Activations (a few samples per
// share) and the GEMM workspace are left out: 1 to 4 % more at the study's widths
// (tests/unit/sw: MlpWidthPresetsWorkingSets).
double mlp_working_set_bytes(const std::vector<std::size_t>& layers, unsigned shares,
                             unsigned optimizer_states);

// The write-to-read distance definitions (DistanceRow::measure): from a line's fill or last write
// in the LLC to an LLC read hit (write_read_distance.csv), and from its last write in any core's
// L1D to a read that reaches the LLC, or to any line read (hierarchy_distance.csv).
inline constexpr const char* kLlcMeasure = "llc_write_to_llc_read";
inline constexpr const char* kMeasures[] = {kLlcMeasure, "hierarchy_write_to_llc_read",
                                            "hierarchy_write_to_any_read"};
// The study's "most distances" band (shared/REFERENCE.md), in ns.
inline constexpr double kStudyBandNs[2] = {1, 100};

// fig1_write_read_distance.csv: one distance bin of one phase of one distance run, under one
// distance definition.
struct DistanceRow {
  static constexpr const char* kCsvHeader =
      "point,definition,measure,phase,bin_lo_ns,bin_hi_ns,count";
  std::string point, definition, measure, phase;
  TableNumber bin_lo_ns, bin_hi_ns;  // the last bin's upper edge is inf
  std::uint64_t count = 0;
  std::string csv() const;
};

// Shares of the reads in `bins` (one histogram's rows) in the study's band (NaN without reads).
double band_share(const std::vector<DistanceRow>& bins);

// quantum_write_read_distance.csv: a DistanceRow of a run at one quantum (distance.quanta).
struct QuantumDistanceRow {
  static constexpr const char* kCsvHeader =
      "point,definition,quantum_ns,steps,measure,phase,bin_lo_ns,bin_hi_ns,count";
  TableNumber quantum_ns;
  std::uint64_t steps = 0;
  DistanceRow bin;
  std::string csv() const;
};

// The Wasserstein-1 (earth mover's) distance between two distance histograms (one phase's bins
// each, in order, with the same edges) read on a log10 axis, in decades: the sum over the
// boundaries between adjacent bins of |CDF_a - CDF_b| times the bins' log spacing (the span of the
// bins with a positive lower and a finite upper edge over their count). The bin below the first
// positive edge and an open-ended last bin count as adjacent bins at that spacing. A W1 of w
// reads as "a typical read's distance moved by a factor 10^w"; unlike a bin's share it does not
// jump when mass crosses one bin edge. NaN when either histogram holds no reads; throws
// std::invalid_argument when the bins differ or are not evenly log-spaced.
double wasserstein1_decades(const std::vector<DistanceRow>& a, const std::vector<DistanceRow>& b);

// quantum_shift.csv and report.md's quantum table: one histogram (point, definition of the
// distance, phase) at one quantum: its share of reads at 1-100 ns, against the reference (first)
// quantum the largest change of any bin's share in percentage points and the Wasserstein-1
// distance, and the Wasserstein-1 distance to the next finer quantum. The quantum is converged
// at a point when refining it once more moves none of the point's histograms with enough reads
// by more than the tolerance.
struct QuantumShiftRow {
  static constexpr const char* kCsvHeader =
      "point,measure,phase,quantum_ns,reference_quantum_ns,reads,band_share,max_shift_pp,"
      "within_tolerance,w1_decades,w1_next_decades,converged";
  static constexpr const char* kMarkdownHeader =
      "| point | distance definition | phase | quantum (ns) | reads (count) | 1-100 ns (%) | "
      "largest shift of a bin against the reference (points) | W1 against the reference "
      "(decades) | W1 to the next finer quantum (decades) | point converged at this quantum |\n"
      "|---|---|---|---|---|---|---|---|---|---|\n";
  std::string point, measure, phase;
  TableNumber quantum_ns, reference_quantum_ns;
  std::uint64_t reads = 0;
  TableNumber band_share, max_shift_pp;        // max_shift_pp is 0 for the reference itself
  TableNumber w1_decades;                      // against the reference
  bool within_tolerance = true;                // w1_decades <= the tolerance
  std::optional<TableNumber> w1_next_decades;  // none at the finest quantum
  // The point's verdict at this quantum (the same on each of its rows); none at the finest.
  std::optional<bool> converged;
  // One row per histogram and quantum, `quanta_ns` in order (coarsest first, the first the
  // reference); phases with reads at every quantum only. `min_reads`: a histogram with fewer
  // reads at this quantum or the next finer one does not count for `converged`; a point without
  // any histogram that counts is not converged.
  static std::vector<QuantumShiftRow> of(const std::vector<QuantumDistanceRow>& rows,
                                         const std::vector<double>& quanta_ns,
                                         double tolerance_decades, std::uint64_t min_reads);
  std::string csv() const;
  std::string markdown() const;
};

// report.md's verdict per point of distance.quanta: the coarsest quantum from which on every
// finer step was converged, and whether Figure 1's quantum (the point's distance run's
// sim.quantum_ns) is converged.
struct QuantumVerdictRow {
  static constexpr const char* kMarkdownHeader =
      "| point | coarsest converged quantum (ns) | Figure 1's quantum (ns) | Figure 1's quantum "
      "converged |\n"
      "|---|---|---|---|\n";
  std::string point;
  std::optional<TableNumber> coarsest_converged_ns;  // none: no quantum tried is converged
  TableNumber figure1_quantum_ns;
  // "yes" when Figure 1's quantum is the coarsest converged one or finer (and one of the quanta
  // tried), "no", or "not tried"
  std::string figure1_converged;
  // Per point of `rows` (QuantumShiftRow::of's), in their order; `figure1_quantum_ns` per point.
  static std::vector<QuantumVerdictRow> of(const std::vector<QuantumShiftRow>& rows,
                                           const std::map<std::string, double>& figure1_quantum_ns);
  std::string markdown() const;
};

// The report's sentence on Figure 1's quantum: converged by the criterion at every point, or
// which points it is not converged (or not tried) at.
std::string figure1_quantum_sentence(const std::vector<QuantumVerdictRow>& verdicts,
                                     double tolerance_decades);

// report.md's band table: one point's reads in the study's 1-100 ns band, per distance
// definition and phase.
struct BandShareRow {
  static constexpr const char* kMarkdownHeader =
      "| point | distance definition | phase | reads (count) | 1-100 ns (%) |\n"
      "|---|---|---|---|---|\n";
  std::string point, measure, phase;
  std::uint64_t reads = 0;
  double share = std::numeric_limits<double>::quiet_NaN();
  // From the rows of one run of each point, in the order of `rows`.
  static std::vector<BandShareRow> of(const std::vector<DistanceRow>& rows);
  std::string markdown() const;
};

// The interval at which an LLC's expire or refresh policy acts and whether refresh is
// sustainable (stats llc.retention.interval_ns, refresh_bank_share, refresh_floor_failure): the
// share of the STT-RAM banks' time a refresh of every line per interval takes, and the failure
// probability of a line within the shortest interval the banks sustain.
struct PolicyInterval {
  bool acts = false;  // the policy is expire or refresh
  TableNumber interval_ns, refresh_bank_share, refresh_floor_failure;
  // "interval_ns,refresh_bank_share,refresh_floor_failure", empty cells when !acts.
  std::string csv() const;
  // "1.00e-03 ns; 3.71e+08; 1.00e+00", "-" when !acts.
  std::string markdown() const;
};

// perf_energy.csv and report.md's performance table: one workload on one design point, per
// simulated minibatch, against the baseline point's run of the same workload.
struct PerfRow {
  static constexpr const char* kCsvHeader =
      "workload,point,technology,retention_s,policy,steps,sim_ns_per_step,speedup_vs_baseline,"
      "llc_hit_rate,llc_dynamic_nj_per_step,llc_refresh_nj_per_step,llc_leakage_nj_per_step,"
      "llc_nj_per_step,dram_nj_per_step,total_nj_per_step,llc_energy_vs_baseline,"
      "total_energy_vs_baseline,p_error,flipped_bits,closed_loop,interval_ns,refresh_bank_share,"
      "refresh_floor_failure";
  // `baseline`: the point the ratios are against.
  static std::string markdown_header(const std::string& baseline);
  std::string workload, point, technology;
  std::optional<TableNumber> retention_s;  // none on SRAM
  std::string policy;                      // the LLC's retention policy; empty on SRAM
  std::uint64_t steps = 0;
  TableNumber sim_ns_per_step, speedup_vs_baseline, llc_hit_rate;
  TableNumber llc_dynamic_nj_per_step, llc_refresh_nj_per_step, llc_leakage_nj_per_step;
  TableNumber llc_nj_per_step, dram_nj_per_step, total_nj_per_step;
  TableNumber llc_energy_vs_baseline, total_energy_vs_baseline;
  TableNumber p_error, flipped_bits;                           // over the whole region
  ClosedLoopOutcome closed_loop = ClosedLoopOutcome::kNotRun;  // of a run with the same LLC
  PolicyInterval interval;                                     // expire and refresh only
  std::string csv() const;
  std::string markdown() const;
};

// perf.working_set's table (working_set.csv): one MLP width on one design point, against the
// baseline point's run of the same width.
struct WorkingSetRow {
  static constexpr const char* kCsvHeader =
      "workload,working_set_mib,point,technology,llc_mib,steps,sim_ns_per_step,"
      "speedup_vs_baseline,llc_hit_rate,llc_nj_per_step,total_nj_per_step,llc_energy_vs_baseline,"
      "total_energy_vs_baseline";
  static std::string markdown_header(const std::string& baseline);
  std::string workload, point, technology;
  TableNumber working_set_mib, llc_mib;  // MiB = 2^20 bytes
  std::uint64_t steps = 0;
  TableNumber sim_ns_per_step, speedup_vs_baseline, llc_hit_rate, llc_nj_per_step,
      total_nj_per_step, llc_energy_vs_baseline, total_energy_vs_baseline;
  std::string csv() const;
  std::string markdown() const;
};

// The working-set sweep read per design point other than `baseline`: at which working sets it is
// faster and needs less total energy than the baseline, where most, and where it stops winning.
std::string working_set_reading(const std::vector<WorkingSetRow>& rows,
                                const std::string& baseline);

// closed_loop.csv: one closed-loop training run, against the baseline's run of the same seed.
struct ClosedLoopRow {
  static constexpr const char* kCsvHeader =
      "point,mitigation,seed,technology,test_accuracy,final_loss,diverged,flipped_bits,"
      "sim_ns_per_step,llc_nj_per_step,total_nj_per_step,time_vs_baseline,energy_vs_baseline";
  std::string point, mitigation;
  std::uint64_t seed = 0;
  std::string technology;
  TableNumber test_accuracy, final_loss;
  TableNumber flipped_bits;  // in the simulated minibatches
  TableNumber sim_ns_per_step, llc_nj_per_step, total_nj_per_step;
  TableNumber time_vs_baseline, energy_vs_baseline;
  bool diverged() const;  // the final loss is NaN or Inf
  std::string csv() const;
};

// interval_sweep.csv: one closed-loop run of the interval sweep (its policy at the interval where a
// line fails with probability interval_failure), against the baseline's run of the same seed.
struct IntervalSweepRow {
  static constexpr const char* kCsvHeader =
      "point,policy,interval_failure,interval_ns,refresh_bank_share,refresh_floor_failure,seed,"
      "test_accuracy,final_loss,diverged,flipped_bits,sim_ns_per_step,total_nj_per_step,"
      "time_vs_baseline,energy_vs_baseline";
  std::string policy;
  TableNumber interval_failure;
  PolicyInterval interval;
  ClosedLoopRow run;  // its mitigation is the policy
  std::string csv() const;
};

// A CSV table: the header line, then one line per row.
template <typename Row>
std::string csv_table(const std::vector<Row>& rows) {
  std::string out = std::string(Row::kCsvHeader) + "\n";
  for (const Row& r : rows) out += r.csv() + "\n";
  return out;
}

// The study's Table I (shared/REFERENCE.md): retention failure probability of the
// fully-connected network per phase, at one retention time.
struct PublishedTableIRow {
  double retention_s, backprop, forward;
};
inline constexpr PublishedTableIRow kPublishedTableI[] = {{1.0, 0.003, 0.00002},
                                                          {0.01, 0.002, 0.002}};

// The study's Figure 2 (shared/REFERENCE.md): LeNet-5 did not learn with errors in the inputs of
// these layers at this probability, and learnt in every other cell.
inline constexpr int kPublishedFigure2FailingLayers[] = {0, 1, 2, 10};
inline constexpr double kPublishedFigure2FailingP = 1e-5;
// Its grid: the inputs of each of LeNet-5's 12 layers at these probabilities.
inline constexpr int kPublishedFigure2Layers = 12;
inline constexpr double kPublishedFigure2Ps[] = {1e-7, 1e-6, 1e-5};
// The study's LeNet-5 did not learn in this cell.
bool published_figure2_fails(int layer, double p);

// fig2_semantics.csv: Figure 2 under one fault semantics (one campaign of the study): one layer at
// one p, over the campaign's runs without mitigation, against its own error-free baseline.
struct Figure2Row {
  static constexpr const char* kCsvHeader =
      "semantics,layer,p,runs,diverged,mean_test_accuracy,baseline_accuracy,failed,study_failed";
  std::string semantics;
  int layer = 0;
  TableNumber p;
  int runs = 0, diverged = 0;
  TableNumber mean_accuracy, baseline_accuracy;
  bool failed = false;  // fails_to_train against the baseline
  bool study_failed() const { return published_figure2_fails(layer, p); }
  // The rows of a campaign.csv, layers then p increasing (throws std::runtime_error naming the
  // file and the column when one is missing).
  static std::vector<Figure2Row> of(const std::string& semantics, const ResultCsv& campaign);
  std::string csv() const;
};

// One semantics' Figure 2 against the study's, cell by cell: a cell agrees when it fails exactly
// where the study's did.
struct Figure2Agreement {
  static constexpr const char* kMarkdownHeader =
      "| semantics | cells (count) | agree with the study (count) | the study's failing cells "
      "that fail here (count of 4) | other failing cells (count) | failing cells (layer at p) "
      "|\n|---|---|---|---|---|---|\n";
  std::string semantics;
  int cells = 0, agree = 0;
  int study_cells = 0, study_failing = 0;  // the study's failing cells in the grid; failing here
  int other_failing = 0;                   // failing cells where the study's learnt
  bool full_grid = false;                  // every layer of the study's grid at each of its p
  std::vector<std::pair<int, double>> failing;  // (layer, p), in row order
  bool reproduces() const { return full_grid && agree == cells; }
  // Per semantics, in the order they first appear.
  static std::vector<Figure2Agreement> of(const std::vector<Figure2Row>& rows);
  std::string markdown() const;
};
// The report's reading of the comparison, from the counts alone: which semantics reproduce the
// study's pattern, or which come closest (the highest share of agreeing cells), or that none
// has a cell.
std::string figure2_verdict(const std::vector<Figure2Agreement>& semantics);

// One phase of the study's Table I read against the failure model: its entries at the longer and
// the shorter retention, and the ratio of the mean distances they need (shorter over longer,
// distance_for_p_error_s). Every definition scales a line's mean time to failure with the
// retention, so the ratio does not depend on the definition; for the same distances it is 1, and
// a p_error that falls as the retention shortens (ratio below the retention ratio) needs shorter
// distances at the shorter retention, which the same workload does not give.
struct PublishedPhaseReading {
  std::string phase;  // "forward", "backpropagation"
  double retention_long_s, retention_short_s, p_long, p_short;
  double distance_ratio;
  // p_error does not fall as the retention shortens.
  bool consistent() const { return p_short >= p_long; }
};
std::vector<PublishedPhaseReading> read_published_table_i();

// report.md's distance table: one point's LLC read hits by distance range (every phase).
struct DistanceSummaryRow {
  static constexpr const char* kMarkdownHeader =
      "| point | read hits (count) | below 1 ns (%) | 1 ns - 100 ns (%) | 100 ns - 10 us (%) | "
      "10 us - 1 ms (%) | above 1 ms (%) | median bin, lower edge (ns) |\n"
      "|---|---|---|---|---|---|---|---|\n";
  std::string point;
  double read_hits = 0;
  // Shares of the read hits below 1 ns, 1-100 ns, 100 ns-10 us, 10 us-1 ms, above 1 ms (NaN
  // without hits).
  double shares[5] = {};
  double median_bin_ns = std::numeric_limits<double>::quiet_NaN();  // lower edge of its bin
  // From the rows of one run of `point`.
  static DistanceSummaryRow of(const std::string& point, const std::vector<DistanceRow>& bins);
  std::string markdown() const;
};

// report.md's Table I: one distance run's p_error per phase beside the study's.
struct TableIRow {
  static constexpr const char* kMarkdownHeader =
      "| point | definition | retention (s) | Δ (E_b / k_B T) | line MTTF (s) | forward "
      "(probability) | backward (probability) | update (probability) | study: forward "
      "(probability) | study: backprop (probability) "
      "|\n|---|---|---|---|---|---|---|---|---|---|\n";
  std::string point, definition;
  std::optional<TableNumber> retention_s, delta, line_mttf_s;  // none on SRAM
  // Per phase; forward, backward and update always (0 when the run had no such row).
  std::map<std::string, double> p_error;
  // Rows of table1_retention.csv grouped by run, in the order the runs first appear.
  static std::vector<TableIRow> of(const std::vector<RetentionRow>& rows);
  // The study's row at this retention time, if it has one.
  const PublishedTableIRow* published() const;
  std::string markdown() const;
};

// report.md's closed-loop table: one point and mitigation over its seeds.
struct ClosedLoopSummaryRow {
  std::string point, mitigation;
  int runs = 0, diverged = 0;
  // Sums over the runs.
  double test_accuracy = 0, flipped_bits = 0, time_vs_baseline = 0, energy_vs_baseline = 0;
  // Rows of closed_loop.csv grouped by point and mitigation, in the order they first appear.
  static std::vector<ClosedLoopSummaryRow> of(const std::vector<ClosedLoopRow>& rows);
  double mean_accuracy() const { return test_accuracy / runs; }
  double mean_energy() const { return energy_vs_baseline / runs; }
  // The study's failure test against the fault-free mean accuracy.
  ClosedLoopOutcome outcome(double fault_free_accuracy) const;
  static std::string markdown_header(const std::string& baseline);
  std::string markdown(double fault_free_accuracy) const;
};

// report.md's interval-sweep table: one point, policy and interval over its seeds.
struct IntervalSummaryRow {
  std::string point, policy;
  double interval_failure = 0;
  PolicyInterval interval;
  int runs = 0, diverged = 0;
  // Sums over the runs.
  double test_accuracy = 0, flipped_bits = 0, time_vs_baseline = 0, energy_vs_baseline = 0;
  // Grouped by point and policy in the order they first appear, each by increasing interval.
  static std::vector<IntervalSummaryRow> of(const std::vector<IntervalSweepRow>& rows);
  double mean_accuracy() const { return test_accuracy / runs; }
  bool trains(double fault_free_accuracy) const {
    return !fails_to_train(mean_accuracy(), fault_free_accuracy);
  }
  static std::string markdown_header(const std::string& baseline);
  std::string markdown(double fault_free_accuracy) const;
};

// Per point and policy of the sweep: whether the policy saves training at its default interval
// (the closed loop's row of that point with the policy as mitigation, if run), at which swept
// intervals it does, and the cost of the least-energy one.
std::string interval_reading(const std::vector<IntervalSummaryRow>& sweep,
                             const std::vector<ClosedLoopSummaryRow>& closed_loop,
                             double fault_free_accuracy);

// report.md's Figure-2 table: one layer's mean test accuracy at each p.
struct LayerToleranceRow {
  struct Cell {
    double mean_accuracy = std::numeric_limits<double>::quiet_NaN();
    int diverged = 0, runs = 0;
    bool failed = false;  // fails_to_train against the baseline
  };
  std::string layer;
  std::vector<Cell> cells;  // one per p of the header
  static std::string markdown_header(const std::vector<double>& ps);
  std::string markdown() const;
};

}  // namespace sttvp
