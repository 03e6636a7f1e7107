#include "models/cache/Llc.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iomanip>
#include <limits>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "models/common/Picoseconds.h"
#include "models/common/PowerOfTwo.h"
#include "sw/probe/Probe.h"

namespace sttvp {

using sc_core::SC_NS;
using sc_core::sc_time;

namespace {
constexpr double kPsPerS = 1e12;

std::string gib(double bytes) {
  std::ostringstream s;
  s << std::setprecision(3) << bytes / (1u << 30) << " GiB";
  return s.str();
}
}  // namespace

// The model keeps a few dozen bytes of state per line (tag, dirty bit, LRU rank, sharers, write
// time, retention summary). A geometry whose state cannot fit in this machine's memory is refused
// up front with a clear message, instead of dying in an allocation or, worse, in the kernel's
// out-of-memory killer once the zero-filled pages are touched.
const LlcConfig& Llc::fits_in_memory(const LlcConfig& config) const {
  const double lines = static_cast<double>(config.geometry.sets()) * config.geometry.ways;
  const double per_line = static_cast<double>(metadata_bytes_per_line());
  const double need = lines * per_line;
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
  const double have = pages > 0 && page > 0 ? static_cast<double>(pages) * page : 0;
  if (have > 0 && need > have) {
    std::ostringstream msg;
    msg << name() << ": an LLC of " << config.geometry.size_bytes << " bytes ("
        << static_cast<std::uint64_t>(lines) << " lines) needs " << gib(need)
        << " of simulator state, more than this machine's " << gib(have) << " of memory";
    throw std::runtime_error(msg.str());
  }
  return config;
}

Llc::Llc(sc_core::sc_module_name name, const LlcConfig& config, std::uint64_t range_base,
         std::uint64_t range_size) try
    : sc_module(name),
      in("in"),
      mem("mem"),
      config_(fits_in_memory(config)),
      stats_(config_),
      range_base_(range_base),
      range_size_(range_size),
      line_bytes_(config.geometry.line_bytes),
      array_(config.geometry.sets(), config.geometry.ways),
      lines_(config.geometry.sets() * config.geometry.ways),
      scratch_(config.geometry.line_bytes) {
  if (!is_power_of_two(line_bytes_))
    throw std::invalid_argument(std::string(static_cast<const char*>(name)) +
                                ": the line size must be a power of two");
  line_shift_ = log2_ceil(line_bytes_);
  const double cycle_ns = 1.0 / config.clock_ghz;
  // Latencies in whole ps, rounded as sc_time rounds them.
  auto cycles = [cycle_ns](double c) { return sc_time(c * cycle_ns, SC_NS).value(); };
  if (config.sram_ways > 0)
    sram_t_ = {cycles(config.sram.read_cycles), cycles(config.sram.write_cycles),
               cycles(config.sram.bank_read_busy_cycles),
               cycles(config.sram.bank_write_busy_cycles)};
  if (config.sram_ways < config.geometry.ways) {
    const SttramConfig& s = config.sttram;
    const double ecc =
        config.retention.policy == RetentionPolicy::Ecc ? config.retention.ecc_decode_cycles : 0;
    stt_t_ = {cycles(s.read_cycles + ecc), cycles(s.write_cycles), cycles(s.bank_read_busy_cycles),
              cycles(s.bank_write_busy_cycles)};
    VariationParams v;
    v.mean_delta = s.delta;
    v.sigma_fraction = s.sigma_fraction;
    v.bits_per_line = line_bytes_ * 8;
    v.weak_cells = s.weak_cells;
    v.seed = config.seed;
    retention_engine_ = RetentionEngine(
        v, RetentionModel(s.cell), lines_.size(),
        {config.retention.policy == RetentionPolicy::Ecc, config.retention.apply_flips});
    if (s.write_errors || s.read_disturb)
      retention_engine_.enable_faults(line_bytes_ * 8, s.write_errors ? s.bit_wer : 0,
                                      s.read_disturb ? s.disturb_bit_p : 0, config.seed);
    retention_ps_ = static_cast<std::uint64_t>(s.retention_s * kPsPerS);
    const double interval_s = config.retention.interval_fraction > 0
                                  ? config.retention.interval_fraction * s.retention_s
                                  : retention_engine_.cells()->interval_for_line_failure_s(
                                        config.retention.interval_failure);
    // At least 1 ps (the time resolution), at most the retention time.
    interval_ps_ = std::clamp<std::uint64_t>(
        static_cast<std::uint64_t>(std::min(interval_s * kPsPerS, 1e19)), 1, retention_ps_);
    stats_.policy_interval_ns = static_cast<double>(interval_ps_) / 1e3;
    const double stt_lines = static_cast<double>(lines_.size()) *
                             (config.geometry.ways - config.sram_ways) / config.geometry.ways;
    const double floor_ps = stt_lines * static_cast<double>(stt_t_.write_busy) / config.banks;
    stats_.refresh_bank_share = floor_ps / static_cast<double>(interval_ps_);
    stats_.refresh_floor_failure =
        -std::expm1(-retention_engine_.cells()->expected_line_rate_per_s() * floor_ps / kPsPerS);
  }
  // Bank occupancy is tracked at one LLC cycle of resolution.
  const auto slot_ps = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(1e3 * cycle_ns));
  const std::uint64_t horizon_ps =
      ResourceCalendar::horizon_for_quantum(tlm::tlm_global_quantum::instance().get().value());
  banks_.assign(config.banks, ResourceCalendar(slot_ps, horizon_ps));
  in.register_b_transport(this, &Llc::b_transport);
  in.register_transport_dbg(this, &Llc::transport_dbg);
  in.register_get_direct_mem_ptr(this, &Llc::get_direct_mem_ptr);
  mem.register_invalidate_direct_mem_ptr(this, &Llc::invalidate_dmi);
} catch (const std::bad_alloc&) {
  throw std::runtime_error(std::string(static_cast<const char*>(name)) +
                           ": out of memory allocating the state of an LLC of " +
                           std::to_string(config.geometry.size_bytes) + " bytes");
}

