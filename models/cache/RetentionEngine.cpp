#include "models/cache/RetentionEngine.h"

#include <cmath>

namespace sttvp {

namespace {
constexpr double kPsPerS = 1e12;
constexpr std::uint64_t kFaultDomain = 0x5772495244ULL;  // fork tag of the write/read fault draws

VariationParams with_check_cells(VariationParams v, bool ecc) {
  if (ecc) v.bits_per_line = SecDed::line_cells(v.bits_per_line);
  return v;
}
}  // namespace

RetentionEngine::RetentionEngine(const VariationParams& variation, const RetentionModel& cell,
                                 std::size_t lines, Options options)
    : options_(options),
      data_bits_(variation.bits_per_line),
      cells_(std::make_unique<WeakCellModel>(with_check_cells(variation, options.ecc), cell)),
      stt_(lines) {
  for (SttLine& l : stt_) l.summary.weakest_delta = std::nanf("");
}

RetentionEngine::SttLine& RetentionEngine::stt_line(std::size_t index, std::uint64_t set,
                                                    unsigned way) {
  SttLine& lr = stt_[index];
  if (std::isnan(lr.summary.weakest_delta)) {
    lr.summary = cells_->summary(set, way);
    lr.tau_s = cells_->retention().mean_time_to_flip_s(lr.summary.line_delta);
  }
  return lr;
}

void RetentionEngine::read(std::size_t index, std::uint64_t set, unsigned way,
                           std::uint64_t written_ps, std::uint64_t t_ps, std::uint64_t distance_ps,
                           bool dirty, std::uint32_t& flip_slot, RetentionRead& out) {
  out.failed = out.refetch = out.scrub = false;
  out.bits.clear();
  out.permanent = dirty;
  out.ecc = {};
  SttLine& lr = stt_line(index, set, way);
  const double idle_s = static_cast<double>(distance_ps) / kPsPerS;
  // The cell model's line_failure_probability(summary, idle_s), from the cached mean time.
  out.failure_probability = RetentionModel::line_failure_probability(idle_s, lr.tau_s, 1);
  if (lr.flips_of_ps != written_ps) {
    lr.next_flip_s = cells_->first_flip_time_s(lr.tau_s, set, way, written_ps);
    lr.flips_of_ps = written_ps;
  }
  if (idle_s < lr.next_flip_s) {
    // No bit has flipped since the last look (the common case). A read after the first flip
    // still returns the bits found flipped then.
    const FlipPool::Record* f = pool_.find(flip_slot);
    out.failed = f != nullptr && idle_s >= f->first_s;
    return;
  }
  const double first_s = lr.next_flip_s;  // until a read finds flips, the first flip's time
  std::vector<std::uint32_t>& bits = found_;
  const double next_s = cells_->flips_between(set, way, written_ps, t_ps, bits);
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
    lr.next_flip_s = next_s;
  }
  FlipPool::Record* known = pool_.find(flip_slot);
  if (bits.empty()) {
    // (Under ECC, after a scrub: a clean line's transient flips are still there.)
    out.failed = known != nullptr && idle_s >= known->first_s;
    return;
  }
  out.failed = true;
  FlipPool::Record& f = known != nullptr ? *known : pool_.acquire(flip_slot, !dirty, first_s);
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
}

std::size_t RetentionEngine::written(std::uint32_t& flip_slot, bool dirty, std::uint64_t writes,
                                     std::vector<std::uint32_t>& out) {
  out.clear();
  if (!write_faults_on() || writes == 0) return 0;
  if (writes == 1) return inject(*write_faults_, flip_slot, dirty, out);
  // A bit is wrong after an odd number of failures among the writes.
  const double p = write_faults_->bit_probability();
  const double odd = -0.5 * std::expm1(static_cast<double>(writes) * std::log1p(-2.0 * p));
  return inject(BitFaultSampler(write_faults_->bits(), odd), flip_slot, dirty, out);
}

std::size_t RetentionEngine::disturbed(std::uint32_t& flip_slot, bool dirty,
                                       std::vector<std::uint32_t>& out) {
  out.clear();
  return read_faults_on() ? inject(*read_faults_, flip_slot, dirty, out) : 0;
}

std::size_t RetentionEngine::inject(const BitFaultSampler& sampler, std::uint32_t& flip_slot,
                                    bool dirty, std::vector<std::uint32_t>& out) {
  CounterRng::Stream stream = fault_rng_.stream(++fault_events_, 0);
  sampler.draw(stream, found_);
  if (found_.empty()) return 0;
  const std::vector<std::uint32_t>* land = &found_;
  if (options_.ecc) {
    SecDed::decode(found_, data_bits_, visible_);
    land = &visible_;
  }
  if (land->empty() || !options_.apply_flips) return found_.size();
  FlipPool::Record* known = pool_.find(flip_slot);
  FlipPool::Record& f = known != nullptr ? *known : pool_.acquire(flip_slot, !dirty, 0.0);
  FlipPool::fresh_bits(f, *land, out);
  FlipPool::add_bits(f, out);
  return found_.size();
}

void RetentionEngine::scrubbed(std::size_t index, bool same_ps, bool dirty,
                               std::uint32_t& flip_slot) {
  if (same_ps) stt_[index].flips_of_ps = kNoResidency;
  FlipPool::Record* f = pool_.find(flip_slot);
  if (dirty || f == nullptr || !f->transient) {
    pool_.release(flip_slot);
    return;
  }
  f->first_s = 0;
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
