// The shared, inclusive, multi-bank last-level cache: a TLM-2.0 target towards the cores and an
// initiator towards memory.
//
// Timing is loosely timed and never wait()s. A request arrives at t = sc_time_stamp() + delay;
// its bank (line number mod banks, i.e. address-interleaved) starts it when it has room, adds its
// latency to the delay, and is occupied for the configured busy time (per-bank ResourceCalendar,
// robust to the out-of-order arrivals of temporal decoupling).
// A miss adds the memory's latency to the same delay; write-backs of dirty victims are posted
// (they occupy memory bandwidth but do not delay the request that caused them).
//
// Data is not held here: the single data store is behind `mem` (see DESIGN.md). Reads are served
// from it and writes written through to it, through DMI when memory grants it, else through debug
// transport; a line fill whose data pointer is the store itself copies nothing.
//
// Inclusion: every line held by a private cache above is present here; evicting a line
// back-invalidates the private copies (a dirty private copy makes the victim dirty).
// DMI is refused (it would bypass hit/miss accounting); transport_dbg changes no state and no time.
#pragma once

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <systemc>
#include <tlm>
#include <vector>

#include "models/cache/CacheArray.h"
#include "models/cache/CacheConfig.h"
#include "models/cache/InitiatorExtension.h"
#include "models/common/ResourceCalendar.h"
#include "models/common/Stats.h"

namespace sttvp {

class Llc : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<Llc> in;
  tlm_utils::simple_initiator_socket<Llc> mem;

  // Serves addresses [range_base, range_base + range_size).
  Llc(sc_core::sc_module_name name, const LlcConfig& config, std::uint64_t range_base,
      std::uint64_t range_size);

  // Private caches of initiator `id`, for back-invalidation (ids below 32).
  void attach_private_cache(unsigned id, PrivateCacheControl* control);

  void register_stats(StatsScope scope);
  double dynamic_energy_nj() const;
  double leakage_energy_nj(double seconds) const { return config_.leakage_mw * 1e6 * seconds; }

  const CacheArray& array() const { return array_; }

  // Statistics (lines; one transaction may cover several lines).
  std::uint64_t reads = 0, writes = 0;
  std::uint64_t read_hits = 0, read_misses = 0, write_hits = 0, write_misses = 0;
  std::uint64_t hits = 0, misses = 0;
  std::uint64_t fills = 0;               // lines brought in from memory
  std::uint64_t writebacks = 0;          // dirty victims written to memory
  std::uint64_t back_invalidations = 0;  // private copies dropped for inclusion or exclusivity
  std::uint64_t array_reads = 0, array_writes = 0;
  double bank_wait_ns = 0;

 private:
  static constexpr unsigned kMaxTrackedInitiators = 32;

  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& trans);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi&) { return false; }
  void invalidate_dmi(sc_dt::uint64, sc_dt::uint64) { dmi_valid_ = false; }

  // Timing and bookkeeping of one line; returns false if memory answered with an error.
  bool access_line(std::uint64_t line, bool write, bool full_line, const InitiatorExtension* ext,
                   sc_core::sc_time& delay);
  // Occupies `bank` for `busy` starting no earlier than `arrival`; returns the wait.
  sc_core::sc_time occupy_bank(unsigned bank, const sc_core::sc_time& arrival,
                               const sc_core::sc_time& busy);
  // Evicts (set, way): back-invalidates private copies, writes back if dirty (posted).
  void evict(std::uint64_t set, unsigned way, const sc_core::sc_time& when);
  // Drops private copies in the sharers of `mask`; returns true if one of them was dirty.
  bool invalidate_sharers(std::uint64_t line, std::uint32_t mask);
  // A timing transaction to memory for one line; returns the memory's response status.
  tlm::tlm_response_status memory_access(tlm::tlm_command cmd, std::uint64_t line,
                                         sc_core::sc_time& delay);
  // Pointer to the store's bytes [addr, addr+len) through DMI, or nullptr.
  unsigned char* store_pointer(std::uint64_t addr, std::uint64_t len);
  // Moves request data between a payload buffer and the store.
  void copy_data(std::uint64_t addr, unsigned char* data, std::uint64_t len, bool to_store);

  LlcConfig config_;
  std::uint64_t range_base_, range_size_;
  unsigned line_bytes_;
  CacheArray array_;
  std::vector<std::uint32_t> sharers_;  // per line: bit i = initiator i holds a private copy
  std::vector<PrivateCacheControl*> private_caches_;
  std::vector<ResourceCalendar> banks_;
  sc_core::sc_time read_latency_, write_latency_, read_busy_, write_busy_;
  tlm::tlm_dmi dmi_;
  bool dmi_valid_ = false;
  bool dmi_refused_ = false;
  tlm::tlm_generic_payload mem_trans_;
  std::vector<unsigned char> scratch_;
};

}  // namespace sttvp
