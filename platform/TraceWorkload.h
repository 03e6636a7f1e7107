// Trace replay: a recorded memory-access stream (models/trace) as a workload.
//
// The driver runs on core 0's thread and feeds every record to that core, in order, through the
// same entry points the native kernels use: instruction fetches to Core::fetch (through the L1I if
// the platform has one), loads to Core::access as reads, stores and modifies as writes (a modify
// is one instruction reading and writing the same bytes: one line access that dirties the line,
// which is also how Cachegrind counts it, once). The private caches, the LLC, DRAM, their timing
// and their statistics are the platform's; the other cores stay idle (a trace is one thread).
//
// Time: the trace carries no timing, so only what the memory system adds (L1 miss stalls, as the
// core model charges them) advances simulated time; instructions themselves take none.
//
// Addresses are the traced program's, not this process's: the platform must use a sparse DRAM
// store that covers them (PlatformConfig checks dram.store), and a record outside it is an input
// error at its line or offset. An input error found mid-trace ends the run (Platform::run
// rethrows it once the simulation has stopped) and no results are written.
#pragma once

#include <cstdint>
#include <memory>

#include "models/trace/TraceReader.h"
#include "platform/WorkloadConfig.h"
#include "sw/workload/Executor.h"

namespace sttvp {

class TraceWorkload final : public sw::Workload {
 public:
  // Opens the trace now, so a missing file or a bad header is reported before simulating.
  TraceWorkload(const WorkloadConfig& config, std::uint64_t memory_base, std::uint64_t memory_size);
  void run(sw::Executor& executor) override;

  // Records replayed, by kind.
  std::uint64_t fetches = 0, loads = 0, stores = 0, modifies = 0;

 private:
  std::unique_ptr<TraceReader> reader_;
  std::uint32_t max_access_bytes_;
};

}  // namespace sttvp
