// Statistics registry. Every module registers its statistics once, each with a dotted path, a
// unit and a description; the registry reads their current values when the results are written.
// Path segments written "name[i]" become JSON arrays, so "cores[1].l1d.hits" is
// stats["cores"][1]["l1d"]["hits"]. Output order is registration order (deterministic).
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "models/common/ConfigNode.h"

namespace sttvp {

class Stats {
 public:
  struct Entry {
    std::string path;
    std::string unit;
    std::string description;
    std::function<Json()> value;
  };

  void add(const std::string& path, const std::uint64_t* counter, const std::string& unit,
           const std::string& description);
  void add(const std::string& path, const double* value, const std::string& unit,
           const std::string& description);
  void add(const std::string& path, std::function<double()> value, const std::string& unit,
           const std::string& description);

  // Nested values, plus "_units": {path: {"unit": ..., "description": ...}}.
  Json to_json() const;
  // CSV with header: stat,value,unit,description
  void write_csv(std::ostream& out) const;

  const std::vector<Entry>& entries() const { return entries_; }
  // Current value of a registered statistic (throws std::out_of_range if unknown).
  double value(const std::string& path) const;

 private:
  std::vector<Entry> entries_;
};

// Prefix helper: Stats scope("llc.") registers "llc.hits" etc.
class StatsScope {
 public:
  StatsScope(Stats& stats, std::string prefix) : stats_(stats), prefix_(std::move(prefix)) {}
  template <typename T>
  void add(const std::string& name, T&& value, const std::string& unit, const std::string& desc) {
    stats_.add(prefix_ + name, std::forward<T>(value), unit, desc);
  }
  StatsScope sub(const std::string& name) const { return {stats_, prefix_ + name + "."}; }

 private:
  Stats& stats_;
  std::string prefix_;
};

}  // namespace sttvp
