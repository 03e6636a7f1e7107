// What retention does to the lines of an LLC's STT-RAM ways, as pure logic: the LLC asks it what a
// read hit finds, and applies the answer to its data store and statistics.
//
// Retention is lazy. A line's residency starts when its data is written (fill, write-back,
// refresh) and is keyed by that write time. On the residency's first read the cell model draws
// the idle time of the line's first bit flip (WeakCellModel::first_flip_time_s, from the line's
// mean time to a flip); until a read comes later than that, a read costs one comparison. A read
// past it asks the cell model which bits have flipped by then and when the next one will. The
// flips found are kept per line (FlipPool) for the rest of the residency, so a later read sees a
// superset and only the new bits are reported; a clean line's flips are transient (memory still
// holds the right data) and are handed back to be undone when the line leaves the hierarchy.
//
// Under ECC (SEC-DED per 64-bit word, SecDed) the check bits are cells of the line too, exposed to
// the same flips, and a read always decodes what is flipped now: single errors are corrected, the
// reader sees the data bits of the other words; a detected error in a clean line makes the LLC
// refetch it (its transient flips undone, a new residency); a corrected one makes it write the
// corrected line back (scrub, a new residency). A dirty line leaving the LLC is read out for its
// write-back: its flips are sampled then and reach memory.
//
// Writes and reads can leave wrong bits too (write errors, read disturb): drawn per event over the
// data bits, they join the line's flip record like retention flips found by a read, transient on a
// clean line and permanent on a dirty one. Under ECC they are decoded when they happen, on their
// own: the bits of corrected words never reach the store (their combination with later flips of
// the same word is not modelled).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "models/cache/FlipPool.h"
#include "models/cache/SecDed.h"
#include "models/common/CounterRng.h"
#include "models/sttram/BitFaultSampler.h"
#include "models/sttram/WeakCellModel.h"

namespace sttvp {

// What one read hit of an STT-RAM line does.
struct RetentionRead {
  double failure_probability = 0;  // analytic P(at least one wrong bit) at the read's distance
  bool failed = false;             // the read returns at least one wrong bit (sampled)
  bool refetch = false;            // ECC detected an error in a clean line: refetch it
  bool scrub = false;  // ECC corrected a word (no refetch): write the corrected line back
  // Bits to XOR into the store now, ascending: the newly flipped ones; with `refetch`, the
  // residency's transient flips, to undo.
  std::vector<std::uint32_t> bits;
  bool permanent = false;  // the new flips are on a dirty line (they reach memory)
  SecDed::Outcome ecc;     // under ECC: this read's words
};

class RetentionEngine {
 public:
  struct Options {
    bool ecc = false;         // SEC-DED per 64-bit word on every read
    bool apply_flips = true;  // false: flips are counted, the store is never touched
  };

  // Without STT-RAM ways: no cell model and no per-line retention records.
  RetentionEngine() = default;
  // `lines` physical lines (by the LLC's line index); cells drawn from `variation` and `cell`
  // (`variation.bits_per_line` data bits; under ECC the check cells are added).
  RetentionEngine(const VariationParams& variation, const RetentionModel& cell, std::size_t lines,
                  Options options);

  const WeakCellModel* cells() const { return cells_.get(); }

  // A read hit of line `index` (physical line set, way), whose data was written at written_ps,
  // at t_ps (distance_ps after the write; 0 if the read's decoupled time is earlier). `dirty`:
  // the LLC holds the only up-to-date copy. `flip_slot` is the line's slot in flips(); `out` is
  // overwritten (its buffers keep their capacity).
  void read(std::size_t index, std::uint64_t set, unsigned way, std::uint64_t written_ps,
            std::uint64_t t_ps, std::uint64_t distance_ps, bool dirty, std::uint32_t& flip_slot,
            RetentionRead& out);

