#include "models/common/ConfigNode.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <limits>
#include <sstream>

namespace sttvp {
namespace fs = std::filesystem;

namespace {

std::string join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

std::string show(const Json& v) {
  std::string s = v.dump();
  return s.size() > 40 ? s.substr(0, 37) + "..." : s;
}

// "number 2.5", "string \"x\"", or "null" alone (not "null null").
std::string described(const Json& v) {
  return v.is_null() ? std::string("null") : ConfigNode::type_name(v) + " " + show(v);
}

}  // namespace

namespace {

// Records `file` as the origin of every key path inside `value`.
void record_origins(const Json& value, const std::string& path, const std::string& file,
                    std::map<std::string, std::string>& origins) {
  origins[path] = file;
  if (!value.is_object()) return;
  for (auto it = value.begin(); it != value.end(); ++it)
    record_origins(it.value(), join(path, it.key()), file, origins);
}

void erase_subtree(std::map<std::string, std::string>& origins, const std::string& path) {
  origins.erase(path);
  auto lo = origins.lower_bound(path + ".");
  auto hi = origins.lower_bound(path + "/");  // '/' sorts right after '.'
  origins.erase(lo, hi);
}

}  // namespace

// Deep merge: objects merge key by key, anything else replaces; origins follow the values.
void ConfigDocument::merge(Loaded& into, const Loaded& from, Json& dst, const Json& src,
                           const std::string& path) {
  for (auto it = src.begin(); it != src.end(); ++it) {
    std::string p = join(path, it.key());
    if (it.value().is_object() && dst.contains(it.key()) && dst[it.key()].is_object()) {
      merge(into, from, dst[it.key()], it.value(), p);
    } else {
      dst[it.key()] = it.value();
      erase_subtree(into.origins, p);
      auto lo = from.origins.lower_bound(p);
      auto hi = from.origins.lower_bound(p + "/");
      for (auto o = lo; o != hi; ++o)
        if (o->first == p || o->first.compare(0, p.size() + 1, p + ".") == 0)
          into.origins[o->first] = o->second;
    }
  }
}

ConfigDocument::Loaded ConfigDocument::load_file(const std::string& file,
                                                 std::vector<std::string>& stack,
                                                 const JsonLimits& limits) {
  if (std::find(stack.begin(), stack.end(), file) != stack.end())
    throw InputError(stack.back(), "include", "include cycle through " + file);
  if (stack.size() >= limits.max_depth)
    throw InputError(stack.back(), "include",
                     "includes nested deeper than " + std::to_string(limits.max_depth) + " files");
  Json value = JsonText::parse(JsonText::read(file, limits), file, limits);
  if (!value.is_object()) throw InputError(file, "", "top level must be a JSON object");

  Loaded out{Json::object(), {}};
  if (value.contains("include")) {
    Json inc = value["include"];
    if (inc.is_string()) inc = Json::array({inc});
    if (!inc.is_array())
      throw InputError(file, "include", "expected a file name or a list of them");
    stack.push_back(file);
    for (const auto& item : inc) {
      if (!item.is_string())
        throw InputError(file, "include",
                         "expected a file name, got " + ConfigNode::type_name(item));
      fs::path p = (fs::path(file).parent_path() / item.get<std::string>()).lexically_normal();
      Loaded included = load_file(p.string(), stack, limits);
      merge(out, included, out.value, included.value, "");
    }
    stack.pop_back();
    value.erase("include");
  }
  Loaded self{std::move(value), {}};
  for (auto it = self.value.begin(); it != self.value.end(); ++it)
    record_origins(it.value(), it.key(), file, self.origins);
  merge(out, self, out.value, self.value, "");
  return out;
}

std::shared_ptr<ConfigDocument> ConfigDocument::load(const std::string& file,
                                                     const JsonLimits& limits) {
  auto doc = std::make_shared<ConfigDocument>();
  std::vector<std::string> stack;
  Loaded loaded = doc->load_file(file, stack, limits);
  doc->root_ = std::move(loaded.value);
  doc->origins_ = std::move(loaded.origins);
  doc->origins_[""] = file;
  return doc;
}

std::shared_ptr<ConfigDocument> ConfigDocument::from_json(Json value, const std::string& origin) {
  auto doc = std::make_shared<ConfigDocument>();
  if (!value.is_object()) throw InputError(origin, "", "top level must be a JSON object");
  doc->root_ = std::move(value);
  doc->origins_[""] = origin;
  return doc;
}

void ConfigDocument::set(const std::string& assignment) {
  try {
    (void)Json(assignment).dump();  // a JSON document holds UTF-8 only
  } catch (const Json::exception&) {
    throw InputError("--set", assignment, "not valid UTF-8");
  }
  auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError("--set", assignment, "expected KEY=VALUE");
  std::string key = assignment.substr(0, eq);
  std::string text = assignment.substr(eq + 1);
  const JsonLimits limits;
  Json value;
  if (!JsonText::try_parse(text, "--set", limits, key, value)) value = text;  // a plain string
  Json* node = &root_;
  std::stringstream parts(key);
  std::string part, path;
  std::vector<std::string> segments;
  while (std::getline(parts, part, '.')) {
    if (part.empty()) throw InputError("--set", key, "empty key segment");
    segments.push_back(part);
  }
  if (segments.size() > limits.max_depth)
    throw InputError("--set", key.substr(0, 40) + "...",
                     "key nested deeper than " + std::to_string(limits.max_depth) + " levels");
  std::vector<std::string> created;  // objects made to hold the key
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string& seg = segments[i];
    path = join(path, seg);
    bool last = i + 1 == segments.size();
    if (node->is_array()) {
      bool numeric = seg.size() <= 18 && std::all_of(seg.begin(), seg.end(),
                                                     [](char c) { return c >= '0' && c <= '9'; });
      if (!numeric || std::stoull(seg) >= node->size())
        throw InputError("--set", path, "no such array element");
      node = &(*node)[std::stoull(seg)];
    } else {
      if (!node->is_object()) throw InputError("--set", path, "parent is not an object");
      if (!last && !node->contains(seg)) {
        (*node)[seg] = Json::object();
        created.push_back(path);
      }
      node = &(*node)[seg];
    }
    if (last) *node = value;
  }
  erase_subtree(origins_, key);  // a replaced object comes wholly from the override
  origins_[key] = "--set";
  for (const std::string& p : created) origins_[p] = "--set " + key;
  set_keys_.push_back(key);
}

