// `sttvp replay --trace FILE --format lackey|bin [--config FILE] [--set K=V]... [--out DIR]
// [--quiet]`: replays a memory-access trace through a platform config (default
// configs/cachegrind.json) and writes the same results as `sttvp run`.
//
// It is `sttvp run` with the trace as the workload: a config whose workload is already a trace
// keeps its trace settings (e.g. max_access_bytes) and gets the file and format; any other
// workload is replaced by the trace. A config that serves memory from host memory
// (dram.store = host) is switched to a sparse store over the user address space [0, 2^47), since
// the trace's addresses are not this process's memory. Both show in the resolved config.json,
// which alone reproduces the run (`sttvp run --config DIR/config.json`).
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace sttvp {

struct ReplayOptions {
  std::string trace;
  std::string format = "lackey";
  std::string config = "configs/cachegrind.json";
  std::vector<std::string> overrides;  // KEY=VALUE, applied after the trace settings
  std::string out;                     // empty: results/<config name>
  bool quiet = false;
};

// Registers `replay` on the command line.
CLI::App* add_replay_command(CLI::App& app, ReplayOptions& options);

// Returns the process exit status. Throws InputError for bad input (also for a malformed record
// found mid-trace; nothing is written then).
int replay_command(const ReplayOptions& options);

}  // namespace sttvp
