// Interconnect from the cores to the LLC: N initiators onto one target. It adds a fixed request
// latency (the ring hop; 0 when the LLC latency already counts it) and forwards everything else,
// DMI and debug transport included, unchanged.
#pragma once

#include <tlm_utils/multi_passthrough_target_socket.h>
#include <tlm_utils/simple_initiator_socket.h>

#include <systemc>
#include <tlm>

namespace sttvp {

class Interconnect : public sc_core::sc_module {
 public:
  tlm_utils::multi_passthrough_target_socket<Interconnect> in;
  tlm_utils::simple_initiator_socket<Interconnect> out;

  Interconnect(sc_core::sc_module_name name, const sc_core::sc_time& latency);

 private:
  void b_transport(int port, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned int transport_dbg(int port, tlm::tlm_generic_payload& trans);
  bool get_direct_mem_ptr(int port, tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
  void invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end);

  sc_core::sc_time latency_;
};

}  // namespace sttvp
