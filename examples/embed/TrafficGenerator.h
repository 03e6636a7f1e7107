// The embedding platform's own initiator: a loosely-timed traffic generator that writes a buffer,
// reads it back (counting the bits that differ from what it wrote: the STT-RAM LLC's retention
// faults land in the data, as in hardware), then streams over a region larger than the LLC, so
// the LLC sees write misses, read hits, read misses with fills, and dirty evictions.
#pragma once

#include <tlm_utils/simple_initiator_socket.h>

#include <cstdint>
#include <systemc>
#include <tlm>

class TrafficGenerator : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<TrafficGenerator> out;

  TrafficGenerator(sc_core::sc_module_name name, std::uint64_t base, unsigned line_bytes);

  std::uint64_t wrong_bits = 0;  // bits read back that differ from what was written
  std::uint64_t errors = 0;      // transactions that did not end with TLM_OK_RESPONSE

 private:
  void run();
  void access(tlm::tlm_command cmd, std::uint64_t addr, unsigned char* data, unsigned len);

  std::uint64_t base_;
  unsigned line_bytes_;
  sc_core::sc_time local_;  // time run ahead of the kernel (temporal decoupling)
};
