// The shared, inclusive, multi-bank last-level cache: a TLM-2.0 target towards the cores and an
// initiator towards memory. Each way is SRAM or STT-RAM (all SRAM, all STT-RAM, or a hybrid of
// k SRAM ways and the rest STT-RAM).
//
// Timing is loosely timed and never wait()s. A request arrives at t = sc_time_stamp() + delay;
// its bank (line number mod banks, i.e. address-interleaved) starts it when it has room, adds its
// technology's latency to the delay, and is occupied for the technology's busy time (per-bank
// ResourceCalendar, robust to the out-of-order arrivals of temporal decoupling). A miss adds the
// memory's latency; the fill is written into the array, occupying the bank for a write, when the
// data arrives; write-backs of dirty victims are posted. Each line keeps when its data is ready
// (fill arrival, write start); a read hit arriving before that waits for it (hit under fill), and
// one stamped before the access that brought the data is counted as a timestamp inversion.
//
// Data is not held here: the single data store is behind `mem` (see DESIGN.md). Reads are served
// from it and writes written through to it, through DMI when memory grants it, else through debug
// transport.
//
// Retention (STT-RAM ways): a line remembers when its data was last written (fill, write-back,
// refresh, ECC scrub), and the time of its first bit flip, drawn then (RetentionEngine). On a
// read hit, at the read's decoupled time, the LLC records the write-to-read distance, adds the
// line's analytic failure probability, counts a deterministic expiry if the distance exceeds the
// retention time, and, only if the read comes after the line's next flip, asks the cell model
// which bits of this physical line have flipped since the write (models/sttram/WeakCellModel).
// New flips are XORed into the data store, so the next reader consumes them: permanent on a dirty
// line; on a clean line they are undone when the line leaves the hierarchy, unless it was written
// meanwhile. A dirty line leaving the LLC has its flips sampled at the eviction, so memory
// receives them.
// Policies (expire, refresh, ecc) are also accounted lazily, when a line is next touched or
// evicted, and at the end of the run; no process or event per line.
//
// Inclusion: evicting a line back-invalidates the private copies (a dirty private copy makes the
// victim dirty). DMI is refused; transport_dbg changes no state, no statistics and no time.
//
// A core's payload carrying a LineBatch is served request by request, each as that core's
// one-line transaction at its own issue time (LineBatch.h).
//
// Payloads (IEEE 1666 clause 14, models/common/TargetPayload.h): any size and alignment inside
// the range, within a line or spanning lines (each line counted); byte enables honoured (only
// enabled bytes move; a line without enabled bytes is not accessed; a write fills a line without
// fetching only if all its bytes are enabled); streaming width < data length executes the beats
// in order, each beat accessing its lines. Every payload gets a response status.
#pragma once

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <array>
#include <functional>
#include <iosfwd>
#include <memory>
#include <systemc>
#include <tlm>
#include <vector>

#include "models/cache/CacheArray.h"
#include "models/cache/CacheConfig.h"
#include "models/cache/InitiatorExtension.h"
#include "models/cache/LineBatch.h"
#include "models/cache/LlcStats.h"
#include "models/cache/RetentionEngine.h"
#include "models/common/ResourceCalendar.h"
#include "models/common/Stats.h"
#include "models/common/TargetPayload.h"
#include "models/common/TraceRecorder.h"

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
  // Records bank occupancy and LLC events into `trace` (must outlive the simulation).
  void set_trace(TraceRecorder* trace);
  // Called for every retention flip, write error or read disturb applied to the data store: byte
  // address, bit in the byte (0 = least significant), and whether it is permanent (dirty line) or
  // will be undone when the line leaves the hierarchy (clean line). For mapping faults to tensors.
  using FlipObserver = std::function<void(std::uint64_t addr, unsigned bit, bool permanent)>;
  void set_flip_observer(FlipObserver observer) { flip_observer_ = std::move(observer); }
  // Settles the lazily accounted policy work (refreshes, early write-backs) up to `end`.
  void finalize(const sc_core::sc_time& end);

  const LlcConfig& config() const { return config_; }
  const CacheArray& array() const { return array_; }

  // Bytes of model state per line: the tag array's and the per-line record's.
  static constexpr std::size_t metadata_bytes_per_line() {
    return CacheArray::kMetadataBytesPerLine + sizeof(Line) + RetentionEngine::kBytesPerLine;
  }

  const LlcStats& stats() const { return stats_; }
  void register_stats(StatsScope scope) { stats_.register_stats(scope); }
  // Per-phase and per-layer statistics, for the phases and layers that had traffic.
  void register_split_stats(Stats& stats) { stats_.register_split_stats(stats); }

 private:
  static constexpr unsigned kMaxTrackedInitiators = 32;

  // The state of one line besides its tag that every access touches (20 bytes: packed to 4-byte
  // alignment so that the per-line budget holds).
