// A sweep specification: a base platform config, a grid of config values whose cross product
// gives the jobs, fixed overrides shared by all jobs, seeds, and Slurm options.
//
//   {
//     "name": "ways-vs-writes",                        optional; default: the spec file's stem
//     "config": "../configs/skylake-sram.json",        relative to the spec file
//     "grid": {"llc.ways": [8, 16], "workload.write_fraction": [0, 0.5, 1]},
//     "set": {"workload.bytes": 1048576},              optional, applied before the grid values
//     "seeds": [1, 2],                                 optional; default: the config's sim.seed
//     "slurm": {"sbatch_args": ["--time=00:10:00"]}    optional
//   }
//
// Parsing checks the spec itself (types, empty or duplicate values, keys given twice, unknown
// keys); every error is an InputError naming the spec file and the key path, e.g.
// "grid.llc.ways[1]". Whether the values make valid platform configs is checked per job by the
// sweep command, which knows PlatformConfig.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "experiments/sweep/SweepJob.h"
#include "models/common/ConfigNode.h"

namespace sttvp {

class SweepSpec {
 public:
  struct Axis {
    std::string key;
    std::vector<Json> values;
  };

  std::string file;    // the spec, as given
  std::string name;    // [A-Za-z0-9._-]+
  std::string config;  // the base config, absolute and normalised
  std::vector<Axis> grid;
  std::vector<std::pair<std::string, Json>> fixed;  // "set"
  std::vector<std::uint64_t> seeds;                 // empty: no --seed
  std::vector<std::string> sbatch_args;

  static SweepSpec load(const std::string& file);
  // Same checks on an in-memory document; `file` names it in errors and anchors "config".
  static SweepSpec parse(const Json& spec, const std::string& file);

  // The cross product in a fixed order: the first grid key varies slowest, the seeds fastest.
  // Each job applies the fixed overrides, then its grid values.
  std::vector<SweepJob> expand() const;
  std::size_t job_count() const;

  // True when setting one dotted key would replace, or be replaced by, setting the other
  // ("llc" and "llc.ways", or a key and itself).
  static bool overlaps(const std::string& a, const std::string& b);
};

}  // namespace sttvp