std::string ConfigDocument::origin(const std::string& path) const {
  std::string p = path;
  while (true) {
    auto it = origins_.find(p);
    if (it != origins_.end()) return it->second == "--set" && p != path ? "--set " + p : it->second;
    auto dot = p.rfind('.');
    if (dot == std::string::npos) break;
    p = p.substr(0, dot);
  }
  return origins_.count("") ? origins_.at("") : std::string();
}

std::string ConfigDocument::blame(const std::string& path) const {
  std::string o = origin(path);
  if (o.rfind("--set", 0) == 0) return o;
  const auto parent = [](const std::string& p) {
    const auto dot = p.rfind('.');
    return dot == std::string::npos ? std::string() : p.substr(0, dot);
  };
  std::vector<std::string> siblings;
  for (const std::string& k : set_keys_)
    if (k != path && parent(k) == parent(path) &&
        std::find(siblings.begin(), siblings.end(), k) == siblings.end())
      siblings.push_back(k);
  for (std::size_t i = 0; i < siblings.size(); ++i)
    o += (i == 0 ? " with --set " : ", --set ") + siblings[i];
  return o;
}

void ConfigDocument::set_origin(const std::string& path, const std::string& file) {
  origins_[path] = file;
}

ConfigNode::ConfigNode(std::shared_ptr<ConfigDocument> doc, Json* value, std::string path)
    : doc_(std::move(doc)),
      value_(value),
      path_(std::move(path)),
      read_(std::make_shared<std::set<std::string>>()) {}

ConfigNode::ConfigNode(std::shared_ptr<ConfigDocument> doc)
    : ConfigNode(doc, &doc->json(), std::string()) {}

std::string ConfigNode::key_path(const std::string& key) const { return join(path_, key); }

void ConfigNode::fail(const std::string& key, const std::string& message) const {
  std::string p = key.empty() ? path_ : key_path(key);
  throw InputError(doc_->blame(p), p, message);
}

bool ConfigNode::has(const std::string& key) const { return value_->contains(key); }

const Json& ConfigNode::require(const std::string& key) {
  read_->insert(key);
  if (!value_->contains(key)) fail(key, "missing required key");
  return (*value_)[key];
}

ConfigNode ConfigNode::child(const std::string& key) {
  const Json& v = require(key);
  if (!v.is_object()) fail(key, "expected an object, got " + type_name(v));
  return ConfigNode(doc_, &(*value_)[key], key_path(key));
}

ConfigNode ConfigNode::child_or_empty(const std::string& key) {
  if (!value_->contains(key)) (*value_)[key] = Json::object();
  return child(key);
}

std::vector<ConfigNode> ConfigNode::children(const std::string& key) {
  const Json& v = require(key);
  if (!v.is_array()) fail(key, "expected a list, got " + type_name(v));
  std::vector<ConfigNode> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    std::string p = key_path(key) + "." + std::to_string(i);
    Json& item = (*value_)[key][i];
    if (!item.is_object()) throw InputError(doc_->blame(p), p, "expected an object");
    out.emplace_back(doc_, &item, p);
  }
  return out;
}

