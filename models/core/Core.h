// A Skylake-class core: a loosely-timed TLM-2.0 initiator that runs native kernels.
//
// The core runs workload code in its SC_THREAD. The code reports its memory traffic and work
// through sw/probe/Probe.h; the core is the installed ProbeSink. Every reported range is split into
// cache lines and handed to the core's PrivateHierarchy (the private L1D, and the optional L1I and
// L2, in plain C++), which says which level served each line and which requests go to the LLC.
// Only those (line fills and write-backs) go to the LLC: those of one probe call (a range) in one
// b_transport carrying a LineBatch, through which the LLC asks the core for each next request as
// it answers the previous one (models/cache/LineBatch.h); tagged with an InitiatorExtension. The
// LLC's back-invalidations are passed on to the hierarchy.
//
// The optional levels serve trace replay (platform/TraceWorkload) and mirror simpler hierarchies
// such as Cachegrind's: without an L1I (cores.l1i) fetch() only counts instructions; without an
// L2 (cores.l2 absent or "enabled": false) L1 misses and dirty L1D victims go straight to the LLC.
//
// Timing model (documented in models/core/README.md): time advances by
//   compute: flops / (flops_per_cycle * compute_efficiency) cycles,
//   memory:  for every line access that misses the L1D, (its latency beyond the L1D hit latency)
//            / mlp cycles, where the latency beyond the L2 is whatever the TLM target returned,
//   idle:    as reported.
// L1D hits cost no stall (they are hidden by the out-of-order pipeline). Write-backs are posted.
// An L1I miss stalls the front end for its whole latency beyond the L1I hit latency (no overlap:
// the core has nothing to execute until the line arrives).
// Time is kept in a tlm_quantumkeeper; the core synchronises when its quantum is used up. Between
// synchronisations the local time is an integer count of ps, checked against the keeper's sync
// point without a SystemC call per access.
#pragma once

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

#include <cstdint>
#include <exception>
#include <functional>
#include <systemc>
#include <tlm>
#include <utility>

#include "models/cache/InitiatorExtension.h"
#include "models/cache/LineBatch.h"
#include "models/common/Stats.h"
#include "models/common/TraceRecorder.h"
#include "models/core/CoreConfig.h"
#include "models/core/HierarchyDistance.h"
#include "models/core/PrivateHierarchy.h"
#include "sw/probe/Probe.h"

