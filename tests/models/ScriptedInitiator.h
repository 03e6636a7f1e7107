// A test initiator that runs a script of TLM transactions in its own thread.
#pragma once

#include <tlm_utils/simple_initiator_socket.h>

#include <functional>
#include <systemc>
#include <tlm>
#include <vector>

#include "models/cache/InitiatorExtension.h"

namespace sttvp::test {

class ScriptedInitiator : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<ScriptedInitiator> out;

  ScriptedInitiator(sc_core::sc_module_name name, std::function<void(ScriptedInitiator&)> script)
      : sc_module(name), out("out"), script_(std::move(script)) {
    SC_HAS_PROCESS(ScriptedInitiator);
    SC_THREAD(thread);
  }

  struct Result {
    tlm::tlm_response_status status;
    sc_core::sc_time latency;
  };

  // One transaction at the current simulation time plus `offset`; returns status and the delay
  // the target added.
  Result transact(tlm::tlm_command cmd, std::uint64_t addr, unsigned char* data, unsigned len,
                  const InitiatorExtension* ext = nullptr,
                  sc_core::sc_time offset = sc_core::SC_ZERO_TIME,
                  unsigned char* byte_enable = nullptr, unsigned byte_enable_len = 0) {
    tlm::tlm_generic_payload t;
    t.set_command(cmd);
    t.set_address(addr);
    t.set_data_ptr(data);
    t.set_data_length(len);
    t.set_streaming_width(len);
    t.set_byte_enable_ptr(byte_enable);
    t.set_byte_enable_length(byte_enable_len);
    t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    InitiatorExtension* copy = nullptr;
    if (ext) {
      copy = new InitiatorExtension(*ext);
      t.set_extension(copy);
    }
    sc_core::sc_time delay = offset;
    out->b_transport(t, delay);
    return {t.get_response_status(), delay - offset};
  }
  Result read(std::uint64_t addr, unsigned char* data, unsigned len,
              const InitiatorExtension* ext = nullptr) {
    return transact(tlm::TLM_READ_COMMAND, addr, data, len, ext);
  }
  Result write(std::uint64_t addr, unsigned char* data, unsigned len,
               const InitiatorExtension* ext = nullptr) {
    return transact(tlm::TLM_WRITE_COMMAND, addr, data, len, ext);
  }

 private:
  void thread() { script_(*this); }
  std::function<void(ScriptedInitiator&)> script_;
};

}  // namespace sttvp::test
