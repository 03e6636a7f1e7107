// `sttvp run`: simulate one platform config with its workload and write config.json,
// stats.json, stats.csv, write_read_distance.csv and retention.csv (and a VCD trace on request).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sttvp {

struct RunOptions {
  std::string config;
  std::vector<std::string> overrides;  // KEY=VALUE
  std::optional<std::uint64_t> seed;
  std::string out;  // empty: results/<config name>
  bool quiet = false;
  std::string vcd;          // VCD trace file, if any
  double vcd_start_ns = 0;  // trace window
  double vcd_end_ns = -1;   // negative: to the end
  std::size_t vcd_max_changes = 20'000'000;
};

// Returns the process exit status. Throws InputError for bad input.
int run_command(const RunOptions& options);

}  // namespace sttvp
