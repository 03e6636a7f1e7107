// What retention does to the lines of an LLC's STT-RAM ways, as pure logic: the LLC asks it what a
// read hit finds, and applies the answer to its data store and statistics.
//
// A line's residency starts when its data is written (fill, write hit, refresh, ECC refetch or
// scrub) and is keyed by that write time. At the write the cell model draws when the line's first
// bit flips (WeakCellModel::first_flip_exponential: a unit exponential, in units of the line's
// mean time to a flip, so the write needs neither the cells nor a rate); until a read comes later
// than that, a read hit costs one multiplication and one comparison (and its analytic failure
// probability, inline arithmetic). A read past it asks the cell model which bits have flipped by
// then, given the first flip at the drawn time, and when the next one will: the same joint law of
// per-cell flip times as drawing every cell at every read (models/cache/README.md). With process
// variation the cell model's rates and positions of a line's cells are kept once derived
// (line_cells()). The flips found are kept per line (FlipPool) for the rest of the residency, so a
// later read sees a superset and only the new bits are reported; a clean line's flips are transient
// (memory still holds the right data) and are handed back to be undone when the line leaves the
// hierarchy.
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
// clean line and permanent on a dirty one. Read disturb skips ahead: the number of reads up to the
// next disturbed one is drawn once (geometric), so an undisturbed read costs a decrement. Under
// ECC they are decoded when they happen, on their own: the bits of corrected words never reach the
// store (their combination with later flips of the same word is not modelled).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "models/cache/FlipPool.h"
#include "models/cache/SecDed.h"
#include "models/common/CounterRng.h"
#include "models/common/OneMinusExp.h"
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
  RetentionEngine(RetentionEngine&&) = default;
  RetentionEngine& operator=(RetentionEngine&&) = default;
  // `lines` physical lines (by the LLC's line index); cells drawn from `variation` and `cell`
  // (`variation.bits_per_line` data bits; under ECC the check cells are added).
  RetentionEngine(const VariationParams& variation, const RetentionModel& cell, std::size_t lines,
                  Options options);

  const WeakCellModel* cells() const { return cells_.get(); }

  // A read hit of line `index` (physical line set, way), whose data was written at written_ps
  // (the residency started by the last rewrite() or scrubbed()), at t_ps (distance_ps after the
  // write; 0 if the read's decoupled time is earlier). `dirty`: the LLC holds the only up-to-date
  // copy. `flip_slot` is the line's slot in flips(); `out` is overwritten (its buffers keep their
  // capacity).
  void read(std::size_t index, std::uint64_t set, unsigned way, std::uint64_t written_ps,
            std::uint64_t t_ps, std::uint64_t distance_ps, bool dirty, std::uint32_t& flip_slot,
            RetentionRead& out) {
    out.failed = out.refetch = out.scrub = false;
    out.bits.clear();
    out.permanent = dirty;
    out.ecc = {};
    SttLine& lr = stt_[index];
    if (lr.rate_per_ps == 0) derive_rate(lr, index, set, way);
    // Idle time in units of the line's mean time to a flip.
    const double x = static_cast<double>(distance_ps) * lr.rate_per_ps;
    out.failure_probability = one_minus_exp(x);
    if (x < lr.next_x) {
      // No bit has flipped since the last look (the common case). A read after the first flip
      // still returns the bits found flipped then.
      const FlipPool::Record* f = pool_.find(flip_slot);
      out.failed = f != nullptr && x >= f->first_x;
      return;
    }
    read_flips(lr, x, index, set, way, written_ps, t_ps, dirty, flip_slot, out);
  }

  // A new residency of line `index` (physical line set, way), its data written at written_ps:
  // draws the idle time of its first flip (one exponential). What was flipped is now written data:
  // the line's flip record goes.
  void rewrite(std::size_t index, std::uint64_t set, unsigned way, std::uint64_t written_ps,
               std::uint32_t& flip_slot) {
    start_residency(index, set, way, written_ps);
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
  // start of the new residency, which begins at written_ps.
  void scrubbed(std::size_t index, std::uint64_t set, unsigned way, std::uint64_t written_ps,
                bool dirty, std::uint32_t& flip_slot);
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
  // A read hit that no read disturb touched returns 0 at the cost of a decrement: the reads
  // between two disturbed ones are skipped by a geometric draw (one per disturbed read). Only
  // with read faults on.
  std::size_t disturbed(std::uint32_t& flip_slot, bool dirty, std::vector<std::uint32_t>& out) {
    out.clear();
    if (--reads_to_disturb_ > 0) return 0;
    return disturb(flip_slot, dirty, out);
  }

  // Bytes of retention state per line (the record every STT-RAM line has).
  static constexpr std::size_t kBytesPerLine = 16;
  // With process variation, bytes per line of the derived cells kept for the lines that are
  // read (line_cells()), for `weak_cells` weak cells per line; reserved for up to
  // kMaxCellCacheLines lines, touched per line only when it is derived.
  static constexpr std::size_t cell_cache_bytes_per_line(std::size_t weak_cells) {
    return sizeof(std::size_t) + (weak_cells + 2) * sizeof(double) +
           weak_cells * sizeof(std::uint32_t);
  }
  // A bound on that memory (120 MB at 8 weak cells): beyond it, lines share entries.
  static constexpr std::size_t kMaxCellCacheLines = std::size_t{1} << 20;

 private:
  // Per line: its summed cell flip rate per ps (from the cell model's summary of the physical
  // line, fixed for the run; 0 until its first read derives it), and the idle time, in units of
  // the line's mean time to a flip, from which its flipped bits differ from what a read last found
  // (the residency's first flip, drawn at the write, then the next).
  struct SttLine {
    double rate_per_ps = 0;
    double next_x = 0;
  };
  static_assert(sizeof(SttLine) == kBytesPerLine, "per-line metadata budget");

  void start_residency(std::size_t index, std::uint64_t set, unsigned way,
                       std::uint64_t written_ps) {
    stt_[index].next_x = cells_->first_flip_exponential(set, way, written_ps);
  }
  void derive_rate(SttLine& lr, std::size_t index, std::uint64_t set, unsigned way);
  // The cell model's line_cells() of line `index`, derived on its first use and kept (only with
  // process variation: without it every line has the same rates and the model keeps them).
  // Returns the entry's slot.
  std::size_t line_cells(std::size_t index, std::uint64_t set, unsigned way);
  // read() at idle x (in mean times to a flip) past the line's next flip: the cell model's flips.
  void read_flips(SttLine& lr, double x, std::size_t index, std::uint64_t set, unsigned way,
                  std::uint64_t written_ps, std::uint64_t t_ps, bool dirty,
                  std::uint32_t& flip_slot, RetentionRead& out);
  std::size_t disturb(std::uint32_t& flip_slot, bool dirty, std::vector<std::uint32_t>& out);
  // Read hits up to and including the next disturbed one (1 when most reads are disturbed).
  std::uint64_t reads_until_disturbed(CounterRng::Stream& stream) const;
  // Above this probability that a read disturbs a line, skipping ahead saves nothing.
  static constexpr double kDenseDisturb = 0.5;
  // Lands the bits in found_ (a write's or a read's faults) in the line's flip record.
  std::size_t inject(std::uint32_t& flip_slot, bool dirty, std::vector<std::uint32_t>& out);

  Options options_;
  std::uint32_t data_bits_ = 0;  // data bits per line; under ECC the cell model has the check bits
  std::unique_ptr<WeakCellModel> cells_;
  std::vector<SttLine> stt_;  // by line index; empty without STT-RAM ways
  // line_cells(): direct-mapped by line index, each entry the line index + 1 (0: empty), the
  // cell model's rates_size() rates and k bit positions. Every read past a flip needs them, and
  // re-deriving them (normal quantiles and tails of k order statistics, k distinct positions)
  // cost most of such a read. Empty without variation. Not value-initialised: pages are touched
  // when used.
  std::vector<std::size_t> cell_tags_;
  std::unique_ptr<double[]> cell_rates_;
  std::unique_ptr<std::uint32_t[]> cell_bits_;
  FlipPool pool_;                               // of the lines with applied flips
  std::vector<std::uint32_t> found_, visible_;  // scratch of read() and inject()
  std::optional<BitFaultSampler> write_faults_, read_faults_;
  CounterRng fault_rng_{0};
  std::uint64_t fault_events_ = 0;  // key of each draw's stream
  // Read hits up to and including the next disturbed one (never reached with disturb off).
  std::uint64_t reads_to_disturb_ = ~std::uint64_t{0};
  double log_undisturbed_ = 0;  // ln P(a read disturbs no bit), for the geometric skips
};

}  // namespace sttvp
