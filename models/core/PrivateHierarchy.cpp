#include "models/core/PrivateHierarchy.h"

namespace sttvp {

PrivateHierarchy::PrivateHierarchy(const CoreConfig& config)
    : has_l1i_(config.has_l1i),
      has_l2_(config.has_l2),
      l1i_(has_l1i_ ? config.l1i.geometry.sets() : 1, has_l1i_ ? config.l1i.geometry.ways : 1),
      l1d_(config.l1d.geometry.sets(), config.l1d.geometry.ways),
      l2_(has_l2_ ? config.l2.geometry.sets() : 1, has_l2_ ? config.l2.geometry.ways : 1) {}

void PrivateHierarchy::evict_l2(std::uint64_t set, unsigned way, LlcRequests& requests) {
  const std::uint64_t victim = l2_.line_at(set, way);
  bool dirty = l2_.dirty(set, way);
  const std::uint64_t set1 = l1d_.set_of(victim);
  if (const int w = l1d_.find(victim); w >= 0) {
    dirty |= l1d_.dirty(set1, static_cast<unsigned>(w));
    l1d_.invalidate(set1, static_cast<unsigned>(w));
    if (last_line_ == victim) last_line_ = CacheArray::kInvalid;
  }
  if (has_l1i_) {
    const std::uint64_t seti = l1i_.set_of(victim);
    if (const int w = l1i_.find(victim); w >= 0) {
      l1i_.invalidate(seti, static_cast<unsigned>(w));
      if (last_fetch_line_ == victim) last_fetch_line_ = CacheArray::kInvalid;
    }
  }
  l2_.invalidate(set, way);
  if (dirty) {
    ++stats_.l2_writebacks;
    requests.push_back(LlcRequest{victim, LlcRequest::Kind::WriteBack, false, true});
  }
}

bool PrivateHierarchy::back_invalidate(std::uint64_t line) {
  bool dirty = false;
  const std::uint64_t seti = l1i_.set_of(line);
  if (const int w = l1i_.find(line); w >= 0) l1i_.invalidate(seti, static_cast<unsigned>(w));
  if (last_fetch_line_ == line) last_fetch_line_ = CacheArray::kInvalid;
  const std::uint64_t set1 = l1d_.set_of(line);
  if (const int w = l1d_.find(line); w >= 0) {
    dirty |= l1d_.dirty(set1, static_cast<unsigned>(w));
    l1d_.invalidate(set1, static_cast<unsigned>(w));
  }
  const std::uint64_t set2 = l2_.set_of(line);
  if (const int w = l2_.find(line); w >= 0) {
    dirty |= l2_.dirty(set2, static_cast<unsigned>(w));
    l2_.invalidate(set2, static_cast<unsigned>(w));
  }
  if (last_line_ == line) last_line_ = CacheArray::kInvalid;
  return dirty;
}

}  // namespace sttvp
