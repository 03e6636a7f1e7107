#include "platform/TraceWorkload.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "models/core/Core.h"
#include "sw/probe/Probe.h"

namespace sttvp {

TraceWorkload::TraceWorkload(const WorkloadConfig& config, std::uint64_t memory_base,
                             std::uint64_t memory_size)
    : max_access_bytes_(config.max_access_bytes == 0 ? kMaxTraceAccessBytes
                                                     : config.max_access_bytes) {
  reader_ = TraceReader::open(config.trace, config.format);
  reader_->restrict_addresses(memory_base, memory_base + memory_size);
}

void TraceWorkload::run(sw::Executor&) {
  // The driver's thread belongs to core 0, the installed probe sink.
  auto* core = dynamic_cast<Core*>(sw::sink());
  if (core == nullptr) throw std::logic_error("a trace replays on a simulated core only");
  std::vector<TraceAccess> batch(4096);
  while (const std::size_t n = reader_->read(batch.data(), batch.size())) {
    for (std::size_t i = 0; i < n; ++i) {
      const TraceAccess& a = batch[i];
      const std::uint32_t bytes = std::min(a.size, max_access_bytes_);
      switch (a.kind) {
        case AccessKind::Fetch:
          ++fetches;
          core->fetch(a.addr, bytes);
          break;
        case AccessKind::Load:
          ++loads;
          core->access(a.addr, bytes, false);
          break;
        case AccessKind::Store:
          ++stores;
          core->access(a.addr, bytes, true);
          break;
        case AccessKind::Modify:
          ++modifies;
          core->access(a.addr, bytes, true);
          break;
      }
    }
  }
}

}  // namespace sttvp