namespace sttvp {

class Core : public sc_core::sc_module,
             public sw::ProbeSink,
             public PrivateCacheControl,
             public LineBatch::Source {
  // Declared first: the statistics below refer to its counters.
  PrivateHierarchy hierarchy_;

 public:
  tlm_utils::simple_initiator_socket<Core> out;

  // `data_is_host_memory`: the memory's store is host memory (simulated address = host address),
  // so a fill's data pointer is the line itself and no data is copied.
  Core(sc_core::sc_module_name name, unsigned id, const CoreConfig& config,
       bool data_is_host_memory);
  ~Core() override;

  unsigned id() const { return id_; }

  // What this core's thread runs: `main` once (the driver core), or, if none, jobs given to it by
  // start_job() until stop().
  void set_main(std::function<void()> main) { main_ = std::move(main); }
  void start_job(const std::function<void(unsigned)>* body, unsigned worker, sw::Phase phase,
                 int layer);
  void stop();
  bool busy() const { return job_ != nullptr; }
  const sc_core::sc_event& job_done() const { return job_done_; }
  // The exception that ended the last job, if one did (then cleared): the executor rethrows it
  // on the driver core, so a worker's error ends the run like the driver's own.
  std::exception_ptr take_job_failure() { return std::exchange(job_failure_, nullptr); }
  // Runs body(worker) on the calling thread, which must be this core's thread.
  void run_inline(const std::function<void(unsigned)>& body, unsigned worker) { body(worker); }
  // Brings the core's local time into simulation time (may wait()).
  void sync();
  // Re-installs this core as the probe sink after its thread resumed from a wait(), and notes
  // the simulation time.
  void resume();
  sw::Phase current_phase() const { return phase_; }
  int current_layer() const { return layer_; }

  // sw::ProbeSink
  void read(const void* addr, std::size_t bytes) override {
    access(host_address(addr), bytes, false);
  }
  void write(const void* addr, std::size_t bytes) override {
    access(host_address(addr), bytes, true);
  }
  void compute(std::uint64_t flops) override;
  void idle(double ns) override;
  void phase(sw::Phase phase, int layer) override;

  // A data access to the bytes [addr, addr + bytes) of simulated memory (a read, or a write,
  // which also covers a read-modify-write of the same bytes); split into lines.
  void access(std::uint64_t addr, std::size_t bytes, bool write);
  // An instruction fetch of [addr, addr + bytes); counted as one instruction.
  void fetch(std::uint64_t addr, std::size_t bytes);

  // PrivateCacheControl
  bool back_invalidate(std::uint64_t line) override;
  // LineBatch::Source: the stall of the miss the LLC just answered, then the next step of it or
  // the next lines of the range up to their next LLC requests.
  bool next(LineBatch& batch) override;

  // Records this core's line writes and reads into `distance` (shared by all cores; must outlive
  // the simulation), or nothing (nullptr, the default).
  void set_hierarchy_distance(HierarchyDistance* distance) { distance_ = distance; }
  // Records this core's phase and layer into `trace` (must outlive the simulation).
  void set_trace(TraceRecorder* trace);

  void register_stats(StatsScope scope);
  double energy_l1d_nj() const;
  double energy_l1i_nj() const;
  double energy_l2_nj() const;
  // Simulation time at which this core last finished work.
  const sc_core::sc_time& finish_time() const { return finish_time_; }

  // Statistics (those of the private levels are the hierarchy's counters).
  std::uint64_t line_reads = 0, line_writes = 0;
  std::uint64_t instructions = 0, line_fetches = 0;
  const std::uint64_t &l1i_hits, &l1i_misses;
  const std::uint64_t &l1d_hits, &l1d_misses, &l1d_writebacks;
  const std::uint64_t &l2_hits, &l2_misses, &l2_writebacks;
  std::uint64_t flops = 0;
  double compute_cycles = 0, stall_cycles = 0, idle_ns = 0;

 private:
  static constexpr std::size_t kThreadStackBytes = std::size_t{16} << 20;
  static std::uint64_t host_address(const void* p) {
    return static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(p));
  }
  using Level = PrivateHierarchy::Level;
  void thread();
  // Starts a new quantum at the current simulation time.
  void reset_time();
  // One line of the range being accessed (counted; an L2 hit's stall applied): the level that
  // served it. Level::Llc: the miss's first requests are in the batch.
  Level access_line(std::uint64_t line, bool write) {
    write ? ++line_writes : ++line_reads;
    if (distance_ != nullptr) return access_line_measured(line, write);
    return hierarchy_.hit_l1d(line, write) ? Level::L1 : miss_l1d(line, write);
  }
  // access_line, recording the write or the read's distance into distance_.
  [[gnu::noinline]] Level access_line_measured(std::uint64_t line, bool write);
  // Kept out of access_line so that the hit path stays small.
  [[gnu::noinline]] Level miss_l1d(std::uint64_t line, bool write);
  void fetch_line(std::uint64_t line);
  // Moves requests_ into the batch, issued at the current local time.
  void to_batch();
  // Sends the batch; the LLC pulls the rest of the range through next(). Then synchronises if
  // the core's time reached the sync point meanwhile.
  void send();
  void stall(double cycles) {
    stall_cycles += cycles;
    advance_cycles(cycles);
  }
  void advance_cycles(double cycles);
  void finish_job();

  unsigned id_;
  CoreConfig config_;
  bool data_is_host_memory_;
  unsigned line_shift_;
  double cycle_ps_;
  double extra_l2_cycles_;        // L2 hit latency beyond the L1D hit latency
  double extra_l2_fetch_cycles_;  // L2 hit latency beyond the L1I hit latency
  LlcRequests requests_;          // what the hierarchy asks of the LLC, not yet sent
  // The keeper, with its next sync point readable.
  struct QuantumKeeper : tlm_utils::tlm_quantumkeeper {
    std::uint64_t next_sync_ps() const { return m_next_sync_point.value(); }
  } qk_;
  std::uint64_t local_ps_ = 0;      // local time ahead of simulation time
  std::uint64_t now_ps_ = 0;        // simulation time when the thread last resumed
  std::uint64_t next_sync_ps_ = 0;  // the keeper's sync point
  double pending_ps_ = 0;           // sub-picosecond remainder of advanced time

  tlm::tlm_generic_payload trans_;
  InitiatorExtension* ext_;
  LineBatch* batch_;
  // The range being accessed: its next line, last line, and kind.
  std::uint64_t next_line_ = 0, last_line_ = 0;
  bool writing_ = false;
  bool fetching_ = false;   // the batch is an instruction fetch's (one line, the whole latency)
  bool serving_ = false;    // inside the LLC's b_transport: synchronisation must wait
  bool pulled_ = false;     // the LLC asked for a next step (it served the batch)
  bool must_sync_ = false;  // the local time reached the sync point while serving_
  double fill_cycles_ = 0;  // the latency of the current miss's fill
  unsigned char scratch_[256] = {};

  std::function<void()> main_;
  const std::function<void(unsigned)>* job_ = nullptr;
  unsigned job_worker_ = 0;
  std::exception_ptr job_failure_;
  bool stopping_ = false;
  sc_core::sc_event start_, job_done_;
  sc_core::sc_time finish_time_;

  sw::Phase phase_ = sw::Phase::None;
  int layer_ = sw::kNoLayer;
  TraceRecorder* trace_ = nullptr;
  HierarchyDistance* distance_ = nullptr;
  int trace_phase_ = -1, trace_layer_ = -1;
};

}  // namespace sttvp
