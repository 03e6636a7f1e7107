// The embedding platform's own memory: a byte array behind a TLM-2.0 target socket with a fixed
// latency. It is what the sttvp LLC needs from the memory behind it:
// - b_transport for line fills and write-backs (their timing);
// - the data itself through DMI (granted here) or, if DMI is refused, through transport_dbg.
// With DMI the LLC passes the memory's own bytes as the data pointer of its fills and
// write-backs, so b_transport must accept a data pointer into its own storage (memmove).
#pragma once

#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <systemc>
#include <tlm>
#include <vector>

class SimpleMemory : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<SimpleMemory> in;

  SimpleMemory(sc_core::sc_module_name name, std::uint64_t base, std::uint64_t size,
               sc_core::sc_time latency);

  std::uint64_t transactions = 0;  // b_transport calls served
  std::uint64_t debug_accesses = 0;
  std::uint64_t dmi_grants = 0;

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& trans);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
  bool inside(std::uint64_t addr, std::uint64_t len) const;

  std::uint64_t base_;
  std::vector<unsigned char> bytes_;
  sc_core::sc_time latency_;
};
