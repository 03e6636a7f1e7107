// DRAM target: latency plus bandwidth, and the platform's single functional data store.
//
// Timing (loosely timed, never wait()s): a request arriving at t = sc_time_stamp() + delay is
// served by channel (line number mod channels) once that channel has room (ResourceCalendar,
// robust to the out-of-order arrivals of temporal decoupling), then takes the unloaded latency
// plus its transfer time; the channel is occupied for the transfer (bandwidth).
// Grants DMI to its store, so a cache above it can reach the data without a copy.
// Payloads: any size and alignment inside the store, byte enables and streaming as IEEE 1666
// clause 14 specifies (models/common/TargetPayload.h); debug transport uses the minimal payload
// (command, address, data pointer, length) and costs no time and no statistics.
#pragma once

#include <tlm_utils/simple_target_socket.h>

#include <memory>
#include <systemc>
#include <tlm>
#include <vector>

#include "models/common/ResourceCalendar.h"
#include "models/common/Stats.h"
#include "models/dram/BackingStore.h"
#include "models/dram/DramConfig.h"

namespace sttvp {

class Dram : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<Dram> in;

  Dram(sc_core::sc_module_name name, const DramConfig& config, unsigned line_bytes);

  void register_stats(StatsScope scope);
  BackingStore& store() { return *store_; }
  double energy_nj() const;

  std::uint64_t reads = 0;
  std::uint64_t writes = 0;
  std::uint64_t bytes_read = 0;
  std::uint64_t bytes_written = 0;
  double queue_ns = 0;  // total time requests waited for a busy channel

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& trans);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);

  DramConfig config_;
  unsigned line_bytes_;
  std::unique_ptr<BackingStore> store_;
  std::vector<ResourceCalendar> channels_;
  // Line number mod channels; shifts and masks in the usual power-of-two case (a 64-bit division
  // costs dozens of cycles, and this runs on every access).
  unsigned channel_of(std::uint64_t addr) const {
    if (pow2_) return static_cast<unsigned>((addr >> line_shift_) & (config_.channels - 1));
    return static_cast<unsigned>((addr / line_bytes_) % config_.channels);
  }
  bool pow2_ = false;
  unsigned line_shift_ = 0;
  sc_core::sc_time latency_;
  sc_core::sc_time line_transfer_;  // transfer time of one line, the usual length
};

}  // namespace sttvp