  // A new residency of line `index`; `same_ps`: written in the same ps as the previous one, whose
  // cached flip times must then be dropped explicitly (the key would not change). What was
  // flipped is now written data: the line's flip record goes.
  void rewrite(std::size_t index, bool same_ps, std::uint32_t& flip_slot) {
    if (same_ps && !stt_.empty()) stt_[index].flips_of_ps = kNoResidency;
    pool_.release(flip_slot);
  }
  // The line leaves the LLC; returns the transient flips to undo in the store (valid until the
  // next read), or nullptr. `dirty`: it is written back (its flips persist).
  const std::vector<std::uint32_t>* leave(std::uint32_t& flip_slot, bool dirty);
  // The line moves to another way: its flips stay in the store, the record goes.
  void moved(std::uint32_t& flip_slot) { pool_.release(flip_slot); }

  // ECC wrote the corrected line back (after a read whose `scrub` was set): a new residency whose
  // data is what the reader saw. A dirty line's flips are now written data (the record goes); a
  // clean line keeps its transient flips (memory still holds the right data), seen from the
  // start of the new residency. `same_ps` as for rewrite().
  void scrubbed(std::size_t index, bool same_ps, bool dirty, std::uint32_t& flip_slot);
  // A dirty line written at written_ps leaves the LLC at t_ps: its write-back reads it out, so
  // its failures are sampled as by a read hit then (under ECC, decoded: corrected words go out
  // correct). `out.bits` are the new flips, to apply to the store before the write-back (they
  // become permanent there); the line's record goes.
  void write_back(std::size_t index, std::uint64_t set, unsigned way, std::uint64_t written_ps,
                  std::uint64_t t_ps, std::uint32_t& flip_slot, RetentionRead& out);

  const FlipPool& flips() const { return pool_; }

  // Each bit of a line written (read) goes wrong independently with probability write_p
  // (read_p); the events draw from `seed`.
  void enable_faults(std::uint32_t bits, double write_p, double read_p, std::uint64_t seed);
  bool write_faults_on() const { return write_faults_ && write_faults_->bit_probability() > 0; }
  bool read_faults_on() const { return read_faults_ && read_faults_->bit_probability() > 0; }
  // The bits `writes` successive writes of a line left wrong (a bit is wrong after an odd number
  // of failed writes), or one read hit disturbed, recorded in the line's flip record. `out`: the
  // bits to XOR into the store now, ascending (none without apply_flips). Returns how many bits
  // went wrong in the cells.
  std::size_t written(std::uint32_t& flip_slot, bool dirty, std::uint64_t writes,
                      std::vector<std::uint32_t>& out);
  std::size_t disturbed(std::uint32_t& flip_slot, bool dirty, std::vector<std::uint32_t>& out);

  // Bytes of retention state per line (the record every STT-RAM line has).
  static constexpr std::size_t kBytesPerLine = 32;

 private:
  // What a read needs, derived once per line instead of on every read: the cell model's summary
  // of the physical line and its mean time to a flip (fixed for the run; summary NaN until
  // derived), and the idle time after the write at `flips_of_ps` before which the line's flipped
  // bits stay as a read last found them (its first flip, then the next). Valid while flips_of_ps
  // equals the line's write time, so a write need not touch this record.
  struct SttLine {
    LineRetentionSummary summary{};
    double tau_s = 0;
    double next_flip_s = 0;
    std::uint64_t flips_of_ps = kNoResidency;
  };
  static constexpr std::uint64_t kNoResidency = ~std::uint64_t{0};
  static_assert(sizeof(SttLine) == kBytesPerLine, "per-line metadata budget");

  SttLine& stt_line(std::size_t index, std::uint64_t set, unsigned way);
  std::size_t inject(const BitFaultSampler& sampler, std::uint32_t& flip_slot, bool dirty,
                     std::vector<std::uint32_t>& out);

  Options options_;
  std::uint32_t data_bits_ = 0;  // data bits per line; under ECC the cell model has the check bits
  std::unique_ptr<WeakCellModel> cells_;
  std::vector<SttLine> stt_;                    // by line index; empty without STT-RAM ways
  FlipPool pool_;                               // of the lines with applied flips
  std::vector<std::uint32_t> found_, visible_;  // scratch of read() and inject()
  std::optional<BitFaultSampler> write_faults_, read_faults_;
  CounterRng fault_rng_{0};
  std::uint64_t fault_events_ = 0;  // key of each draw's stream
};

}  // namespace sttvp
