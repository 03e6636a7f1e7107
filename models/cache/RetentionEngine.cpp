#include "models/cache/RetentionEngine.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sttvp {

namespace {
constexpr double kPsPerS = 1e12;
constexpr std::uint64_t kFaultDomain = 0x5772495244ULL;  // fork tag of the write/read fault draws

VariationParams with_check_cells(VariationParams v, bool ecc) {
  if (ecc) v.bits_per_line = SecDed::line_cells(v.bits_per_line);
  return v;
}

constexpr std::uint64_t kNever = ~std::uint64_t{0};
}  // namespace

RetentionEngine::RetentionEngine(const VariationParams& variation, const RetentionModel& cell,
                                 std::size_t lines, Options options)
    : options_(options),
      data_bits_(variation.bits_per_line),
      cells_(std::make_unique<WeakCellModel>(with_check_cells(variation, options.ecc), cell)),
      stt_(lines) {
  if (cells_->sigma() > 0.0 && lines > 0) {
    cell_tags_.assign(std::min(lines, kMaxCellCacheLines), 0);
    cell_rates_.reset(new double[cell_tags_.size() * cells_->rates_size()]);
    cell_bits_.reset(new std::uint32_t[cell_tags_.size() * cells_->params().weak_cells]);
  }
}

std::size_t RetentionEngine::line_cells(std::size_t index, std::uint64_t set, unsigned way) {
  const std::size_t slot = index % cell_tags_.size();
  if (cell_tags_[slot] != index + 1) {
    cells_->line_cells(set, way, cell_rates_.get() + slot * cells_->rates_size(),
                       cell_bits_.get() + slot * cells_->params().weak_cells);
    cell_tags_[slot] = index + 1;
  }
  return slot;
}

void RetentionEngine::derive_rate(SttLine& lr, std::size_t index, std::uint64_t set, unsigned way) {
  // The physical line's cells are fixed for the run: their mean time to a flip is derived once.
  const double tau_s =
      cell_tags_.empty()
          ? cells_->retention().mean_time_to_flip_s(cells_->summary(set, way).line_delta)
          : cell_rates_[line_cells(index, set, way) * cells_->rates_size()];
  lr.rate_per_ps = 1.0 / (tau_s * kPsPerS);
}

void RetentionEngine::read_flips(SttLine& lr, double x, std::size_t index, std::uint64_t set,
                                 unsigned way, std::uint64_t written_ps, std::uint64_t t_ps,
                                 bool dirty, std::uint32_t& flip_slot, RetentionRead& out) {
  const double first_x = lr.next_x;  // until a read finds flips, the first flip's time
  std::vector<std::uint32_t>& bits = found_;
  double next_s;
  if (cell_tags_.empty()) {
    next_s = cells_->flips_between(set, way, written_ps, t_ps, bits);
  } else {
    const std::size_t slot = line_cells(index, set, way);
    next_s = cells_->flips_between(cell_rates_.get() + slot * cells_->rates_size(),
                                   cell_bits_.get() + slot * cells_->params().weak_cells, set, way,
                                   written_ps, t_ps, bits);
  }
  if (options_.ecc) {
    // ECC's outcome is counted per read, so a read under ECC always looks at the bits.
    out.ecc = SecDed::decode(bits, data_bits_, visible_);
    if (out.ecc.detected > 0 && !dirty) {
      // A clean line is refetched from memory: the reader gets correct data, a new residency.
      out.refetch = true;
      if (const FlipPool::Record* f = pool_.find(flip_slot); f != nullptr && f->transient)
        out.bits.assign(f->bits.begin(), f->bits.end());
      return;
    }
    out.scrub = out.ecc.corrected > 0;
    bits.swap(visible_);
  } else {
    lr.next_x = next_s * kPsPerS * lr.rate_per_ps;  // infinity: no cell left to flip
  }
  FlipPool::Record* known = pool_.find(flip_slot);
  if (bits.empty()) {
    // (Under ECC, after a scrub: a clean line's transient flips are still there.)
    out.failed = known != nullptr && x >= known->first_x;
    return;
  }
  out.failed = true;
  FlipPool::Record& f = known != nullptr ? *known : pool_.acquire(flip_slot, !dirty, first_x);
  FlipPool::fresh_bits(f, bits, out.bits);
  out.permanent = !f.transient;
  if (out.bits.empty()) return;
  if (!options_.apply_flips) f.transient = false;  // counted once, but the store is untouched
  // Within a residency `bits` holds the record's; after a scrub the record may hold more.
  FlipPool::add_bits(f, out.bits);
}

