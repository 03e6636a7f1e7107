// The study's results, from its runs' folders: the tables (table1_retention.csv,
// fig1_write_read_distance.csv, quantum_write_read_distance.csv, quantum_shift.csv,
// fig2_semantics.csv, perf_energy.csv, working_set.csv, closed_loop.csv, interval_sweep.csv), the
// figures (drawn by the embedded scripts/plot_study.py and scripts/plot_campaign.py with
// python3-matplotlib), the resolved spec (study.json) and report.md. The tables hold only simulated
// and trained results, so the same study with the same seed gives identical tables; host times go
// to report.md.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "experiments/study/StudyPlan.h"
#include "experiments/study/StudySpec.h"
#include "experiments/study/StudyTables.h"

namespace sttvp {

class StudyReport {
 public:
  StudyReport(const StudySpec& spec, const std::vector<StudyRun>& runs, std::string dir);

  // Wall time of the whole study and of each run (0: finished by an earlier invocation).
  void set_wall_seconds(double total, std::vector<double> per_run);
  // Writes every file; throws std::runtime_error naming what failed (a table, a plot, a
  // statistic or column missing from a run's results).
  void write() const;

 private:
  // The CSV tables of the enabled sections, built from the runs' folders once; report.md is
  // made from the same rows.
  struct Tables {
    std::vector<RetentionRow> table1;
    std::vector<DistanceRow> fig1;
    std::vector<QuantumDistanceRow> quantum;
    std::vector<QuantumShiftRow> quantum_shift;
    std::vector<PerfRow> perf;
    std::vector<WorkingSetRow> working_set;
    std::vector<ClosedLoopRow> closed_loop;
    std::vector<Figure2Row> fig2;
    std::vector<IntervalSweepRow> interval_sweep;
  };
  Tables tables() const;
  std::vector<RetentionRow> table1_rows() const;
  std::vector<DistanceRow> fig1_rows() const;
  std::vector<QuantumDistanceRow> quantum_rows() const;
  // Each marked with the closed loop's outcome on the same LLC.
  std::vector<PerfRow> perf_rows(const std::vector<ClosedLoopRow>& closed_loop) const;
  // Every campaign's cells, in the spec's order of semantics.
  std::vector<Figure2Row> fig2_rows() const;
  std::vector<WorkingSetRow> working_set_rows() const;
  // The closed-loop training runs of `section` (ClosedLoop or IntervalSweep) against the
  // baseline's run of the same seed.
  std::vector<ClosedLoopRow> closed_loop_rows(StudyRun::Section section) const;
  std::vector<IntervalSweepRow> interval_sweep_rows() const;
  // The baseline's mean test accuracy over its seeds (NaN without it).
  double fault_free_accuracy(const std::vector<ClosedLoopSummaryRow>& summary) const;

  // report.md, one function per section.
  std::string report_md(const Tables& t) const;
  void summary_section(std::ostream& md) const;
  void distance_section(std::ostream& md, const Tables& t) const;
  // The share of reads at 1-100 ns under each distance definition.
  void definitions_section(std::ostream& md, const Tables& t) const;
  // How far Figure 1's histograms move with the quantum (distance.quanta).
  void quantum_section(std::ostream& md, const Tables& t) const;
  void injection_section(std::ostream& md, const std::vector<Figure2Row>& rows) const;
  void perf_section(std::ostream& md, const std::vector<PerfRow>& rows) const;
  void working_set_section(std::ostream& md, const std::vector<WorkingSetRow>& rows) const;
  void closed_loop_section(std::ostream& md, const std::vector<ClosedLoopRow>& rows) const;
  void interval_sweep_section(std::ostream& md, const Tables& t) const;
  void runs_section(std::ostream& md) const;
  // Figure 1's caption: the shares of read hits in the study's band and at 10 us - 1 ms, and the
  // line MTTF the `mean` markers show.
  std::string figure1_caption(const std::vector<DistanceSummaryRow>& summary,
                              const std::vector<TableIRow>& table1) const;
  // The study's Table I read against the failure model: its inconsistency, and per definition
  // the mean distance that would give each of its entries.
  std::string published_table_i_section(const std::vector<TableIRow>& table1) const;
  // Per workload, the fastest and the least-energy point, each with whether it trains under its
  // faults, and the same among the points that do.
  std::string best_points(const std::vector<PerfRow>& rows) const;

  const StudySpec& spec_;
  const std::vector<StudyRun>& runs_;
  std::string dir_;
  double total_seconds_ = 0;
  std::vector<double> seconds_;
};

}  // namespace sttvp
