// `sttvp study [SPEC.json] [--quick | --full] [--out DIR] [--jobs N]`: runs the whole study end
// to end (Figure 1 and Table I, the Figure-2 campaign, performance and energy per design point,
// closed-loop training with mitigations) as child runs of this program in a process pool, then
// writes the tables, the figures and DIR/report.md (StudyReport).
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace sttvp {

struct StudyOptions {
  std::string spec;  // empty: the embedded default study
  bool quick = false;
  bool full = false;
  std::string out;  // empty: results/study-<name>[-quick|-full]
  unsigned jobs = 0;
  bool quiet = false;  // no progress line (the final line, naming the report, still prints)
  bool list = false;   // print the planned runs and stop
};

CLI::App* add_study_command(CLI::App& app, StudyOptions& options);

// Returns the exit status. Throws InputError for bad input (before anything is written).
int study_command(const StudyOptions& options);

}  // namespace sttvp