void RetentionEngine::enable_faults(std::uint32_t bits, double write_p, double read_p,
                                    std::uint64_t seed) {
  write_faults_.emplace(bits, write_p);
  read_faults_.emplace(bits, read_p);
  fault_rng_ = CounterRng(seed).fork(kFaultDomain);
  log_undisturbed_ = std::log1p(-read_faults_->line_probability());
  reads_to_disturb_ = kNever;
  if (read_faults_on()) {
    CounterRng::Stream stream = fault_rng_.stream(++fault_events_, 0);
    reads_to_disturb_ = reads_until_disturbed(stream);
  }
}

std::uint64_t RetentionEngine::reads_until_disturbed(CounterRng::Stream& stream) const {
  // When most reads are disturbed, each read decides with one uniform (disturb()).
  if (read_faults_->line_probability() >= kDenseDisturb) return 1;
  // Geometric on 1, 2, ...: the first success of independent reads, each disturbed with
  // probability q, by inversion: 1 + floor(ln U / ln(1 - q)).
  const double skip = std::floor(std::log(stream.next_uniform()) / log_undisturbed_);
  return skip < 1e18 ? 1 + static_cast<std::uint64_t>(skip) : kNever;
}

std::size_t RetentionEngine::written(std::uint32_t& flip_slot, bool dirty, std::uint64_t writes,
                                     std::vector<std::uint32_t>& out) {
  out.clear();
  if (!write_faults_on() || writes == 0) return 0;
  CounterRng::Stream stream = fault_rng_.stream(++fault_events_, 0);
  if (writes == 1) {
    write_faults_->draw(stream, found_);
  } else {
    // A bit is wrong after an odd number of failures among the writes.
    const double p = write_faults_->bit_probability();
    const double odd = -0.5 * std::expm1(static_cast<double>(writes) * std::log1p(-2.0 * p));
    BitFaultSampler(write_faults_->bits(), odd).draw(stream, found_);
  }
  return inject(flip_slot, dirty, out);
}

std::size_t RetentionEngine::disturb(std::uint32_t& flip_slot, bool dirty,
                                     std::vector<std::uint32_t>& out) {
  // This read is disturbed (or, when most reads are, decides here): its bits, given at least one,
  // then the reads to the next disturbed one.
  CounterRng::Stream stream = fault_rng_.stream(++fault_events_, 0);
  const double q = read_faults_->line_probability();
  const bool hit = q < kDenseDisturb || stream.next_uniform() < q;
  reads_to_disturb_ = reads_until_disturbed(stream);
  if (!hit) return 0;
  read_faults_->draw_failing(stream, found_);
  return inject(flip_slot, dirty, out);
}

std::size_t RetentionEngine::inject(std::uint32_t& flip_slot, bool dirty,
                                    std::vector<std::uint32_t>& out) {
  if (found_.empty()) return 0;
  const std::vector<std::uint32_t>* land = &found_;
  if (options_.ecc) {
    SecDed::decode(found_, data_bits_, visible_);
    land = &visible_;
  }
  if (land->empty() || !options_.apply_flips) return found_.size();
  FlipPool::Record* known = pool_.find(flip_slot);
  FlipPool::Record& f = known != nullptr ? *known : pool_.acquire(flip_slot, !dirty, 0);
  FlipPool::fresh_bits(f, *land, out);
  FlipPool::add_bits(f, out);
  return found_.size();
}

void RetentionEngine::scrubbed(std::size_t index, std::uint64_t set, unsigned way,
                               std::uint64_t written_ps, bool dirty, std::uint32_t& flip_slot) {
  start_residency(index, set, way, written_ps);
  FlipPool::Record* f = pool_.find(flip_slot);
  if (dirty || f == nullptr || !f->transient) {
    pool_.release(flip_slot);
    return;
  }
  f->first_x = 0;
}

void RetentionEngine::write_back(std::size_t index, std::uint64_t set, unsigned way,
                                 std::uint64_t written_ps, std::uint64_t t_ps,
                                 std::uint32_t& flip_slot, RetentionRead& out) {
  const std::uint64_t distance_ps = t_ps > written_ps ? t_ps - written_ps : 0;
  read(index, set, way, written_ps, t_ps, distance_ps, true, flip_slot, out);
  pool_.release(flip_slot);
}

const std::vector<std::uint32_t>* RetentionEngine::leave(std::uint32_t& flip_slot, bool dirty) {
  const FlipPool::Record* f = pool_.find(flip_slot);
  if (f == nullptr) return nullptr;
  pool_.release(flip_slot);
  // A clean line leaves the hierarchy: memory still holds the correct data.
  return f->transient && !dirty ? &f->bits : nullptr;
}

}  // namespace sttvp
