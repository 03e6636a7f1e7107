#include "platform/Platform.h"

#include <exception>

namespace sttvp {

using sc_core::SC_NS;
using sc_core::sc_time;

Platform::Platform(sc_core::sc_module_name name, const PlatformConfig& config)
    : sc_module(name), config_(config) {
  // The global quantum bounds how far a core runs ahead of simulation time.
  tlm_utils::tlm_quantumkeeper::set_global_quantum(sc_time(config.sim.quantum_ns, SC_NS));

  const bool host_memory = config.dram.store == "host";
  interconnect_ = std::make_unique<Interconnect>(
      "interconnect", sc_time(config.interconnect.latency_cycles / config.cores.clock_ghz, SC_NS));
  llc_ = std::make_unique<Llc>("llc", config.llc, config.dram.base, config.dram.size_bytes);
  dram_ = std::make_unique<Dram>("dram", config.dram, config.line_bytes);
  if (config.stats.hierarchy_distance) hierarchy_distance_ = std::make_unique<HierarchyDistance>();
  std::vector<Core*> raw;
  for (unsigned i = 0; i < config.cores.count; ++i) {
    std::string n = "core" + std::to_string(i);
    cores_.push_back(std::make_unique<Core>(n.c_str(), i, config.cores, host_memory));
    cores_.back()->out.bind(interconnect_->in);
    cores_.back()->set_hierarchy_distance(hierarchy_distance_.get());
    llc_->attach_private_cache(i, cores_.back().get());
    raw.push_back(cores_.back().get());
  }
  interconnect_->out.bind(llc_->in);
  llc_->mem.bind(dram_->in);
  executor_ = std::make_unique<CoreExecutor>(raw);
  register_stats();
}

Platform::~Platform() = default;

void Platform::set_trace(TraceRecorder* trace) {
  for (auto& c : cores_) c->set_trace(trace);
  llc_->set_trace(trace);
}

void Platform::run(sw::Workload& workload) {
  // An exception from the workload's driver (e.g. a malformed trace record found mid-run) ends
  // the run; it is rethrown here with its type intact once the simulation has stopped, instead
  // of turning into a SystemC report inside the kernel.
  std::exception_ptr failure;
  cores_[0]->set_main([this, &workload, &failure] {
    try {
      workload.run(*executor_);
    } catch (const sc_core::sc_unwind_exception&) {
      throw;  // the kernel's own process unwinding
    } catch (...) {
      failure = std::current_exception();
    }
    executor_->shutdown();
  });
  sc_core::sc_start();
  if (failure) std::rethrow_exception(failure);
  sim_time_ns_ = 0;
  for (const auto& c : cores_)
    sim_time_ns_ = std::max(sim_time_ns_, c->finish_time().to_seconds() * 1e9);
  llc_->finalize(sc_time(sim_time_ns_, SC_NS));
  llc_->register_split_stats(stats_);
  energy_l1d_nj_ = energy_l2_nj_ = 0;
  for (const auto& c : cores_) {
    energy_l1d_nj_ += c->energy_l1d_nj() + c->energy_l1i_nj();
    energy_l2_nj_ += c->energy_l2_nj();
  }
  energy_llc_dynamic_nj_ = llc_->stats().dynamic_energy_nj();
  energy_llc_refresh_nj_ = llc_->stats().refresh_energy_nj();
  energy_llc_leakage_nj_ = llc_->stats().leakage_energy_nj(sim_time_ns_ * 1e-9);
  energy_dram_nj_ = dram_->energy_nj();
  energy_total_nj_ = energy_l1d_nj_ + energy_l2_nj_ + energy_llc_dynamic_nj_ +
                     energy_llc_refresh_nj_ + energy_llc_leakage_nj_ + energy_dram_nj_;
}

void Platform::register_stats() {
  stats_.add("sim_time_ns", &sim_time_ns_, "ns", "simulated time until the last core finished");
  for (unsigned i = 0; i < cores_.size(); ++i)
    cores_[i]->register_stats(StatsScope(stats_, "cores[" + std::to_string(i) + "]."));
  llc_->register_stats(StatsScope(stats_, "llc."));
  dram_->register_stats(StatsScope(stats_, "dram."));
  if (hierarchy_distance_)
    hierarchy_distance_->register_stats(StatsScope(stats_, "hierarchy_distance."));
  StatsScope e(stats_, "energy_nj.");
  e.add("l1d", &energy_l1d_nj_, "nJ", "dynamic energy of all L1D (and L1I, if modelled) caches");
  e.add("l2", &energy_l2_nj_, "nJ", "dynamic energy of all L2 caches");
  e.add("llc_dynamic", &energy_llc_dynamic_nj_, "nJ",
        "dynamic energy of the LLC data array (reads, fills, write-backs; ECC overhead)");
  e.add("llc_refresh", &energy_llc_refresh_nj_, "nJ", "LLC refresh reads and rewrites");
  e.add("llc_leakage", &energy_llc_leakage_nj_, "nJ", "LLC static power x simulated time");
  e.add("dram", &energy_dram_nj_, "nJ", "DRAM energy of line reads and writes");
  e.add("total", &energy_total_nj_, "nJ", "sum of the above");
}

}  // namespace sttvp
