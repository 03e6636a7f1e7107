// Top-level assembly: cores -> interconnect -> LLC -> DRAM, built from a PlatformConfig.
// SystemC can elaborate only once per process: build one Platform per process.
#pragma once

#include <memory>
#include <systemc>
#include <vector>

#include "models/cache/Llc.h"
#include "models/common/Stats.h"
#include "models/core/Core.h"
#include "models/dram/Dram.h"
#include "platform/CoreExecutor.h"
#include "platform/Interconnect.h"
#include "platform/PlatformConfig.h"
#include "sw/workload/Executor.h"

namespace sttvp {

class Platform : public sc_core::sc_module {
 public:
  Platform(sc_core::sc_module_name name, const PlatformConfig& config);
  ~Platform() override;

  // Records cores and LLC into `trace` during run() (must outlive it).
  void set_trace(TraceRecorder* trace);
  // Runs the workload's driver on core 0 (workers on every core) until it ends.
  void run(sw::Workload& workload);

  const Stats& stats() const { return stats_; }
  Llc& llc() { return *llc_; }
  Dram& dram() { return *dram_; }
  Core& core(unsigned i) { return *cores_[i]; }
  // The hierarchy write-to-read distances (stats.hierarchy_distance), or nullptr when off.
  const HierarchyDistance* hierarchy_distance() const { return hierarchy_distance_.get(); }
  unsigned core_count() const { return static_cast<unsigned>(cores_.size()); }
  double sim_time_ns() const { return sim_time_ns_; }

 private:
  void register_stats();

  PlatformConfig config_;
  std::unique_ptr<HierarchyDistance> hierarchy_distance_;  // shared by the cores
  std::vector<std::unique_ptr<Core>> cores_;
  std::unique_ptr<Interconnect> interconnect_;
  std::unique_ptr<Llc> llc_;
  std::unique_ptr<Dram> dram_;
  std::unique_ptr<CoreExecutor> executor_;
  Stats stats_;
  double sim_time_ns_ = 0;
  double energy_l1d_nj_ = 0, energy_l2_nj_ = 0, energy_llc_dynamic_nj_ = 0,
         energy_llc_refresh_nj_ = 0, energy_llc_leakage_nj_ = 0, energy_dram_nj_ = 0,
         energy_total_nj_ = 0;
};

}  // namespace sttvp