#pragma pack(push, 4)
  struct Line {
    // When its current data is in the array, ready for a reader: a fill's data arrival, a write's
    // start in its bank. The residency (retention) starts then; distances are measured from it.
    std::uint64_t write_ps = 0;
    std::uint32_t sharers = 0;    // bit i: initiator i holds a private copy
    std::uint32_t flip_slot = 0;  // its record in retention_engine_.flips(), or 0: no flips
    // write_ps minus the arrival of the access that brought the data (saturated at 4.3 ms): a
    // read arriving before write_ps but after that arrival is a hit under fill; one arriving
    // before it is a timestamp inversion (temporal decoupling skew).
    std::uint32_t lead_ps = 0;
  };
#pragma pack(pop)

  // Throws std::runtime_error if the per-line state of `config` cannot fit in host memory.
  const LlcConfig& fits_in_memory(const LlcConfig& config) const;
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& trans);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi&) { return false; }
  void invalidate_dmi(sc_dt::uint64, sc_dt::uint64) { dmi_valid_ = false; }

  // Timing and bookkeeping of the lines of a checked payload, and of one line; false if memory
  // answered with an error. Times are in ps: the request's delay is added to `delay_ps`, arrival
  // times are now_ps_ + delay_ps.
  bool access_lines(const TargetPayload& p, bool write, const InitiatorExtension* ext,
                    std::uint64_t& delay_ps);
  bool access_line(std::uint64_t line, bool write, bool full_line, const InitiatorExtension* ext,
                   std::uint64_t& delay_ps);
  // A core's line requests, step by step, each as a one-line transaction issued at the core's
  // local time plus `path_ps` (what the payload's delay gained on its way here); false
  // (batch.failed: the entry) if a line is outside the range or memory answered with an error.
  bool serve_batch(LineBatch& batch, const InitiatorExtension* ext, std::uint64_t path_ps);
  // A read arriving at t_ps before the line's data is ready waits for it (hit under fill): adds
  // the wait to delay_ps and returns the time the read is served.
  std::uint64_t wait_for_data(std::size_t index, std::uint64_t t_ps, std::uint64_t& delay_ps);
  void read_hit(std::uint64_t set, unsigned way, int phase, std::uint64_t t_ps,
                std::uint64_t& delay_ps);
  // ECC writes the line just read at t_ps back corrected: an array write, a new residency.
  void scrub(std::uint64_t set, unsigned way, std::uint64_t t_ps);
  // A dirty STT-RAM line leaves at when_ps: the flips its write-back reads out go to the store.
  void sample_write_back(std::uint64_t set, unsigned way, std::uint64_t when_ps);
  // Counts an ECC decode's outcome; a detected error that is not refetched is a dirty line's DUE.
  void count_ecc(const RetentionRead& o);
  // XORs retention flips into the store (unless flips are statistics only) and reports them.
  void apply_flips(std::uint64_t line, const std::vector<std::uint32_t>& bits, bool permanent);
  // Replacement way for a fill; hybrid placement puts lines filled for writing in SRAM ways.
  unsigned choose_victim(std::uint64_t set, bool for_write) const;
  // Hybrid: moves an STT-RAM line that is being written into an SRAM way; returns the new way.
  unsigned migrate_to_sram(std::uint64_t set, unsigned way, std::uint64_t when_ps);
  // Lazy policy work for an STT-RAM line up to t; returns false if the line has expired. Only
  // the refresh and expire policies have any (checked inline: this runs on every hit).
  bool settle(std::uint64_t set, unsigned way, std::uint64_t t_ps) {
    const RetentionPolicy policy = config_.retention.policy;
    return (policy != RetentionPolicy::Refresh && policy != RetentionPolicy::Expire) ||
           settle_policy(set, way, t_ps);
  }
  bool settle_policy(std::uint64_t set, unsigned way, std::uint64_t t_ps);
  // A new residency of (set, way): data ready at ready_ps, brought by an access that arrived at
  // arrival_ps; flips of the previous one stay in the store. An STT-RAM line draws its first
  // flip's time here.
  void rewrite(std::uint64_t set, unsigned way, std::uint64_t ready_ps, std::uint64_t arrival_ps);
  static void set_ready(Line& l, std::uint64_t ready_ps, std::uint64_t arrival_ps);
  // Write errors of `writes` successive writes of an STT-RAM line just rewritten, and the read
  // disturb of a read hit: drawn, counted and landed in the store like retention flips.
  void write_faults(std::uint64_t set, unsigned way, std::uint64_t writes);
  void read_faults(std::uint64_t set, unsigned way);
  // Evicts (set, way): back-invalidates private copies, undoes transient flips, writes back if
  // dirty (posted).
  void evict(std::uint64_t set, unsigned way, std::uint64_t when_ps);
  bool invalidate_sharers(std::uint64_t line, std::uint32_t mask);
  // Occupies `bank` for `busy_ps` starting no earlier than `arrival_ps`; returns the wait.
  std::uint64_t occupy_bank(unsigned bank, std::uint64_t arrival_ps, std::uint64_t busy_ps);
  tlm::tlm_response_status memory_access(tlm::tlm_command cmd, std::uint64_t line,
                                         std::uint64_t& delay_ps);
  unsigned char* store_pointer(std::uint64_t addr, std::uint64_t len);
  void copy_data(std::uint64_t addr, unsigned char* data, std::uint64_t len, bool to_store);
  void flip_bits(std::uint64_t line, const std::vector<std::uint32_t>& bits);

  LlcConfig config_;
  LlcStats stats_;  // prices with config_
  std::uint64_t range_base_, range_size_;
  unsigned line_bytes_;
  unsigned line_shift_ = 0;  // log2(line_bytes_)
  CacheArray array_;
  std::vector<Line> lines_;                // by array_.index(set, way)
  RetentionEngine retention_engine_;       // of the STT-RAM ways
  RetentionRead read_;                     // scratch of read_hit
  std::vector<std::uint32_t> fault_bits_;  // scratch of write_faults and read_faults
  std::vector<PrivateCacheControl*> private_caches_;
  std::vector<ResourceCalendar> banks_;
  struct Timing {
    std::uint64_t read = 0, write = 0, read_busy = 0, write_busy = 0;  // ps
  } sram_t_, stt_t_;
  const Timing& timing(unsigned way) const { return config_.is_sram_way(way) ? sram_t_ : stt_t_; }
  std::uint64_t retention_ps_ = 0, interval_ps_ = 0;
  std::uint64_t now_ps_ = 0;  // simulation time of the request being served

  FlipObserver flip_observer_;
  TraceRecorder* trace_ = nullptr;
  std::vector<int> trace_banks_;
  int trace_hits_ = -1, trace_misses_ = -1, trace_writebacks_ = -1, trace_failures_ = -1;

  tlm::tlm_dmi dmi_;
  bool dmi_valid_ = false;
  bool dmi_refused_ = false;
  tlm::tlm_generic_payload mem_trans_;
  std::vector<unsigned char> scratch_;
};

}  // namespace sttvp
