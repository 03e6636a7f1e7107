#include "models/core/Core.h"

#include <cmath>

#include "models/common/Picoseconds.h"
#include "models/common/PowerOfTwo.h"

namespace sttvp {

using sc_core::SC_PS;
using sc_core::sc_time;

Core::Core(sc_core::sc_module_name name, unsigned id, const CoreConfig& config,
           bool data_is_host_memory)
    : sc_module(name),
      hierarchy_(config),
      out("out"),
      l1i_hits(hierarchy_.stats().l1i_hits),
      l1i_misses(hierarchy_.stats().l1i_misses),
      l1d_hits(hierarchy_.stats().l1d_hits),
      l1d_misses(hierarchy_.stats().l1d_misses),
      l1d_writebacks(hierarchy_.stats().l1d_writebacks),
      l2_hits(hierarchy_.stats().l2_hits),
      l2_misses(hierarchy_.stats().l2_misses),
      l2_writebacks(hierarchy_.stats().l2_writebacks),
      id_(id),
      config_(config),
      data_is_host_memory_(data_is_host_memory),
      line_shift_(log2_ceil(config.l1d.geometry.line_bytes)),
      cycle_ps_(1e3 / config.clock_ghz),
      extra_l2_cycles_(config.l2.latency_cycles - config.l1d.latency_cycles),
      extra_l2_fetch_cycles_(config.l2.latency_cycles - config.l1i.latency_cycles),
      ext_(new InitiatorExtension),
      batch_(new LineBatch) {
  if (sc_core::sc_get_time_resolution() != sc_time(1, SC_PS))
    SC_REPORT_FATAL("sttvp/core", "the core's timing needs a 1 ps time resolution");
  ext_->id = id;
  trans_.set_extension(ext_);  // owned by the payload from here on, as batch_
  trans_.set_extension(batch_);
  trans_.set_byte_enable_ptr(nullptr);
  batch_->source = this;
  batch_->scratch = data_is_host_memory ? nullptr : scratch_;
  SC_HAS_PROCESS(Core);
  SC_THREAD(thread);
  // The thread runs native kernels (Eigen keeps temporaries on the stack) and, under the
  // sanitizers, much larger frames: give it far more than SystemC's default coroutine stack.
  set_stack_size(kThreadStackBytes);
}

Core::~Core() = default;

void Core::thread() {
  reset_time();
  resume();
  if (main_) {
    main_();
    sync();
    finish_time_ = sc_core::sc_time_stamp();
    sw::detail::current_sink = nullptr;
    return;
  }
  while (true) {
    while (job_ == nullptr && !stopping_) sc_core::wait(start_);
    if (job_ == nullptr) break;
    reset_time();
    resume();
    try {
      (*job_)(job_worker_);
    } catch (const sc_core::sc_unwind_exception&) {
      throw;  // the kernel's own process unwinding
    } catch (...) {
      job_failure_ = std::current_exception();  // reported by the executor on the driver core
    }
    finish_job();
  }
  sw::detail::current_sink = nullptr;
}

void Core::start_job(const std::function<void(unsigned)>* body, unsigned worker, sw::Phase phase,
                     int layer) {
  job_ = body;
  job_worker_ = worker;
  this->phase(phase, layer);
  start_.notify(sc_core::SC_ZERO_TIME);
}

void Core::stop() {
  stopping_ = true;
  start_.notify(sc_core::SC_ZERO_TIME);
}

void Core::finish_job() {
  sync();
  finish_time_ = sc_core::sc_time_stamp();
  job_ = nullptr;
  job_done_.notify(sc_core::SC_ZERO_TIME);
}

void Core::reset_time() {
  qk_.reset();
  local_ps_ = 0;
  next_sync_ps_ = qk_.next_sync_ps();
}

void Core::sync() {
  qk_.set(picoseconds(local_ps_));
  qk_.sync();
  local_ps_ = 0;
  next_sync_ps_ = qk_.next_sync_ps();
  resume();
}

void Core::resume() {
  sw::detail::current_sink = this;
  now_ps_ = sc_core::sc_time_stamp().value();
}

void Core::advance_cycles(double cycles) {
  pending_ps_ += cycles * cycle_ps_;
  if (pending_ps_ < 1.0) return;
  const double whole = std::floor(pending_ps_);
  pending_ps_ -= whole;
  local_ps_ += static_cast<std::uint64_t>(whole);
  if (now_ps_ + local_ps_ < next_sync_ps_) return;  // the quantum keeper's need_sync()
  // Inside the LLC's b_transport the core cannot wait: it stops feeding the LLC and synchronises
  // once that returns, before anything else happens.
  if (serving_)
    must_sync_ = true;
  else
    sync();
}

void Core::compute(std::uint64_t n) {
  flops += n;
  const double cycles =
      static_cast<double>(n) / (config_.flops_per_cycle * config_.compute_efficiency);
  compute_cycles += cycles;
  advance_cycles(cycles);
}

void Core::idle(double ns) {
  idle_ns += ns;
  advance_cycles(ns * 1e3 / cycle_ps_);
}

void Core::phase(sw::Phase p, int layer) {
  phase_ = p;
  layer_ = layer;
  if (trace_) {
    const std::uint64_t now = sc_core::sc_time_stamp().value() + local_ps_;
    trace_->value(trace_phase_, now, static_cast<std::uint64_t>(p));
    trace_->value(trace_layer_, now, static_cast<std::uint64_t>(layer & 0xff));
  }
}

void Core::set_trace(TraceRecorder* trace) {
  trace_ = trace;
  trace_phase_ = trace->add_signal(name(), "phase", TraceRecorder::Kind::Value, 8);
  trace_layer_ = trace->add_signal(name(), "layer", TraceRecorder::Kind::Value, 8);
}

void Core::access(std::uint64_t addr, std::size_t bytes, bool write) {
  if (bytes == 0) return;
  const std::uint64_t last = (addr + bytes - 1) >> line_shift_;
  for (std::uint64_t line = addr >> line_shift_; line <= last; ++line) {
    if (access_line(line, write) != Level::Llc) continue;
    // The LLC takes the rest of the range through next(), as far as it can.
    next_line_ = line + 1;
    last_line_ = last;
    writing_ = write;
    send();
    line = next_line_ - 1;
  }
}

Core::Level Core::access_line_measured(std::uint64_t line, bool write) {
  // Stamped when the core issues the access, before any stall of its miss.
  const std::uint64_t t_ps = now_ps_ + local_ps_;
  const Level level = hierarchy_.hit_l1d(line, write) ? Level::L1 : miss_l1d(line, write);
  if (write)
    distance_->write(line, t_ps);
  else
    distance_->read(line, t_ps, static_cast<int>(phase_), level == Level::Llc);
  return level;
}

void Core::fetch(std::uint64_t addr, std::size_t bytes) {
  ++instructions;
  if (bytes == 0 || !hierarchy_.has_l1i()) return;
  const std::uint64_t last = (addr + bytes - 1) >> line_shift_;
  for (std::uint64_t line = addr >> line_shift_; line <= last; ++line) fetch_line(line);
}

void Core::fetch_line(std::uint64_t line) {
  ++line_fetches;
  if (hierarchy_.hit_l1i(line)) return;
  if (hierarchy_.miss_l1i(line, requests_) == Level::L2) {
    stall(extra_l2_fetch_cycles_);
    return;
  }
  to_batch();
  fetching_ = true;
  send();
  fetching_ = false;
}

Core::Level Core::miss_l1d(std::uint64_t line, bool write) {
  if (hierarchy_.miss_l1d(line, write, requests_) == Level::L2) {
    const double latency = extra_l2_cycles_;
    stall(latency / config_.mlp);
    return Level::L2;
  }
  to_batch();
  return Level::Llc;
}

void Core::to_batch() {
  std::vector<LineBatch::Entry>& entries = batch_->entries;
  entries.clear();
  for (const LlcRequest& r : requests_)
    entries.push_back({r.line, 0, r.kind == LlcRequest::Kind::WriteBack, r.exclusive, r.eviction});
  requests_.clear();
  batch_->local_ps = local_ps_;
}

void Core::send() {
  const std::uint64_t addr = batch_->entries.front().line << line_shift_;
  const unsigned len = 1u << line_shift_;
  trans_.set_command(tlm::TLM_IGNORE_COMMAND);
  trans_.set_address(addr);
  trans_.set_data_ptr(data_is_host_memory_
                          ? reinterpret_cast<unsigned char*>(static_cast<std::uintptr_t>(addr))
                          : scratch_);
  trans_.set_data_length(len);
  trans_.set_streaming_width(len);
  trans_.set_dmi_allowed(false);
  trans_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  ext_->phase = static_cast<std::uint8_t>(phase_);
  ext_->layer = layer_;
  sc_time delay = picoseconds(local_ps_);
  pulled_ = false;
  serving_ = true;
  out->b_transport(trans_, delay);
  serving_ = false;
  if (trans_.is_response_error() || !pulled_) {
    const std::vector<LineBatch::Entry>& entries = batch_->entries;
    const std::uint64_t failed =
        batch_->failed < entries.size() ? entries[batch_->failed].line << line_shift_ : addr;
    SC_REPORT_ERROR("sttvp/core",
                    (std::string(name()) + ": memory access at address " + std::to_string(failed) +
                     " failed: " +
                     (trans_.is_response_error() ? trans_.get_response_string()
                                                 : "the target ignored the line batch"))
                        .c_str());
  }
  if (must_sync_) {
    must_sync_ = false;
    sync();
  }
}

bool Core::next(LineBatch& batch) {
  pulled_ = true;
  // The miss's latency is its fill's (write-backs are posted), from its first step.
  for (const LineBatch::Entry& e : batch.entries)
    if (!e.write) fill_cycles_ = static_cast<double>(e.latency_ps) / cycle_ps_;
  if (hierarchy_.resume(requests_)) {
    to_batch();  // without an L2, the L1D victim's write-back, at the same time
    return true;
  }
  const double below = fill_cycles_;
  if (fetching_) {
    // The front end waits for the whole latency beyond the L1I's.
    stall(hierarchy_.has_l2() ? extra_l2_fetch_cycles_ + below : below);
    return false;
  }
  const double latency = hierarchy_.has_l2() ? extra_l2_cycles_ + below : below;
  stall(latency / config_.mlp);
  while (!must_sync_ && next_line_ <= last_line_)
    if (access_line(next_line_++, writing_) == Level::Llc) return true;
  return false;
}

bool Core::back_invalidate(std::uint64_t line) { return hierarchy_.back_invalidate(line); }

double Core::energy_l1d_nj() const {
  return static_cast<double>(line_reads + line_writes + l1d_misses) * config_.l1d.access_nj;
}

double Core::energy_l1i_nj() const {
  if (!hierarchy_.has_l1i()) return 0;
  return static_cast<double>(line_fetches + l1i_misses) * config_.l1i.access_nj;
}

double Core::energy_l2_nj() const {
  if (!hierarchy_.has_l2()) return 0;
  return static_cast<double>(l1d_misses + l1d_writebacks + l1i_misses + l2_misses) *
         config_.l2.access_nj;
}

void Core::register_stats(StatsScope s) {
  s.add(
      "cycles", [this] { return finish_time_.to_seconds() * config_.clock_ghz * 1e9; }, "cycles",
      "simulated time at which the core finished its last work, in core cycles");
  s.add("compute_cycles", &compute_cycles, "cycles", "cycles spent on reported arithmetic");
  s.add("stall_cycles", &stall_cycles, "cycles", "memory stall cycles beyond L1D hits");
  s.add("idle_ns", &idle_ns, "ns", "idle time reported by the workload");
  s.add("flops", &flops, "flop", "floating-point operations reported");
  s.add("line_reads", &line_reads, "lines", "cache-line reads reported by the workload");
  s.add("line_writes", &line_writes, "lines", "cache-line writes reported by the workload");
  s.add("instructions", &instructions, "instructions",
        "instruction fetches reported (trace replay; native kernels report none)");
  if (hierarchy_.has_l1i()) {
    s.add("line_fetches", &line_fetches, "lines", "cache-line instruction fetches");
    s.add("l1i.hits", &l1i_hits, "lines", "L1I hits");
    s.add("l1i.misses", &l1i_misses, "lines", "L1I misses");
  }
  s.add("l1d.hits", &l1d_hits, "lines", "L1D hits");
  s.add("l1d.misses", &l1d_misses, "lines", "L1D misses");
  s.add("l1d.writebacks", &l1d_writebacks, "lines",
        hierarchy_.has_l2() ? "dirty L1D victims written into the L2"
                            : "dirty L1D victims written back to the LLC");
  if (hierarchy_.has_l2()) {
    s.add("l2.hits", &l2_hits, "lines", "L2 hits");
    s.add("l2.misses", &l2_misses, "lines", "L2 misses (line fills from the LLC)");
    s.add("l2.writebacks", &l2_writebacks, "lines", "dirty L2 victims written back to the LLC");
  }
}

}  // namespace sttvp
