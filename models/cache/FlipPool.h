#pragma once

#include <cstdint>
#include <vector>

namespace sttvp {

// The bits retention has flipped in the data store during a line's current residency, kept only
// for lines that have any. Records are pooled and addressed by a slot number the line keeps in
// its own metadata (0: no record), so a line costs 4 bytes here and the steady state allocates
// nothing: a freed record keeps its capacity for the next line that needs one.
class FlipPool {
 public:
  struct Record {
    std::vector<std::uint32_t> bits;  // flipped bit positions in the line, ascending
    // Idle time of the residency's first flip, in units of the line's mean time to a flip.
    double first_x = 0;
    bool transient = true;  // clean line: undone when the line leaves the hierarchy
  };

  // The record behind `slot`, or nullptr for slot 0.
  Record* find(std::uint32_t slot) { return slot != 0 ? &records_[slot - 1] : nullptr; }
  // An empty record, its slot stored in `slot` (which holds none yet).
  Record& acquire(std::uint32_t& slot, bool transient, double first_x);
  // Frees the record behind `slot`, if any, and sets `slot` to 0.
  void release(std::uint32_t& slot);
  // Records in use.
  std::size_t live() const { return records_.size() - free_.size(); }

  // The bits of `found` (ascending) that `r` does not hold yet, into `fresh` (ascending).
  static void fresh_bits(const Record& r, const std::vector<std::uint32_t>& found,
                         std::vector<std::uint32_t>& fresh);
  // Adds `fresh` (ascending, none of them in `r`) to `r`, keeping it ascending.
  static void add_bits(Record& r, const std::vector<std::uint32_t>& fresh);

 private:
  std::vector<Record> records_;
  std::vector<std::uint32_t> free_;  // indices into records_
};

}  // namespace sttvp
