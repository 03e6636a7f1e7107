#include "models/cache/Llc.h"

#include <algorithm>
#include <cstring>

namespace sttvp {

using sc_core::SC_NS;
using sc_core::sc_time;
using sc_core::SC_ZERO_TIME;

Llc::Llc(sc_core::sc_module_name name, const LlcConfig& config, std::uint64_t range_base,
         std::uint64_t range_size)
    : sc_module(name),
      in("in"),
      mem("mem"),
      config_(config),
      range_base_(range_base),
      range_size_(range_size),
      line_bytes_(config.geometry.line_bytes),
      array_(config.geometry.sets(), config.geometry.ways),
      sharers_(config.geometry.sets() * config.geometry.ways, 0),
      scratch_(config.geometry.line_bytes) {
  const double cycle_ns = 1.0 / config.clock_ghz;
  read_latency_ = sc_time(config.read_cycles * cycle_ns, SC_NS);
  write_latency_ = sc_time(config.write_cycles * cycle_ns, SC_NS);
  read_busy_ = sc_time(config.bank_read_busy_cycles * cycle_ns, SC_NS);
  write_busy_ = sc_time(config.bank_write_busy_cycles * cycle_ns, SC_NS);
  // Bank occupancy is tracked at one LLC cycle of resolution.
  const auto slot_ps = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(1e3 * cycle_ns));
  const std::uint64_t horizon_ps =
      4 * tlm::tlm_global_quantum::instance().get().value() + 100'000'000;
  banks_.assign(config.banks, ResourceCalendar(slot_ps, horizon_ps));
  in.register_b_transport(this, &Llc::b_transport);
  in.register_transport_dbg(this, &Llc::transport_dbg);
  in.register_get_direct_mem_ptr(this, &Llc::get_direct_mem_ptr);
  mem.register_invalidate_direct_mem_ptr(this, &Llc::invalidate_dmi);
}

void Llc::attach_private_cache(unsigned id, PrivateCacheControl* control) {
  if (id >= kMaxTrackedInitiators) return;
  if (private_caches_.size() <= id) private_caches_.resize(id + 1, nullptr);
  private_caches_[id] = control;
}

