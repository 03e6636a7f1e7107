// `sttvp inject`: open-loop fault-injection campaigns (the study's Figure 2 and beyond).
//
//   sttvp inject SPEC.json [--out DIR] [--jobs N] [--quiet]
//       runs every run of the campaign (CampaignSpec) that is not finished yet, N at a time
//       (default: one per available core), each as a child `sttvp inject SPEC --run ID`, with a
//       progress line on stderr; then writes DIR/campaign.csv and DIR/summary.md
//       (CampaignReport). DIR defaults to results/<spec name>. Running it again skips the runs
//       whose DIR/runs/<id>/result.json holds the same settings, so an interrupted campaign
//       resumes; runs whose settings changed are redone.
//   sttvp inject SPEC.json --run ID [--out DIR] [--log-flips] [--replay FLIPS.csv]
//       one run, in this process: writes DIR/runs/ID/result.json (and flips.csv with
//       --log-flips or the spec's log_flips); --replay applies a flip log instead of sampling.
//   sttvp inject SPEC.json --list
//       prints the runs' ids, one per line.
//
// A bad spec exits with status 2 and one line before anything is written.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace sttvp {

struct InjectOptions {
  std::string spec;
  std::string out;    // empty: results/<spec name>
  unsigned jobs = 0;  // 0: one per available core
  std::string run;    // one run, in this process
  std::string replay;
  bool log_flips = false;
  bool list = false;
  bool quiet = false;
};

CLI::App* add_inject_command(CLI::App& app, InjectOptions& options);

// Returns the exit status: 0 when every run finished, 1 when some failed, 128 + signal when
// interrupted. Throws InputError for bad input (before anything is written).
int inject_command(const InjectOptions& options);

}  // namespace sttvp
