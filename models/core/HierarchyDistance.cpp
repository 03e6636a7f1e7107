#include "models/core/HierarchyDistance.h"

#include <ostream>
#include <string>

#include "sw/probe/Probe.h"

namespace sttvp {

namespace {
const char* phase_name(int p) { return sw::phase_name(static_cast<sw::Phase>(p)); }

std::uint64_t total(const std::array<DistanceHistogram, HierarchyDistance::kPhases>& h) {
  std::uint64_t n = 0;
  for (const DistanceHistogram& d : h) n += d.total();
  return n;
}
}  // namespace

void HierarchyDistance::register_stats(StatsScope s) {
  s.add(
      "reads_to_llc", [this] { return static_cast<double>(total(to_llc_read_)); }, "reads",
      "reads that reached the LLC, of lines written in the hierarchy before (histogram per phase "
      "in hierarchy_distance.csv, ns)");
  s.add(
      "reads_any", [this] { return static_cast<double>(total(to_any_read_)); }, "reads",
      "line reads at any level, of lines written in the hierarchy before");
  s.add("unwritten_reads", &unwritten_reads, "reads",
        "line reads of lines not written since the run began (no distance)");
  s.add("inversions", &inversions, "reads",
        "reads stamped before their line's last write (temporal decoupling), counted at "
        "distance 0");
  s.add(
      "written_lines", [this] { return static_cast<double>(last_write_.size()); }, "lines",
      "distinct lines written in the hierarchy");
}

void HierarchyDistance::write_csv(std::ostream& out) const {
  out << "definition,phase,bin_lo_ns,bin_hi_ns,count\n";
  const auto rows = [&](const char* definition,
                        const std::array<DistanceHistogram, kPhases>& histograms) {
    for (int p = 0; p < kPhases; ++p)
      if (histograms[static_cast<std::size_t>(p)].total() > 0)
        histograms[static_cast<std::size_t>(p)].write_csv_rows(
            out, std::string(definition) + ',' + phase_name(p) + ',');
  };
  rows("hierarchy_write_to_llc_read", to_llc_read_);
  rows("hierarchy_write_to_any_read", to_any_read_);
}

}  // namespace sttvp
