// `sttvp run`: simulate one platform config with its workload and write config.json,
// stats.json, stats.csv, write_read_distance.csv and retention.csv (and hierarchy_distance.csv with
// stats.hierarchy_distance, a VCD trace on request).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/VcdOutput.h"

namespace sttvp {

struct RunOptions {
  std::string config;
  std::vector<std::string> overrides;  // KEY=VALUE
  std::optional<std::uint64_t> seed;
  std::string out;  // empty: results/<config name>
  bool quiet = false;
  VcdOptions vcd;
};

// Returns the process exit status. Throws InputError for bad input.
int run_command(const RunOptions& options);

}  // namespace sttvp
