// Ignorable TLM-2.0 extension a cache-aware initiator attaches to its requests. A target that does
// not know it ignores it; the LLC uses it to track which private caches hold a line (for
// inclusion and back-invalidation). Requests without it are served, just not tracked.
#pragma once

#include <cstdint>
#include <tlm>

namespace sttvp {

struct InitiatorExtension : tlm::tlm_extension<InitiatorExtension> {
  unsigned id = 0;         // initiator (core) index
  bool exclusive = false;  // read fill for a write: other private copies are invalidated
  bool eviction = false;   // write-back of a line the initiator no longer holds
  std::uint8_t phase = 0;  // workload phase of the request (sw::Phase), for split statistics
  int layer = -1;          // network layer of the request, -1 if none

  tlm::tlm_extension_base* clone() const override { return new InitiatorExtension(*this); }
  void copy_from(const tlm::tlm_extension_base& other) override {
    *this = static_cast<const InitiatorExtension&>(other);
  }
};

// The back door from an inclusive cache to the private caches above it.
class PrivateCacheControl {
 public:
  virtual ~PrivateCacheControl() = default;
  // Drops every private copy of `line` (line number); returns true if a copy was dirty.
  virtual bool back_invalidate(std::uint64_t line) = 0;
};

}  // namespace sttvp
