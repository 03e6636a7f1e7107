#include "experiments/sweep/SweepJob.h"

#include <cstdio>

#include "models/common/InputError.h"

namespace sttvp {

namespace {

// 64-bit FNV-1a: tiny, portable and fixed forever, which is what a job id needs (it is not a
// security boundary).
std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

}  // namespace

std::vector<std::string> SweepJob::set_arguments() const {
  std::vector<std::string> out;
  out.reserve(overrides.size());
  for (const auto& o : overrides) out.push_back(o.key + "=" + o.value.dump());
  return out;
}

std::vector<std::string> SweepJob::run_arguments(const std::string& config,
                                                 const std::string& out_dir) const {
  std::vector<std::string> args{"run", "--config", config};
  for (const auto& s : set_arguments()) {
    args.push_back("--set");
    args.push_back(s);
  }
  if (seed) {
    args.push_back("--seed");
    args.push_back(std::to_string(*seed));
  }
  args.push_back("--out");
  args.push_back(out_dir);
  return args;
}

std::string SweepJob::make_id(std::size_t index, const std::vector<Override>& overrides,
                              const std::optional<std::uint64_t>& seed) {
  std::string canonical;
  for (const auto& o : overrides) canonical += o.key + "=" + o.value.dump() + "\n";
  if (seed) canonical += "--seed=" + std::to_string(*seed) + "\n";
  const std::uint64_t h = fnv1a(canonical);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04zu-%08x", index,
                static_cast<unsigned>((h >> 32) ^ (h & 0xffffffffu)));
  return buf;
}

bool SweepJob::valid_id(const std::string& id) {
  const auto dash = id.find('-');
  if (dash == std::string::npos || dash < 4 || id.size() != dash + 9) return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    if (i < dash && !(c >= '0' && c <= '9')) return false;
    if (i > dash && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Json SweepJob::to_json() const {
  Json j = Json::object();
  j["id"] = id;
  j["index"] = index;
  j["seed"] = seed ? Json(*seed) : Json(nullptr);
  Json g = Json::object();
  for (const auto& [key, value] : grid) g[key] = value;
  j["grid"] = std::move(g);
  Json o = Json::object();
  for (const auto& ov : overrides) o[ov.key] = ov.value;
  j["overrides"] = std::move(o);
  return j;
}

SweepJob SweepJob::from_json(const Json& value, const std::string& file, const std::string& path) {
  auto fail = [&](const std::string& key, const std::string& message) {
    throw InputError(file, key.empty() ? path : path + "." + key, message);
  };
  if (!value.is_object()) fail("", "expected an object");
  SweepJob job;
  if (!value.contains("id") || !value["id"].is_string() ||
      !valid_id(value["id"].get<std::string>()))
    fail("id", "missing or malformed job id");
  job.id = value["id"].get<std::string>();
  if (!value.contains("index") || !value["index"].is_number_unsigned())
    fail("index", "expected a non-negative integer");
  job.index = value["index"].get<std::size_t>();
  if (value.contains("seed") && !value["seed"].is_null()) {
    if (!value["seed"].is_number_unsigned()) fail("seed", "expected a non-negative integer");
    job.seed = value["seed"].get<std::uint64_t>();
  }
  for (const char* key : {"grid", "overrides"})
    if (!value.contains(key) || !value[key].is_object()) fail(key, "expected an object");
  for (auto it = value["grid"].begin(); it != value["grid"].end(); ++it)
    job.grid.emplace_back(it.key(), it.value());
  for (auto it = value["overrides"].begin(); it != value["overrides"].end(); ++it)
    job.overrides.push_back({it.key(), it.value(), "overrides." + it.key()});
  return job;
}

}  // namespace sttvp
