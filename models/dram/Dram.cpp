#include "models/dram/Dram.h"

#include <algorithm>

#include "models/common/Picoseconds.h"
#include "models/common/PowerOfTwo.h"
#include "models/common/TargetPayload.h"

namespace sttvp {

using sc_core::SC_NS;
using sc_core::sc_time;

Dram::Dram(sc_core::sc_module_name name, const DramConfig& config, unsigned line_bytes)
    : sc_module(name),
      in("in"),
      config_(config),
      line_bytes_(line_bytes),
      latency_(config.latency_ns, SC_NS),
      line_transfer_(config.transfer_ns(line_bytes), SC_NS) {
  // Channel occupancy is tracked at a quarter of a line transfer of resolution.
  const auto slot_ps =
      std::max<std::uint64_t>(1, static_cast<std::uint64_t>(config.transfer_ns(line_bytes) * 250));
  const std::uint64_t horizon_ps =
      ResourceCalendar::horizon_for_quantum(tlm::tlm_global_quantum::instance().get().value());
  channels_.assign(config.channels, ResourceCalendar(slot_ps, horizon_ps));
  pow2_ = is_power_of_two(line_bytes) && is_power_of_two(config.channels);
  line_shift_ = log2_ceil(line_bytes);
  if (config.store == "host")
    store_ = std::make_unique<HostStore>(config.base, config.size_bytes);
  else
    store_ = std::make_unique<SparseStore>(config.base, config.size_bytes);
  in.register_b_transport(this, &Dram::b_transport);
  in.register_transport_dbg(this, &Dram::transport_dbg);
  in.register_get_direct_mem_ptr(this, &Dram::get_direct_mem_ptr);
}

void Dram::b_transport(tlm::tlm_generic_payload& trans, sc_time& delay) {
  // Payload rules (byte enables, streaming, ignore command): models/common/TargetPayload.h.
  const TargetPayload p(trans);
  const tlm::tlm_response_status status = p.check(store_->base(), store_->size());
  if (status != tlm::TLM_OK_RESPONSE || trans.get_command() == tlm::TLM_IGNORE_COMMAND) {
    trans.set_response_status(status);
    return;
  }
  const std::uint64_t addr = p.address();
  const std::uint64_t len = p.length();
  unsigned char* data = p.data();
  if (trans.is_read()) {
    p.for_each_run(
        [&](unsigned offset, std::uint64_t a, unsigned n) { store_->read(a, data + offset, n); });
    ++reads;
    bytes_read += len;
  } else {
    p.for_each_run(
        [&](unsigned offset, std::uint64_t a, unsigned n) { store_->write(a, data + offset, n); });
    ++writes;
    bytes_written += len;
  }
  // Channel contention: the request starts when its channel is free. The whole data length
  // crosses the bus (disabled bytes and every beat of a streaming burst included).
  const unsigned ch = channel_of(addr);
  const sc_time transfer =
      len == line_bytes_ ? line_transfer_ : sc_time(config_.transfer_ns(len), SC_NS);
  const std::uint64_t arrival = (sc_core::sc_time_stamp() + delay).value();
  const std::uint64_t wait = channels_[ch].book(arrival, transfer.value()) - arrival;
  queue_ns += static_cast<double>(wait) * 1e-3;
  delay += picoseconds(wait) + latency_ + transfer;
  trans.set_dmi_allowed(true);
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned int Dram::transport_dbg(tlm::tlm_generic_payload& trans) {
  // TLM_MIN_PAYLOAD (the default): command, address, data pointer and length only; no timing,
  // no statistics.
  if (!store_->contains(trans.get_address(), trans.get_data_length())) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return 0;
  }
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
  if (trans.is_read())
    store_->read(trans.get_address(), trans.get_data_ptr(), trans.get_data_length());
  else if (trans.is_write())
    store_->write(trans.get_address(), trans.get_data_ptr(), trans.get_data_length());
  else
    return 0;  // TLM_IGNORE_COMMAND moves no data
  return trans.get_data_length();
}

bool Dram::get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
  const std::uint64_t addr = trans.get_address();
  if (!store_->contains(addr, 1)) return false;
  // The largest region around `addr` that is contiguous in host memory.
  const std::uint64_t n = store_->contiguous(addr);
  std::uint64_t start = addr;
  if (config_.store == "host")
    start = store_->base();
  else
    start = addr - addr % SparseStore::kPageBytes;
  dmi.set_start_address(start);
  dmi.set_end_address(addr + n - 1);
  dmi.set_dmi_ptr(store_->pointer(start));
  dmi.allow_read_write();
  dmi.set_read_latency(latency_);
  dmi.set_write_latency(latency_);
  return true;
}

double Dram::energy_nj() const {
  return static_cast<double>(bytes_read) / line_bytes_ * config_.read_nj +
         static_cast<double>(bytes_written) / line_bytes_ * config_.write_nj;
}

void Dram::register_stats(StatsScope s) {
  s.add("reads", &reads, "transactions", "read transactions served");
  s.add("writes", &writes, "transactions", "write transactions served");
  s.add("bytes_read", &bytes_read, "bytes", "bytes read from the store by transactions");
  s.add("bytes_written", &bytes_written, "bytes", "bytes written to the store by transactions");
  s.add("queue_ns", &queue_ns, "ns", "total time requests waited for a busy channel");
}

}  // namespace sttvp
