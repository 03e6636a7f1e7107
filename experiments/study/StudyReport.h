// The study's results, from its runs' folders: the tables (table1_retention.csv,
// fig1_write_read_distance.csv, perf_energy.csv, closed_loop.csv), the figures (drawn by the
// embedded scripts/plot_study.py and scripts/plot_campaign.py with python3-matplotlib), the
// resolved spec (study.json) and report.md. The tables hold only simulated and trained results,
// so the same study with the same seed gives identical tables; host times go to report.md.
#pragma once

#include <string>
#include <vector>

#include "experiments/study/StudyPlan.h"
#include "experiments/study/StudySpec.h"

namespace sttvp {

class StudyReport {
 public:
  StudyReport(const StudySpec& spec, const std::vector<StudyRun>& runs, std::string dir);

  // Wall time of the whole study and of each run (0: finished by an earlier invocation).
  void set_wall_seconds(double total, std::vector<double> per_run);
  // Writes every file; throws std::runtime_error naming what failed (a table, a plot).
  void write() const;

 private:
  // The CSV tables of the enabled sections, read from the runs' folders.
  struct Tables {
    std::string table1, fig1, perf, closed_loop;
  };
  Tables tables() const;
  std::string table1_csv() const;
  std::string fig1_csv() const;
  std::string perf_csv() const;
  std::string closed_loop_csv() const;
  std::string report_md(const Tables& t) const;

  const StudySpec& spec_;
  const std::vector<StudyRun>& runs_;
  std::string dir_;
  double total_seconds_ = 0;
  std::vector<double> seconds_;
};

}  // namespace sttvp
