#include "sw/fault/FlipAttribution.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <utility>

#include "sw/nn/NonFinite.h"

namespace sttvp::sw {

namespace {

// Which of two roles of the same memory names it: the one that reads it next.
int preference(BufferKind kind) {
  switch (kind) {
    case BufferKind::Input:
    case BufferKind::OutputGradient:
      return 0;
    case BufferKind::Output:
    case BufferKind::InputGradient:
      return 1;
    default:
      return 0;
  }
}

}  // namespace

FlipAttribution::FlipAttribution(const std::vector<BufferInfo>& buffers) {
  std::map<std::pair<std::uintptr_t, std::uintptr_t>, std::pair<const BufferInfo*, std::string>>
      by_range;
  for (const BufferInfo& b : buffers) {
    const auto begin = reinterpret_cast<std::uintptr_t>(b.data);
    const std::pair<std::uintptr_t, std::uintptr_t> key{begin, begin + b.count * sizeof(float)};
    auto it = by_range.find(key);
    if (it == by_range.end()) {
      by_range.emplace(key, std::make_pair(&b, std::string()));
      continue;
    }
    const BufferInfo*& chosen = it->second.first;
    std::string& aliases = it->second.second;
    const BufferInfo* other = &b;
    if (preference(b.kind) < preference(chosen->kind)) std::swap(chosen, other);
    aliases += (aliases.empty() ? "" : ";") + other->name;
  }
  for (const auto& [range, entry] : by_range) {
    Region r;
    r.name = entry.first->name;
    r.aliases = entry.second;
    r.kind = buffer_kind_name(entry.first->kind);
    r.layer = entry.first->layer;
    r.share = entry.first->share;
    r.begin = range.first;
    r.end = range.second;
    regions_.push_back(std::move(r));
  }
}

FlipAttribution FlipAttribution::for_training(const Trainer& trainer, const TrainingData& train,
                                              const TrainingData& test) {
  FlipAttribution a(trainer.buffers());
  for (const auto& [name, data] : {std::pair{"train", &train}, std::pair{"test", &test}}) {
    if (data->size() == 0) continue;
    a.add_region(std::string(name) + ".images", data->images.data(),
                 data->images.size() * sizeof(float), true);
    a.add_region(std::string(name) + ".labels", data->labels.data(), data->labels.size(), false);
  }
  return a;
}

void FlipAttribution::add_region(const std::string& name, const void* data, std::size_t bytes,
                                 bool floats) {
  Region r;
  r.name = name;
  r.kind = "data";
  r.begin = reinterpret_cast<std::uintptr_t>(data);
  r.end = r.begin + bytes;
  r.floats = floats;
  const auto at = std::upper_bound(regions_.begin(), regions_.end(), r.begin,
                                   [](std::uintptr_t x, const Region& e) { return x < e.begin; });
  regions_.insert(at, std::move(r));
}

FlipAttribution::Hit FlipAttribution::find(std::uint64_t addr, unsigned bit_in_byte) const {
  Hit hit;
  const auto a = static_cast<std::uintptr_t>(addr);
  // The last region starting at or before addr.
  auto it = std::upper_bound(regions_.begin(), regions_.end(), a,
                             [](std::uintptr_t x, const Region& r) { return x < r.begin; });
  if (it == regions_.begin()) return hit;
  --it;
  if (a >= it->end) return hit;
  hit.region = &*it;
  const std::uintptr_t offset = a - it->begin;
  hit.element = it->floats ? offset / sizeof(float) : offset;
  hit.bit =
      it->floats ? static_cast<unsigned>(offset % sizeof(float)) * 8 + bit_in_byte : bit_in_byte;
  return hit;
}

void FlipAttribution::record(std::uint64_t addr, unsigned bit_in_byte, bool permanent,
                             std::uint64_t step) {
  ++flips_;
  const Hit hit = find(addr, bit_in_byte);
  if (hit.region == nullptr) {
    ++unattributed_;
    if (permanent) ++unattributed_permanent_;
    return;
  }
  Region& r = const_cast<Region&>(*hit.region);
  ++r.flips;
  if (permanent) ++r.permanent;
  if (r.first_step < 0) r.first_step = static_cast<std::int64_t>(step);
  if (r.floats) {
    float v;
    std::memcpy(&v, reinterpret_cast<const void*>(r.begin + hit.element * sizeof(float)), sizeof v);
    if (nonfinite_bits(float_bits(v))) ++r.nonfinite;
  }
}

std::vector<std::uint64_t> FlipAttribution::flips_per_layer() const {
  int max_layer = -1;
  for (const Region& r : regions_) max_layer = std::max(max_layer, r.layer);
  std::vector<std::uint64_t> out(static_cast<std::size_t>(max_layer + 2), 0);
  for (const Region& r : regions_) out[static_cast<std::size_t>(r.layer + 1)] += r.flips;
  return out;
}

std::string FlipAttribution::csv() const {
  std::string out = std::string(kHeader) + "\n";
  char buf[512];
  for (const Region& r : regions_) {
    if (r.flips == 0) continue;
    std::snprintf(buf, sizeof buf, "%s,%s,%d,%d,%llu,%llu,%llu,%llu,%lld,%s\n", r.name.c_str(),
                  r.kind.c_str(), r.layer, r.share, static_cast<unsigned long long>(r.flips),
                  static_cast<unsigned long long>(r.permanent),
                  static_cast<unsigned long long>(r.flips - r.permanent),
                  static_cast<unsigned long long>(r.nonfinite),
                  static_cast<long long>(r.first_step), r.aliases.c_str());
    out += buf;
  }
  if (unattributed_ > 0) {
    std::snprintf(buf, sizeof buf, "unattributed,other,-1,-1,%llu,%llu,%llu,0,-1,\n",
                  static_cast<unsigned long long>(unattributed_),
                  static_cast<unsigned long long>(unattributed_permanent_),
                  static_cast<unsigned long long>(unattributed_ - unattributed_permanent_));
    out += buf;
  }
  return out;
}

}  // namespace sttvp::sw
