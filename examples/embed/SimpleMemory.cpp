#include "SimpleMemory.h"

#include <cstring>

SimpleMemory::SimpleMemory(sc_core::sc_module_name name, std::uint64_t base, std::uint64_t size,
                           sc_core::sc_time latency)
    : sc_module(name), in("in"), base_(base), bytes_(size, 0), latency_(latency) {
  in.register_b_transport(this, &SimpleMemory::b_transport);
  in.register_transport_dbg(this, &SimpleMemory::transport_dbg);
  in.register_get_direct_mem_ptr(this, &SimpleMemory::get_direct_mem_ptr);
}

bool SimpleMemory::inside(std::uint64_t addr, std::uint64_t len) const {
  return addr >= base_ && len <= bytes_.size() && addr - base_ <= bytes_.size() - len;
}

void SimpleMemory::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const std::uint64_t addr = trans.get_address();
  const unsigned len = trans.get_data_length();
  if (!inside(addr, len)) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  if (trans.get_byte_enable_ptr() != nullptr || trans.get_streaming_width() < len) {
    trans.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    return;
  }
  unsigned char* mine = &bytes_[addr - base_];
  if (trans.is_read()) std::memmove(trans.get_data_ptr(), mine, len);
  if (trans.is_write()) std::memmove(mine, trans.get_data_ptr(), len);
  ++transactions;
  delay += latency_;
  trans.set_dmi_allowed(true);
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned int SimpleMemory::transport_dbg(tlm::tlm_generic_payload& trans) {
  const std::uint64_t addr = trans.get_address();
  const unsigned len = trans.get_data_length();
  if (!inside(addr, len)) return 0;
  ++debug_accesses;
  if (trans.is_read()) std::memmove(trans.get_data_ptr(), &bytes_[addr - base_], len);
  if (trans.is_write()) std::memmove(&bytes_[addr - base_], trans.get_data_ptr(), len);
  return len;
}

bool SimpleMemory::get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
  if (!inside(trans.get_address(), 1)) return false;
  ++dmi_grants;
  dmi.set_start_address(base_);
  dmi.set_end_address(base_ + bytes_.size() - 1);
  dmi.set_dmi_ptr(bytes_.data());
  dmi.allow_read_write();
  dmi.set_read_latency(latency_);
  dmi.set_write_latency(latency_);
  return true;
}
