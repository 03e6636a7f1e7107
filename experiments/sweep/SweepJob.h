// One job of a sweep: a `sttvp run` of the sweep's base config with its own --set overrides and
// seed. Its id, "<index>-<hash>", is readable and stable: the index is its position in the
// expansion, the hash is taken over its overrides and seed, so a job whose settings changed gets
// a new folder instead of being mistaken for a finished one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/common/ConfigNode.h"

namespace sttvp {

class SweepJob {
 public:
  struct Override {
    std::string key;     // dotted config key, as for --set
    Json value;          // passed as JSON, so strings stay strings and numbers stay numbers
    std::string origin;  // where the spec defined it, e.g. "grid.llc.ways[1]" or "set.x"
  };

  std::size_t index = 0;
  std::string id;
  std::optional<std::uint64_t> seed;               // --seed; none: the config's own sim.seed
  std::vector<std::pair<std::string, Json>> grid;  // this job's value of each grid key
  std::vector<Override> overrides;                 // in the order they are applied

  // "key=<value as JSON>" for each override.
  std::vector<std::string> set_arguments() const;
  // The sttvp arguments (without the program name) that run this job into `out_dir`.
  std::vector<std::string> run_arguments(const std::string& config,
                                         const std::string& out_dir) const;

  // "<index, zero-padded to at least 4 digits>-<8 hex digits of FNV-1a over overrides and seed>".
  static std::string make_id(std::size_t index, const std::vector<Override>& overrides,
                             const std::optional<std::uint64_t>& seed);
  // True for strings make_id can produce (checked before a job folder is touched).
  static bool valid_id(const std::string& id);

  // The job as written to sweep.json, and back; `file` names sweep.json in errors.
  Json to_json() const;
  static SweepJob from_json(const Json& value, const std::string& file, const std::string& path);
};

}  // namespace sttvp