std::uint64_t ConfigNode::u64(const std::string& key, std::uint64_t min, std::uint64_t max) {
  const Json& v = require(key);
  std::uint64_t x = 0;
  if (v.is_number_unsigned()) {
    x = v.get<std::uint64_t>();
  } else if (v.is_number_integer()) {
    fail(key, "value " + show(v) + " is negative");
  } else if (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>() &&
             v.get<double>() >= 0) {
    // Whole numbers written as floats (1e6); 2^64 and above do not fit.
    if (v.get<double>() >= 18446744073709551616.0)
      fail(key, "value " + show(v) + " out of range [" + std::to_string(min) + ", " +
                    std::to_string(max) + "]");
    x = static_cast<std::uint64_t>(v.get<double>());
  } else {
    fail(key, "expected a non-negative integer, got " + described(v));
  }
  if (x < min || x > max)
    fail(key, "value " + std::to_string(x) + " out of range [" + std::to_string(min) + ", " +
                  std::to_string(max) + "]");
  return x;
}

std::uint64_t ConfigNode::u64(const std::string& key, std::uint64_t min, std::uint64_t max,
                              std::uint64_t fallback) {
  if (!value_->contains(key)) (*value_)[key] = fallback;
  return u64(key, min, max);
}

double ConfigNode::real(const std::string& key, double min, double max) {
  const Json& v = require(key);
  if (!v.is_number()) fail(key, "expected a number, got " + described(v));
  double x = v.get<double>();
  if (!std::isfinite(x) || x < min || x > max) {
    std::ostringstream msg;
    msg << "value " << x << " out of range [" << min << ", " << max << "]";
    fail(key, msg.str());
  }
  return x;
}

double ConfigNode::real(const std::string& key, double min, double max, double fallback) {
  if (!value_->contains(key)) (*value_)[key] = fallback;
  return real(key, min, max);
}

bool ConfigNode::boolean(const std::string& key) {
  const Json& v = require(key);
  if (!v.is_boolean()) fail(key, "expected true or false, got " + described(v));
  return v.get<bool>();
}

bool ConfigNode::boolean(const std::string& key, bool fallback) {
  if (!value_->contains(key)) (*value_)[key] = fallback;
  return boolean(key);
}

std::string ConfigNode::text(const std::string& key, const std::vector<std::string>& allowed) {
  const Json& v = require(key);
  if (!v.is_string()) fail(key, "expected a string, got " + described(v));
  std::string s = v.get<std::string>();
  if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), s) == allowed.end()) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    fail(key, "unknown value \"" + s + "\" (expected one of: " + list + ")");
  }
  return s;
}

std::string ConfigNode::text(const std::string& key, const std::vector<std::string>& allowed,
                             const std::string& fallback) {
  if (!value_->contains(key)) (*value_)[key] = fallback;
  return text(key, allowed);
}

const Json& ConfigNode::value(const std::string& key) {
  static const Json absent;
  read_->insert(key);
  return value_->contains(key) ? (*value_)[key] : absent;
}

void ConfigNode::finish() const {
  for (auto it = value_->begin(); it != value_->end(); ++it) {
    const std::string& k = it.key();
    if (!k.empty() && k[0] == '_') continue;
    if (read_->count(k)) continue;
    const std::string guess = closest(k, {read_->begin(), read_->end()});
    fail(k, guess.empty() ? "unknown key" : "unknown key (did you mean " + guess + "?)");
  }
}

std::string ConfigNode::closest(const std::string& word, const std::vector<std::string>& known) {
  // Edit distance counting a swap of neighbours as one edit ("rnu" is one from "run"), case
  // ignored; a guess is offered within a third of the word's length (at least one edit).
  const auto distance = [](const std::string& a, const std::string& b) {
    const auto same = [](char x, char y) {
      return std::tolower(static_cast<unsigned char>(x)) ==
             std::tolower(static_cast<unsigned char>(y));
    };
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
      for (std::size_t j = 1; j <= b.size(); ++j) {
        d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1,
                            d[i - 1][j - 1] + (same(a[i - 1], b[j - 1]) ? 0 : 1)});
        if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1]))
          d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    return d[a.size()][b.size()];
  };
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(1, word.size() / 3) + 1;
  for (const std::string& k : known) {
    const std::size_t d = distance(word, k);
    if (d < best_distance) {
      best = k;
      best_distance = d;
    }
  }
  return best;
}

std::string ConfigNode::type_name(const Json& v) {
  if (v.is_number_integer()) return "integer";
  if (v.is_number_float()) return "number";
  return v.type_name();
}

bool ConfigNode::is_folder_name(const std::string& name) {
  if (name.empty() || name == "." || name == "..") return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'))
      return false;
  return true;
}

}  // namespace sttvp
