#include "platform/Interconnect.h"

namespace sttvp {

Interconnect::Interconnect(sc_core::sc_module_name name, const sc_core::sc_time& latency)
    : sc_module(name), in("in"), out("out"), latency_(latency) {
  in.register_b_transport(this, &Interconnect::b_transport);
  in.register_transport_dbg(this, &Interconnect::transport_dbg);
  in.register_get_direct_mem_ptr(this, &Interconnect::get_direct_mem_ptr);
  out.register_invalidate_direct_mem_ptr(this, &Interconnect::invalidate_direct_mem_ptr);
}

void Interconnect::b_transport(int, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  delay += latency_;
  out->b_transport(trans, delay);
}

unsigned int Interconnect::transport_dbg(int, tlm::tlm_generic_payload& trans) {
  return out->transport_dbg(trans);
}

bool Interconnect::get_direct_mem_ptr(int, tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
  return out->get_direct_mem_ptr(trans, dmi);
}

void Interconnect::invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end) {
  for (unsigned i = 0; i < in.size(); ++i) in[i]->invalidate_direct_mem_ptr(start, end);
}

}  // namespace sttvp
