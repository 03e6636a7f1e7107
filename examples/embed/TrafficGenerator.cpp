#include "TrafficGenerator.h"

#include <bitset>
#include <vector>

TrafficGenerator::TrafficGenerator(sc_core::sc_module_name name, std::uint64_t base,
                                   unsigned line_bytes)
    : sc_module(name), out("out"), base_(base), line_bytes_(line_bytes) {
  SC_HAS_PROCESS(TrafficGenerator);
  SC_THREAD(run);
}

void TrafficGenerator::access(tlm::tlm_command cmd, std::uint64_t addr, unsigned char* data,
                              unsigned len) {
  tlm::tlm_generic_payload t;
  t.set_command(cmd);
  t.set_address(addr);
  t.set_data_ptr(data);
  t.set_data_length(len);
  t.set_streaming_width(len);
  t.set_byte_enable_ptr(nullptr);
  t.set_dmi_allowed(false);
  t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  out->b_transport(t, local_);
  if (t.is_response_error()) ++errors;
  local_ += sc_core::sc_time(1, sc_core::SC_NS);       // issue one request per nanosecond
  if (local_ > sc_core::sc_time(1, sc_core::SC_US)) {  // sync at most every microsecond
    sc_core::wait(local_);
    local_ = sc_core::SC_ZERO_TIME;
  }
}

void TrafficGenerator::run() {
  const unsigned lines = 512;  // 32 KiB: half the LLC
  std::vector<unsigned char> line(line_bytes_);
  for (unsigned i = 0; i < lines; ++i) {  // full-line writes: write misses, no fetch
    for (unsigned b = 0; b < line_bytes_; ++b) line[b] = static_cast<unsigned char>(i + 3 * b);
    access(tlm::TLM_WRITE_COMMAND, base_ + std::uint64_t{i} * line_bytes_, line.data(),
           line_bytes_);
  }
  for (unsigned i = 0; i < lines; ++i) {  // read back: hits
    access(tlm::TLM_READ_COMMAND, base_ + std::uint64_t{i} * line_bytes_, line.data(), line_bytes_);
    for (unsigned b = 0; b < line_bytes_; ++b)
      wrong_bits += std::bitset<8>(line[b] ^ static_cast<unsigned char>(i + 3 * b)).count();
  }
  // Four times the LLC, from 64 KiB on: misses, fills, and the dirty lines written back.
  for (unsigned i = 0; i < 4 * 1024; ++i)
    access(tlm::TLM_READ_COMMAND, base_ + 65536 + std::uint64_t{i} * line_bytes_, line.data(),
           line_bytes_);
  sc_core::wait(local_);
}
