// `sttvp sweep SPEC [--local N | --slurm [--wait]] [--out DIR]` and `sttvp sweep collect DIR`.
//
// The sweep expands SPEC (see SweepSpec) into jobs, checks every job's config exactly as
// `sttvp run` would, writes DIR/sweep.json, then runs the unfinished jobs: here, as child
// processes of the same executable, or as a Slurm job array. Jobs already done are skipped, so
// running the same command again resumes an interrupted or partly failed sweep. At the end, and
// on `collect`, the finished jobs are merged into DIR/results.csv (see SweepCollector).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace sttvp {

struct SweepOptions {
  std::string spec;
  std::string out;     // empty: results/<spec name>
  unsigned local = 0;  // jobs at a time; 0: one per available core
  // Largest grid run without being asked for: a typo (a 1000-value list) must not make a
  // million job folders and a sweep.json of hundreds of MB.
  std::size_t max_jobs = 10000;
  bool slurm = false;
  bool wait = false;  // --slurm: wait until the array has ended
  double poll_seconds = 2;
  bool dry_run = false;
  std::vector<std::string> sbatch_args;
  std::string collect_dir;  // set: `sttvp sweep collect DIR`
};

// Registers `sweep` (with its nested `collect`) on the command line.
CLI::App* add_sweep_command(CLI::App& app, SweepOptions& options);

// Returns the exit status: 0 when every job is done, 1 when some failed or did not finish,
// 128 + signal when interrupted. Throws InputError for a bad spec (before anything is written).
int sweep_command(const SweepOptions& options);

}  // namespace sttvp