void Llc::b_transport(tlm::tlm_generic_payload& trans, sc_time& delay) {
  const std::uint64_t addr = trans.get_address();
  const std::uint64_t len = trans.get_data_length();
  if (len == 0 || addr < range_base_ || len > range_size_ ||
      addr - range_base_ > range_size_ - len) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  if (trans.get_byte_enable_ptr() != nullptr) {
    trans.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    return;
  }
  if (trans.get_streaming_width() < len) {
    trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return;
  }
  if (!trans.is_read() && !trans.is_write()) {  // TLM_IGNORE_COMMAND
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
    return;
  }
  const bool write = trans.is_write();
  InitiatorExtension* ext = nullptr;
  trans.get_extension(ext);

  // Data first for writes (the store is the truth), after timing for reads.
  if (write) copy_data(addr, trans.get_data_ptr(), len, true);
  const std::uint64_t first = addr / line_bytes_;
  const std::uint64_t last = (addr + len - 1) / line_bytes_;
  for (std::uint64_t line = first; line <= last; ++line) {
    const bool full = addr <= line * line_bytes_ && addr + len >= (line + 1) * line_bytes_;
    if (!access_line(line, write, full, ext, delay)) {
      trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
      return;
    }
  }
  if (!write) copy_data(addr, trans.get_data_ptr(), len, false);
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

sc_time Llc::occupy_bank(unsigned bank, const sc_time& arrival, const sc_time& busy) {
  const std::uint64_t at = arrival.value();
  const std::uint64_t wait = banks_[bank].book(at, busy.value()) - at;
  bank_wait_ns += static_cast<double>(wait) * 1e-3;
  return sc_time::from_value(wait);
}

bool Llc::access_line(std::uint64_t line, bool write, bool full_line, const InitiatorExtension* ext,
                      sc_time& delay) {
  const std::uint64_t set = array_.set_of(line);
  const unsigned bank = static_cast<unsigned>(line & (config_.banks - 1));
  const sc_time arrival = sc_core::sc_time_stamp() + delay;
  const bool tracked = ext != nullptr && ext->id < kMaxTrackedInitiators;
  const std::uint32_t self = tracked ? (std::uint32_t{1} << ext->id) : 0;
  write ? ++writes : ++reads;

  int found = array_.find(line);
  unsigned way;
  if (found >= 0) {
    way = static_cast<unsigned>(found);
    ++hits;
    write ? ++write_hits : ++read_hits;
    array_.touch(set, way);
    if (write) {
      delay += occupy_bank(bank, arrival, write_busy_) + write_latency_;
      ++array_writes;
      array_.set_dirty(set, way, true);
    } else {
      delay += occupy_bank(bank, arrival, read_busy_) + read_latency_;
      ++array_reads;
    }
  } else {
    ++misses;
    write ? ++write_misses : ++read_misses;
    way = array_.victim(set);
    if (array_.valid(set, way)) evict(set, way, arrival);
    // Tag lookup, then memory; a full-line write allocates without fetching. The line is
    // written into the array when its data is there; the requester does not wait for that.
    delay += occupy_bank(bank, arrival, read_busy_) + read_latency_;
    if (!write || !full_line) {
      if (memory_access(tlm::TLM_READ_COMMAND, line, delay) != tlm::TLM_OK_RESPONSE) return false;
      ++fills;
    }
    occupy_bank(bank, sc_core::sc_time_stamp() + delay, write_busy_);
    ++array_writes;
    array_.install(set, way, line, write);
    sharers_[array_.index(set, way)] = 0;
  }

  std::uint32_t& sharers = sharers_[array_.index(set, way)];
  if (tracked) {
    if (write && ext->eviction) {
      sharers &= ~self;
    } else {
      // A fill for writing makes the requester the only holder.
      if (ext->exclusive && (sharers & ~self) != 0) {
        if (invalidate_sharers(line, sharers & ~self)) array_.set_dirty(set, way, true);
        sharers &= self;
      }
      sharers |= self;
    }
  }
  return true;
}

bool Llc::invalidate_sharers(std::uint64_t line, std::uint32_t mask) {
  bool dirty = false;
  for (unsigned id = 0; mask != 0; ++id, mask >>= 1) {
    if ((mask & 1) == 0 || id >= private_caches_.size() || private_caches_[id] == nullptr) continue;
    ++back_invalidations;
    dirty |= private_caches_[id]->back_invalidate(line);
  }
  return dirty;
}

void Llc::evict(std::uint64_t set, unsigned way, const sc_time& when) {
  const std::uint64_t victim = array_.line_at(set, way);
  std::uint32_t& sharers = sharers_[array_.index(set, way)];
  bool dirty = array_.dirty(set, way);
  if (sharers != 0) dirty |= invalidate_sharers(victim, sharers);
  sharers = 0;
  if (dirty) {
    // Posted write-back: it loads memory but does not delay the request that caused it.
    sc_time posted = when - sc_core::sc_time_stamp();
    ++array_reads;
    ++writebacks;
    memory_access(tlm::TLM_WRITE_COMMAND, victim, posted);
  }
  array_.invalidate(set, way);
}

tlm::tlm_response_status Llc::memory_access(tlm::tlm_command cmd, std::uint64_t line,
                                            sc_time& delay) {
  const std::uint64_t addr = line * line_bytes_;
  unsigned char* data = store_pointer(addr, line_bytes_);
  if (data == nullptr) {
    // No DMI: carry the store's current bytes so a write-back writes what is already there.
    data = scratch_.data();
    if (cmd == tlm::TLM_WRITE_COMMAND) copy_data(addr, data, line_bytes_, false);
  }
  mem_trans_.set_command(cmd);
  mem_trans_.set_address(addr);
  mem_trans_.set_data_ptr(data);
  mem_trans_.set_data_length(line_bytes_);
  mem_trans_.set_streaming_width(line_bytes_);
  mem_trans_.set_byte_enable_ptr(nullptr);
  mem_trans_.set_dmi_allowed(false);
  mem_trans_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  mem->b_transport(mem_trans_, delay);
  return mem_trans_.get_response_status();
}

unsigned char* Llc::store_pointer(std::uint64_t addr, std::uint64_t len) {
  auto covers = [&] {
    return dmi_valid_ && addr >= dmi_.get_start_address() &&
           addr + len - 1 <= dmi_.get_end_address();
  };
  if (!covers()) {
    if (dmi_refused_) return nullptr;
    tlm::tlm_generic_payload req;
    req.set_command(tlm::TLM_READ_COMMAND);
    req.set_address(addr);
    dmi_valid_ = mem->get_direct_mem_ptr(req, dmi_) && dmi_.is_read_write_allowed();
    dmi_refused_ = !dmi_valid_;     // memory without DMI: use debug transport from now on
    if (!covers()) return nullptr;  // e.g. a range spanning two pages of a sparse store
  }
  return dmi_.get_dmi_ptr() + (addr - dmi_.get_start_address());
}

void Llc::copy_data(std::uint64_t addr, unsigned char* data, std::uint64_t len, bool to_store) {
  if (unsigned char* p = store_pointer(addr, len)) {
    if (p == data) return;  // the requester's buffer is the store itself
    to_store ? std::memcpy(p, data, len) : std::memcpy(data, p, len);
    return;
  }
  tlm::tlm_generic_payload dbg;
  dbg.set_command(to_store ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
  dbg.set_address(addr);
  dbg.set_data_ptr(data);
  dbg.set_data_length(static_cast<unsigned>(len));
  mem->transport_dbg(dbg);
}

unsigned int Llc::transport_dbg(tlm::tlm_generic_payload& trans) {
  return mem->transport_dbg(trans);  // data only: no state, no statistics, no time
}

double Llc::dynamic_energy_nj() const {
  return static_cast<double>(array_reads) * config_.read_nj +
         static_cast<double>(array_writes) * config_.write_nj;
}

void Llc::register_stats(StatsScope s) {
  s.add("reads", &reads, "lines", "line reads requested (fills for private caches)");
  s.add("writes", &writes, "lines", "line writes requested (write-backs from private caches)");
  s.add("hits", &hits, "lines", "requests that found their line");
  s.add("misses", &misses, "lines", "requests that did not find their line");
  s.add("read_hits", &read_hits, "lines", "read requests that hit");
  s.add("read_misses", &read_misses, "lines", "read requests that missed");
  s.add("write_hits", &write_hits, "lines", "write requests that hit");
  s.add("write_misses", &write_misses, "lines", "write requests that missed");
  s.add("fills", &fills, "lines", "lines fetched from memory");
  s.add("writebacks", &writebacks, "lines", "dirty victims written back to memory");
  s.add("back_invalidations", &back_invalidations, "lines",
        "private copies invalidated (inclusion or exclusive fill)");
  s.add("array_reads", &array_reads, "lines", "line reads of the data array");
  s.add("array_writes", &array_writes, "lines", "line writes of the data array");
  s.add("bank_wait_ns", &bank_wait_ns, "ns", "total time requests waited for a busy bank");
}

}  // namespace sttvp