void Llc::attach_private_cache(unsigned id, PrivateCacheControl* control) {
  if (id >= kMaxTrackedInitiators) return;
  if (private_caches_.size() <= id) private_caches_.resize(id + 1, nullptr);
  private_caches_[id] = control;
}

void Llc::set_trace(TraceRecorder* trace) {
  trace_ = trace;
  const std::string scope = name();
  for (unsigned b = 0; b < config_.banks; ++b)
    trace_banks_.push_back(trace->add_signal(scope + ".bank" + std::to_string(b), "busy",
                                             TraceRecorder::Kind::Busy, 1));
  trace_hits_ = trace->add_signal(scope, "hits", TraceRecorder::Kind::Events, 32);
  trace_misses_ = trace->add_signal(scope, "misses", TraceRecorder::Kind::Events, 32);
  trace_writebacks_ = trace->add_signal(scope, "writebacks", TraceRecorder::Kind::Events, 32);
  trace_failures_ = trace->add_signal(scope, "retention_failures", TraceRecorder::Kind::Events, 32);
}

void Llc::b_transport(tlm::tlm_generic_payload& trans, sc_time& delay) {
  InitiatorExtension* ext = nullptr;
  trans.get_extension(ext);
  if (LineBatch* batch = trans.get_extension<LineBatch>()) {
    now_ps_ = sc_core::sc_time_stamp().value();
    const bool ok = serve_batch(*batch, ext, delay.value() - batch->local_ps);
    trans.set_response_status(ok ? tlm::TLM_OK_RESPONSE : tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  // The payload every core sends, one whole aligned line (read or write, no byte enables or
  // streaming, inside the range), is checked field by field here and skips the general checks
  // and the per-run and per-beat walks (which would give it the same treatment). Any other
  // payload follows the rules of models/common/TargetPayload.h.
  const TargetPayload p(trans);
  const tlm::tlm_command cmd = trans.get_command();
  const bool one_line = (cmd == tlm::TLM_READ_COMMAND || cmd == tlm::TLM_WRITE_COMMAND) &&
                        p.data() != nullptr && p.length() == line_bytes_ &&
                        p.span() == line_bytes_ && !p.has_byte_enables() &&
                        (p.address() & (line_bytes_ - 1)) == 0 &&
                        TargetPayload::inside(p.address(), line_bytes_, range_base_, range_size_);
  if (!one_line) {
    const tlm::tlm_response_status status = p.check(range_base_, range_size_);
    if (status != tlm::TLM_OK_RESPONSE || cmd == tlm::TLM_IGNORE_COMMAND) {
      trans.set_response_status(status);
      return;
    }
  }
  const bool write = cmd == tlm::TLM_WRITE_COMMAND;

  // Data first for writes (the store is the truth), after timing (and flips) for reads. Only
  // enabled bytes move; a streaming write leaves the last beat's bytes in the store.
  unsigned char* data = p.data();
  const auto move_data = [&](bool to_store) {
    if (one_line)
      copy_data(p.address(), data, line_bytes_, to_store);
    else
      p.for_each_run([&](unsigned offset, std::uint64_t addr, unsigned n) {
        copy_data(addr, data + offset, n, to_store);
      });
  };
  if (write) move_data(true);
  now_ps_ = sc_core::sc_time_stamp().value();
  std::uint64_t delay_ps = delay.value();
  const bool ok = one_line ? access_line(p.address() >> line_shift_, write, true, ext, delay_ps)
                           : access_lines(p, write, ext, delay_ps);
  delay = picoseconds(delay_ps);
  if (!ok) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  if (!write) move_data(false);
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

bool Llc::serve_batch(LineBatch& batch, const InitiatorExtension* ext, std::uint64_t path_ps) {
  InitiatorExtension request;
  if (ext != nullptr) request = *ext;
  do {
    for (std::size_t i = 0; i < batch.entries.size(); ++i) {
      LineBatch::Entry& e = batch.entries[i];
      batch.failed = i;
      const std::uint64_t addr = e.line << line_shift_;
      if (!TargetPayload::inside(addr, line_bytes_, range_base_, range_size_)) return false;
      unsigned char* data =
          batch.scratch != nullptr
              ? batch.scratch
              : reinterpret_cast<unsigned char*>(static_cast<std::uintptr_t>(addr));
      request.exclusive = e.exclusive;
      request.eviction = e.eviction;
      if (e.write) copy_data(addr, data, line_bytes_, true);
      std::uint64_t delay_ps = batch.local_ps + path_ps;
      if (!access_line(e.line, e.write, true, ext != nullptr ? &request : nullptr, delay_ps))
        return false;
      if (!e.write) copy_data(addr, data, line_bytes_, false);
      e.latency_ps = delay_ps - batch.local_ps;
    }
  } while (batch.source != nullptr && batch.source->next(batch));
  return true;
}

bool Llc::access_lines(const TargetPayload& p, bool write, const InitiatorExtension* ext,
                       std::uint64_t& delay_ps) {
  // Timing and statistics per line per beat: every beat of a streaming burst accesses the lines
  // of [address, address + streaming width) again. A line none of whose bytes is enabled is not
  // accessed; a write covers a line fully (no fetch on a miss) only if all its bytes are enabled.
  const std::uint64_t first = p.address() >> line_shift_;
  const std::uint64_t last = (p.address() + p.span() - 1) >> line_shift_;
  for (unsigned beat = 0; beat < p.beats(); ++beat) {
    for (std::uint64_t line = first; line <= last; ++line) {
      const std::uint64_t lo = line * line_bytes_;
      const unsigned n = p.enabled_in(beat, lo, lo + line_bytes_);
      if (n == 0) continue;
      if (!access_line(line, write, n == line_bytes_, ext, delay_ps)) return false;
    }
  }
  return true;
}

std::uint64_t Llc::occupy_bank(unsigned bank, std::uint64_t arrival_ps, std::uint64_t busy_ps) {
  const std::uint64_t start = banks_[bank].book(arrival_ps, busy_ps);
  const std::uint64_t wait = start - arrival_ps;
  stats_.bank_wait_ns += static_cast<double>(wait) * 1e-3;
  if (trace_) trace_->busy(trace_banks_[bank], start, start + busy_ps);
  return wait;
}

bool Llc::access_line(std::uint64_t line, bool write, bool full_line, const InitiatorExtension* ext,
                      std::uint64_t& delay_ps) {
  const std::uint64_t set = array_.set_of(line);
  // The set's tags, ranks and line records are needed in turn: request them all at once.
  array_.prefetch(set);
  const char* records = reinterpret_cast<const char*>(&lines_[array_.index(set, 0)]);
  for (std::size_t b = 0; b < array_.ways() * sizeof(Line); b += 64)
    __builtin_prefetch(records + b);
  const unsigned bank = static_cast<unsigned>(line & (config_.banks - 1));
  const std::uint64_t t_ps = now_ps_ + delay_ps;
  const bool tracked = ext != nullptr && ext->id < kMaxTrackedInitiators;
  const std::uint32_t self = tracked ? (std::uint32_t{1} << ext->id) : 0;
  const int phase = ext != nullptr && ext->phase < LlcStats::kPhases ? ext->phase : 0;
  LlcStats::Traffic& tc = stats_.traffic(phase, ext != nullptr ? ext->layer : -1);
  write ? ++stats_.writes : ++stats_.reads;
  write ? ++tc.writes : ++tc.reads;

  int found = array_.find(line);
  if (found >= 0 && !config_.is_sram_way(static_cast<unsigned>(found)) &&
      !settle(set, static_cast<unsigned>(found), t_ps)) {
    // Expired: the line was invalidated (evict() kept inclusion); refetch it.
    ++stats_.expired_invalidations;
    evict(set, static_cast<unsigned>(found), t_ps);
    found = -1;
  }
  unsigned way;
  if (found >= 0) {
    way = static_cast<unsigned>(found);
    ++stats_.hits;
    ++tc.hits;
    write ? ++stats_.write_hits : ++stats_.read_hits;
    if (trace_) trace_->event(trace_hits_, t_ps);
    array_.touch(set, way);
    if (write) {
      if (config_.placement == HybridPlacement::WritesToSram && !config_.is_sram_way(way))
        way = migrate_to_sram(set, way, t_ps);
      const std::uint64_t wait = occupy_bank(bank, t_ps, timing(way).write_busy);
      delay_ps += wait + timing(way).write;
      stats_.count_array(way, true);
      array_.set_dirty(set, way, true);
      // The data lands when its bank starts the write; merged with a fill still in flight, it is
      // ready with the fill.
      const std::size_t index = array_.index(set, way);
      const std::uint64_t in_flight = lines_[index].write_ps;  // a copy: Line is packed
      rewrite(set, way, std::max(t_ps + wait, in_flight), t_ps);
      write_faults(set, way, 1);
    } else {
      const std::uint64_t at = wait_for_data(array_.index(set, way), t_ps, delay_ps);
      delay_ps += occupy_bank(bank, at, timing(way).read_busy) + timing(way).read;
      stats_.count_array(way, false);
      read_hit(set, way, phase, at, delay_ps);
      read_faults(set, way);
    }
  } else {
    ++stats_.misses;
    ++tc.misses;
    write ? ++stats_.write_misses : ++stats_.read_misses;
    if (trace_) trace_->event(trace_misses_, t_ps);
    const bool for_write = write || (ext != nullptr && ext->exclusive);
    way = choose_victim(set, for_write);
    if (array_.valid(set, way)) evict(set, way, t_ps);
    // Tag lookup, then memory; a full-line write allocates without fetching. The line is
    // written into the array when its data is there; the requester does not wait for that.
    delay_ps += occupy_bank(bank, t_ps, timing(way).read_busy) + timing(way).read;
    if (!write || !full_line) {
      if (memory_access(tlm::TLM_READ_COMMAND, line, delay_ps) != tlm::TLM_OK_RESPONSE)
        return false;
      ++stats_.fills;
    }
    const std::uint64_t filled = now_ps_ + delay_ps;
    occupy_bank(bank, filled, timing(way).write_busy);
    stats_.count_array(way, true);
    array_.install(set, way, line, write);
    lines_[array_.index(set, way)].sharers = 0;
    rewrite(set, way, filled, t_ps);
    write_faults(set, way, 1);
  }

  std::uint32_t& sharers = lines_[array_.index(set, way)].sharers;
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

std::uint64_t Llc::wait_for_data(std::size_t index, std::uint64_t t_ps, std::uint64_t& delay_ps) {
  const Line& l = lines_[index];
  if (t_ps >= l.write_ps) return t_ps;
  std::uint64_t wait;
  if (t_ps >= l.write_ps - l.lead_ps) {
    // Hit under fill (an MSHR merge): the data is forwarded when it arrives.
    ++stats_.hits_under_fill;
    wait = l.write_ps - t_ps;
  } else {
    // Stamped before the access that brought the data even arrived: under temporal decoupling
    // the initiators' local times are skewed by up to a quantum. The read is treated as merging
    // with that access at its own time: it waits as long as that access took and is served
    // before write_ps, so read_hit gives it distance 0.
    ++stats_.distance_inversions;
    wait = l.lead_ps;
  }
  stats_.fill_wait_ns += static_cast<double>(wait) * 1e-3;
  delay_ps += wait;
  return t_ps + wait;
}

void Llc::read_hit(std::uint64_t set, unsigned way, int phase, std::uint64_t t_ps,
                   std::uint64_t& delay_ps) {
  const std::size_t index = array_.index(set, way);
  // t_ps is at or after the write, except for an inversion (wait_for_data): distance 0.
  const std::uint64_t written = lines_[index].write_ps;
  const std::uint64_t distance_ps = t_ps > written ? t_ps - written : 0;
  stats_.distances(phase).add_ps(distance_ps);
  if (config_.is_sram_way(way)) return;

  LlcStats::Retention& r = stats_.retention(phase);
  ++r.reads;
  if (distance_ps > retention_ps_) ++r.expired_reads;
  Line& l = lines_[index];
  RetentionRead& o = read_;
  retention_engine_.read(index, set, way, written, t_ps, distance_ps, array_.dirty(set, way),
                         l.flip_slot, o);
  r.expected_failures += o.failure_probability;
  count_ecc(o);
  if (o.refetch) {
    ++stats_.ecc_refetches;
    memory_access(tlm::TLM_READ_COMMAND, array_.line_at(set, way), delay_ps);
    if (!o.bits.empty()) {
      flip_bits(array_.line_at(set, way), o.bits);
      stats_.flips_undone += o.bits.size();
    }
    rewrite(set, way, now_ps_ + delay_ps, t_ps);
    write_faults(set, way, 1);
    return;
  }
  if (o.failed) {
    ++r.sampled_failures;
    if (trace_) trace_->event(trace_failures_, t_ps);
    r.flipped_bits += o.bits.size();
    apply_flips(array_.line_at(set, way), o.bits, o.permanent);
  }
  if (o.scrub) scrub(set, way, t_ps);
}

void Llc::count_ecc(const RetentionRead& o) {
  stats_.ecc_corrected += o.ecc.corrected;
  stats_.ecc_detected += o.ecc.detected;
  stats_.ecc_silent += o.ecc.silent;
  if (o.ecc.detected > 0 && !o.refetch) ++stats_.ecc_dirty_uncorrectable;
}

void Llc::scrub(std::uint64_t set, unsigned way, std::uint64_t t_ps) {
  const std::size_t index = array_.index(set, way);
  const unsigned bank = static_cast<unsigned>(array_.line_at(set, way) & (config_.banks - 1));
  // Posted after the read: the reader does not wait for it.
  const std::uint64_t start = t_ps + occupy_bank(bank, t_ps, stt_t_.write_busy);
  ++stats_.ecc_scrubs;
  stats_.count_array(way, true);
  Line& l = lines_[index];
  retention_engine_.scrubbed(index, set, way, start, array_.dirty(set, way), l.flip_slot);
  set_ready(l, start, t_ps);
  write_faults(set, way, 1);
}

void Llc::sample_write_back(std::uint64_t set, unsigned way, std::uint64_t when_ps) {
  const std::size_t index = array_.index(set, way);
  Line& l = lines_[index];
  RetentionRead& o = read_;
  retention_engine_.write_back(index, set, way, l.write_ps, when_ps, l.flip_slot, o);
  count_ecc(o);
  if (o.bits.empty()) return;
  ++stats_.writeback_failures;
  stats_.writeback_flipped_bits += o.bits.size();
  apply_flips(array_.line_at(set, way), o.bits, true);
}

void Llc::apply_flips(std::uint64_t line, const std::vector<std::uint32_t>& bits, bool permanent) {
  if (bits.empty() || !config_.retention.apply_flips) return;
  flip_bits(line, bits);
  if (flip_observer_) {
    const std::uint64_t base = line * line_bytes_;
    for (std::uint32_t b : bits) flip_observer_(base + b / 8, b % 8, permanent);
  }
}

void Llc::write_faults(std::uint64_t set, unsigned way, std::uint64_t writes) {
  if (config_.is_sram_way(way) || !retention_engine_.write_faults_on()) return;
  const bool dirty = array_.dirty(set, way);
  const std::size_t wrong = retention_engine_.written(lines_[array_.index(set, way)].flip_slot,
                                                      dirty, writes, fault_bits_);
  if (wrong == 0) return;
  ++stats_.write_error_lines;
  stats_.write_error_bits += wrong;
  apply_flips(array_.line_at(set, way), fault_bits_, dirty);
}

void Llc::read_faults(std::uint64_t set, unsigned way) {
  if (config_.is_sram_way(way) || !retention_engine_.read_faults_on()) return;
  const bool dirty = array_.dirty(set, way);
  const std::size_t wrong =
      retention_engine_.disturbed(lines_[array_.index(set, way)].flip_slot, dirty, fault_bits_);
  if (wrong == 0) return;
  ++stats_.disturbed_reads;
  stats_.disturbed_bits += wrong;
  apply_flips(array_.line_at(set, way), fault_bits_, dirty);
}

void Llc::flip_bits(std::uint64_t line, const std::vector<std::uint32_t>& bits) {
  const std::uint64_t addr = line * line_bytes_;
  unsigned char* p = store_pointer(addr, line_bytes_);
  if (p == nullptr) {
    copy_data(addr, scratch_.data(), line_bytes_, false);
    p = scratch_.data();
  }
  for (std::uint32_t b : bits) p[b / 8] ^= static_cast<unsigned char>(1u << (b % 8));
  if (p == scratch_.data()) copy_data(addr, scratch_.data(), line_bytes_, true);
}

void Llc::rewrite(std::uint64_t set, unsigned way, std::uint64_t ready_ps,
                  std::uint64_t arrival_ps) {
  const std::size_t index = array_.index(set, way);
  Line& l = lines_[index];
  if (!config_.is_sram_way(way)) retention_engine_.rewrite(index, set, way, ready_ps, l.flip_slot);
  set_ready(l, ready_ps, arrival_ps);
}

void Llc::set_ready(Line& l, std::uint64_t ready_ps, std::uint64_t arrival_ps) {
  l.write_ps = ready_ps;
  const std::uint64_t lead = ready_ps > arrival_ps ? ready_ps - arrival_ps : 0;
  l.lead_ps = static_cast<std::uint32_t>(
      std::min<std::uint64_t>(lead, std::numeric_limits<std::uint32_t>::max()));
}

bool Llc::settle_policy(std::uint64_t set, unsigned way, std::uint64_t t_ps) {
  const RetentionPolicy policy = config_.retention.policy;
  const std::size_t index = array_.index(set, way);
  const std::uint64_t written = lines_[index].write_ps;
  if (t_ps <= written) return true;
  const std::uint64_t age = t_ps - written;
  const unsigned bank = static_cast<unsigned>(array_.line_at(set, way) & (config_.banks - 1));
  if (policy == RetentionPolicy::Refresh) {
    // The refresh engine rewrites the line every interval; it pays a write each time.
    const std::uint64_t n = age / interval_ps_;
    if (n > 0) {
      stats_.refreshes += n;
      const std::uint64_t last = written + n * interval_ps_;
      occupy_bank(bank, last, stt_t_.write_busy);
      rewrite(set, way, last, last);
      write_faults(set, way, n);
    }
    return true;
  }
  // Expire: at the interval a dirty line is written back, and the line counts as gone (its next
  // access refetches it), so no read sees it older than the interval.
  if (array_.dirty(set, way) && age >= interval_ps_) {
    ++stats_.early_writebacks;
    ++stats_.array_reads_stt;
    const std::uint64_t at = written + interval_ps_;
    // The line leaves here: its write-back carries the flips it has then.
    sample_write_back(set, way, at);
    std::uint64_t posted = at > now_ps_ ? at - now_ps_ : 0;
    memory_access(tlm::TLM_WRITE_COMMAND, array_.line_at(set, way), posted);
    array_.set_dirty(set, way, false);
  }
  return age < interval_ps_;
}

unsigned Llc::choose_victim(std::uint64_t set, bool for_write) const {
  if (config_.placement == HybridPlacement::WritesToSram) {
    return for_write ? array_.victim(set, 0, config_.sram_ways)
                     : array_.victim(set, config_.sram_ways, config_.geometry.ways);
  }
  return array_.victim(set);
}

unsigned Llc::migrate_to_sram(std::uint64_t set, unsigned way, std::uint64_t when_ps) {
  const unsigned target = array_.victim(set, 0, config_.sram_ways);
  if (array_.valid(set, target)) evict(set, target, when_ps);
  const std::size_t from = array_.index(set, way), to = array_.index(set, target);
  ++stats_.migrations;
  ++stats_
        .array_reads_stt;  // the line is read out of its STT-RAM way (the caller counts the write)
  array_.install(set, target, array_.line_at(set, way), array_.dirty(set, way));
  lines_[to].sharers = lines_[from].sharers;
  lines_[to].write_ps = lines_[from].write_ps;  // (an SRAM way: it keeps no flip times)
  lines_[to].lead_ps = lines_[from].lead_ps;
  retention_engine_.moved(lines_[from].flip_slot);
  lines_[from].sharers = 0;
  array_.invalidate(set, way);
  return target;
}

bool Llc::invalidate_sharers(std::uint64_t line, std::uint32_t mask) {
  bool dirty = false;
  for (unsigned id = 0; mask != 0; ++id, mask >>= 1) {
    if ((mask & 1) == 0 || id >= private_caches_.size() || private_caches_[id] == nullptr) continue;
    ++stats_.back_invalidations;
    dirty |= private_caches_[id]->back_invalidate(line);
  }
  return dirty;
}

void Llc::evict(std::uint64_t set, unsigned way, std::uint64_t when_ps) {
  const std::uint64_t victim = array_.line_at(set, way);
  const std::size_t index = array_.index(set, way);
  if (!config_.is_sram_way(way)) settle(set, way, when_ps);
  std::uint32_t& sharers = lines_[index].sharers;
  const bool dirty_here = array_.dirty(set, way);
  // Inclusion: the private copies go too. A non-inclusive LLC (as Cachegrind's) leaves them.
  const bool private_dirty =
      sharers != 0 && config_.inclusive && invalidate_sharers(victim, sharers);
  sharers = 0;
  const bool dirty = dirty_here || private_dirty;
  // The LLC's own copy is what goes to memory unless a private copy supersedes it.
  if (dirty_here && !private_dirty && !config_.is_sram_way(way))
    sample_write_back(set, way, when_ps);
  if (const std::vector<std::uint32_t>* undo =
          retention_engine_.leave(lines_[index].flip_slot, dirty)) {
    flip_bits(victim, *undo);
    stats_.flips_undone += undo->size();
  }
  if (dirty) {
    // Posted write-back: it loads memory but does not delay the request that caused it.
    std::uint64_t posted = when_ps - now_ps_;
    stats_.count_array(way, false);
    ++stats_.writebacks;
    if (trace_) trace_->event(trace_writebacks_, when_ps);
    memory_access(tlm::TLM_WRITE_COMMAND, victim, posted);
  }
  array_.invalidate(set, way);
}

void Llc::finalize(const sc_time& end) {
  const RetentionPolicy policy = config_.retention.policy;
  if (policy != RetentionPolicy::Refresh && policy != RetentionPolicy::Expire) return;
  now_ps_ = sc_core::sc_time_stamp().value();
  for (std::uint64_t set = 0; set < array_.sets(); ++set)
    for (unsigned way = config_.sram_ways; way < array_.ways(); ++way)
      if (array_.valid(set, way)) settle(set, way, end.value());
}

tlm::tlm_response_status Llc::memory_access(tlm::tlm_command cmd, std::uint64_t line,
                                            std::uint64_t& delay_ps) {
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
  sc_time delay = picoseconds(delay_ps);
  mem->b_transport(mem_trans_, delay);
  delay_ps = delay.value();
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
  // Data only, straight to the store: no state, no statistics, no time, no DMI request.
  const std::uint64_t addr = trans.get_address();
  const std::uint64_t len = trans.get_data_length();
  if (!TargetPayload::inside(addr, len, range_base_, range_size_)) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return 0;
  }
  return mem->transport_dbg(trans);
}

}  // namespace sttvp
