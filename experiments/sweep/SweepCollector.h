// `sttvp sweep collect DIR`: merges the jobs of a sweep into DIR/results.csv, one row per job of
// DIR/sweep.json whatever its state, so it also works while the sweep runs.
//
// Columns: job, status (done/failed/missing), seed, each grid key, then every scalar statistic of
// the jobs' stats.json flattened by dotted path (arrays as "cores[0].l1d.hits"; "_units" and
// other "_" keys left out). Statistic columns follow stats.json's own order; one that only some
// jobs have is placed right after the statistic that precedes it in the first job that has it.
// Cells of jobs that lack a statistic (or are not done) are empty. Numbers with a fraction are
// written with 15 significant digits, the decimal precision of a double (17374.5264, not
// 17374.526400000002; stats.json keeps every bit).
//
// DIR/results_units.csv, written with it, has one row per column of results.csv:
// column,unit,description, from the jobs' stats.json "_units".
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "models/common/ConfigNode.h"

namespace sttvp {

class SweepCollector {
 public:
  struct Summary {
    std::size_t jobs = 0, done = 0, failed = 0, missing = 0, columns = 0;
    std::string csv;  // path of results.csv
  };

  // Reads DIR/sweep.json (InputError if it is absent or malformed) and writes DIR/results.csv
  // and DIR/results_units.csv atomically.
  static Summary collect(const std::string& dir);

  // (dotted path, cell text) for every scalar in `stats`, in document order.
  static std::vector<std::pair<std::string, std::string>> flatten(const Json& stats);
  // Adds the keys of `keys` missing from `columns`, each after its predecessor in `keys`.
  static void merge_columns(std::vector<std::string>& columns,
                            const std::vector<std::string>& keys);
  // A scalar as a CSV cell's text: integers as JSON writes them, other numbers with 15
  // significant digits, strings unquoted, null empty.
  static std::string cell(const Json& value);
  // RFC 4180 quoting where needed.
  static std::string csv_field(const std::string& text);
};

}  // namespace sttvp
