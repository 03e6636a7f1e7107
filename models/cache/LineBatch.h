// The line requests of one core's probe call (a range), sent to the LLC as one b_transport
// (issue #16) instead of one transaction per line. The payload carries TLM_IGNORE_COMMAND, so a
// target that does not know this extension does nothing (the core then reports an error).
//
// `entries` holds the requests of one step of an L2 miss, in order (the L2 victim's write-back
// and the fill, or, without an L2, the L1D victim's write-back), all issued at the core's local
// time `local_ps`. The LLC serves each as the one-line transaction the core would otherwise have
// sent and writes its latency into it; then it asks the `source` (the core) for the next step:
// the core applies the stall of the miss just answered, runs its private hierarchy over the next
// lines of the range and refills `entries`, or says there is nothing more in this payload (the
// range is done, or the core must synchronise with simulation time first; it then sends the
// rest of the range as a new payload). Every line thus reaches the LLC at the same decoupled time,
// in the same order relative to the other cores and to the LLC's back-invalidations, as with one
// transaction per line: the results are the same, bit for bit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <tlm>
#include <vector>

namespace sttvp {

struct LineBatch : tlm::tlm_extension<LineBatch> {
  struct Entry {
    std::uint64_t line = 0;        // line number (address / line size)
    std::uint64_t latency_ps = 0;  // the answer: completion minus issue time
    bool write = false;            // a write-back (else a fill)
    bool exclusive = false;        // a fill for a write: other private copies are invalidated
    bool eviction = false;         // a write-back of a line the core no longer holds
  };
  // Where the next step comes from (the core).
  class Source {
   public:
    virtual ~Source() = default;
    // Called after every entry was served: true with the next step's entries (and local_ps),
    // false when this payload is done.
    virtual bool next(LineBatch& batch) = 0;
  };

  std::vector<Entry> entries;
  std::uint64_t local_ps = 0;        // the core's local time ahead of simulation time at issue
  Source* source = nullptr;          // nullptr: the entries are all there is
  unsigned char* scratch = nullptr;  // the lines' data buffer; nullptr: each line's host address
  std::size_t failed = 0;            // the answer on an error: the entry that failed

  tlm::tlm_extension_base* clone() const override { return new LineBatch(*this); }
  void copy_from(const tlm::tlm_extension_base& other) override {
    *this = static_cast<const LineBatch&>(other);
  }
};

}  // namespace sttvp
