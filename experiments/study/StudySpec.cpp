#include "experiments/study/StudySpec.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include "experiments/study/Embedded.h"
#include "models/common/InputError.h"

namespace sttvp {

namespace fs = std::filesystem;

namespace {

// Objects merged key by key; anything else (arrays included) replaced.
void merge(Json& into, const Json& from) {
  for (auto it = from.begin(); it != from.end(); ++it) {
    if (it.value().is_object() && into.contains(it.key()) && into[it.key()].is_object())
      merge(into[it.key()], it.value());
    else
      into[it.key()] = it.value();
  }
}

// Typed access to the spec's JSON with errors that name the spec and the key path.
class Reader {
 public:
  Reader(std::string origin, std::string base_dir)
      : origin_(std::move(origin)), base_(std::move(base_dir)) {}

  [[noreturn]] void fail(const std::string& path, const std::string& message) const {
    throw InputError(origin_, path, message);
  }
  static std::string at(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

  // Rejects keys outside `allowed` (keys starting with '_' are documentation).
  void keys(const Json& object, const std::string& path,
            const std::set<std::string>& allowed) const {
    if (!object.is_object()) fail(path, "expected an object, got " + ConfigNode::type_name(object));
    for (auto it = object.begin(); it != object.end(); ++it)
      if (!it.key().empty() && it.key()[0] != '_' && !allowed.count(it.key()))
        fail(at(path, it.key()), "unknown key");
  }
  const Json& need(const Json& object, const std::string& path, const std::string& key) const {
    if (!object.contains(key)) fail(at(path, key), "missing");
    return object[key];
  }
  std::string text(const Json& object, const std::string& path, const std::string& key,
                   const std::string* fallback = nullptr) const {
    if (!object.contains(key)) {
      if (fallback) return *fallback;
      fail(at(path, key), "missing");
    }
    const Json& v = object[key];
    if (!v.is_string() || v.get<std::string>().empty())
      fail(at(path, key), "expected a non-empty string, got " + ConfigNode::type_name(v));
    return v.get<std::string>();
  }
  std::uint64_t u64(const Json& object, const std::string& path, const std::string& key,
                    std::uint64_t min, std::uint64_t max, const std::uint64_t* fallback) const {
    if (!object.contains(key)) {
      if (fallback) return *fallback;
      fail(at(path, key), "missing");
    }
    const Json& v = object[key];
    if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0))
      fail(at(path, key), "expected a non-negative integer, got " + ConfigNode::type_name(v));
    const auto n = v.get<std::uint64_t>();
    if (n < min || n > max)
      fail(at(path, key), std::to_string(n) + " is not in [" + std::to_string(min) + ", " +
                              std::to_string(max) + "]");
    return n;
  }
  // A file path: relative paths resolve against the spec's folder; the file must exist.
  std::string file(const Json& object, const std::string& path, const std::string& key) const {
    const std::string given = text(object, path, key);
    const fs::path p = fs::path(given).is_absolute() ? fs::path(given) : fs::path(base_) / given;
    if (!fs::is_regular_file(p)) fail(at(path, key), "no such file: " + p.string());
    return p.lexically_normal().string();
  }
  std::string folder(const std::string& given) const {
    const fs::path p = fs::path(given).is_absolute() ? fs::path(given) : fs::path(base_) / given;
    return p.lexically_normal().string();
  }
  // {"key.path": VALUE, ...} as ordered overrides.
  std::vector<std::pair<std::string, Json>> set(const Json& object, const std::string& path) const {
    std::vector<std::pair<std::string, Json>> out;
    if (!object.contains("set")) return out;
    const Json& s = object["set"];
    if (!s.is_object())
      fail(at(path, "set"), "expected an object of KEY: VALUE, got " + ConfigNode::type_name(s));
    for (auto it = s.begin(); it != s.end(); ++it) {
      if (it.key().empty() || it.value().is_null())
        fail(at(path, "set"), "a key must be a dotted config path with a value");
      out.emplace_back(it.key(), it.value());
    }
    return out;
  }
  const Json& array(const Json& object, const std::string& path, const std::string& key) const {
    const Json& v = need(object, path, key);
    if (!v.is_array() || v.empty()) fail(at(path, key), "expected a non-empty list");
    return v;
  }

 private:
  std::string origin_, base_;
};

StudyPoint point(const Reader& r, const Json& j, const std::string& path, bool with_config) {
  r.keys(j, path,
         with_config ? std::set<std::string>{"name", "config", "set"}
                     : std::set<std::string>{"name", "set"});
  StudyPoint p;
  p.name = r.text(j, path, "name");
  if (!ConfigNode::is_folder_name(p.name))
    r.fail(Reader::at(path, "name"), "\"" + p.name + "\": use letters, digits, . _ -");
  if (with_config) p.config = r.file(j, path, "config");
  p.set = r.set(j, path);
  return p;
}

std::vector<StudyPoint> points(const Reader& r, const Json& object, const std::string& path,
                               const std::string& key, bool with_config) {
  std::vector<StudyPoint> out;
  std::set<std::string> seen;
  const Json& list = r.array(object, path, key);
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = Reader::at(path, key) + "[" + std::to_string(i) + "]";
    out.push_back(point(r, list[i], at, with_config));
    if (!seen.insert(out.back().name).second)
      r.fail(at + ".name", "\"" + out.back().name + "\" is used twice");
  }
  return out;
}

StudyWorkload workload(const Reader& r, const Json& j, const std::string& path) {
  r.keys(j, path, {"name", "kind", "preset", "start_step", "steps"});
  StudyWorkload w;
  w.kind = r.text(j, path, "kind");
  if (w.kind != "lenet" && w.kind != "mlp")
    r.fail(Reader::at(path, "kind"), "\"" + w.kind + "\" (expected lenet or mlp)");
  w.name = r.text(j, path, "name", &w.kind);
  if (!ConfigNode::is_folder_name(w.name))
    r.fail(Reader::at(path, "name"), "\"" + w.name + "\": use letters, digits, . _ -");
  w.preset = r.file(j, path, "preset");
  w.start_step = r.u64(j, path, "start_step", 0, std::uint64_t{1} << 40, nullptr);
  w.steps = r.u64(j, path, "steps", 1, std::uint64_t{1} << 30, nullptr);
  return w;
}

// A non-empty list of non-negative integers.
std::vector<std::uint64_t> u64_list(const Reader& r, const Json& object, const std::string& path,
                                    const std::string& key) {
  std::vector<std::uint64_t> out;
  const Json& list = r.array(object, path, key);
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_number_integer() || list[i].get<std::int64_t>() < 0)
      r.fail(Reader::at(path, key) + "[" + std::to_string(i) + "]",
             "expected a non-negative integer, got " + ConfigNode::type_name(list[i]));
    out.push_back(list[i].get<std::uint64_t>());
  }
  return out;
}

// A non-empty list of distinct names, each one of `known` (named by `what`).
std::vector<std::string> names(const Reader& r, const Json& object, const std::string& path,
                               const std::string& key, const std::set<std::string>& known,
                               const std::string& what) {
  std::vector<std::string> out;
  const Json& list = r.array(object, path, key);
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = Reader::at(path, key) + "[" + std::to_string(i) + "]";
    if (!list[i].is_string()) r.fail(at, "expected a name, got " + ConfigNode::type_name(list[i]));
    const std::string name = list[i].get<std::string>();
    if (!known.count(name)) r.fail(at, "\"" + name + "\" is not one of " + what);
    if (std::find(out.begin(), out.end(), name) != out.end())
      r.fail(at, "\"" + name + "\" is used twice");
    out.push_back(name);
  }
  return out;
}

StudySpec::Quanta quanta(const Reader& r, const Json& j, const StudySpec::Distance& d) {
  const std::string path = "distance.quanta";
  if (j.is_object() && j.contains("tolerance_pp"))
    r.fail(Reader::at(path, "tolerance_pp"),
           "replaced by tolerance_decades (the Wasserstein-1 distance between histograms)");
  r.keys(j, path,
         {"points", "definition", "quantum_ns", "steps", "tolerance_decades", "min_reads"});
  StudySpec::Quanta q;
  q.enabled = true;
  std::set<std::string> known;
  for (const StudyPoint& p : d.points) known.insert(p.name);
  q.points = names(r, j, path, "points", known, "distance.points");
  q.definition = r.text(j, path, "definition");
  if (std::none_of(d.definitions.begin(), d.definitions.end(),
                   [&](const StudyPoint& p) { return p.name == q.definition; }))
    r.fail(Reader::at(path, "definition"),
           "\"" + q.definition + "\" is not one of distance.definitions");
  const Json& list = r.array(j, path, "quantum_ns");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = Reader::at(path, "quantum_ns") + "[" + std::to_string(i) + "]";
    // The range sim.quantum_ns accepts (platform/PlatformConfig).
    if (!list[i].is_number() || !(list[i].get<double>() >= 1e-3 && list[i].get<double>() <= 1e6))
      r.fail(at, "expected a quantum in ns in [0.001, 1e6]");
    // Coarsest first: each quantum's histograms are compared with the next finer one's.
    if (i > 0 && !(list[i].get<double>() < q.quantum_ns.back()))
      r.fail(at, "expected quanta in decreasing order (coarsest first)");
    q.quantum_ns.push_back(list[i].get<double>());
  }
  if (q.quantum_ns.size() < 2) r.fail(Reader::at(path, "quantum_ns"), "give at least two quanta");
  q.steps = r.u64(j, path, "steps", 1, std::uint64_t{1} << 30, &d.workload.steps);
  const Json& tolerance = r.need(j, path, "tolerance_decades");
  if (!tolerance.is_number() || !std::isfinite(tolerance.get<double>()) ||
      !(tolerance.get<double>() > 0))
    r.fail(Reader::at(path, "tolerance_decades"), "expected a positive finite number of decades");
  q.tolerance_decades = tolerance.get<double>();
  q.min_reads = r.u64(j, path, "min_reads", 1, ~std::uint64_t{0}, nullptr);
  return q;
}

}  // namespace

const char* StudySpec::embedded_default() { return embedded::study_default_spec; }

StudySpec StudySpec::load(const std::string& file, const std::string& mode) {
  if (file.empty())
    return parse(Json::parse(embedded_default()), "(embedded default study)", ".", mode);
  // Read as every config is (errors with the byte offset; "include" lists merged first).
  Json root = ConfigDocument::load(file)->json();
  const std::string base = fs::path(file).parent_path().string();
  return parse(std::move(root), file, base.empty() ? "." : base, mode);
}

StudySpec StudySpec::parse(Json root, const std::string& origin, const std::string& base_dir,
                           const std::string& mode) {
  const Reader r(origin, base_dir);
  if (!root.is_object()) r.fail("", "top level must be a JSON object");
  r.keys(root, "",
         {"name", "description", "seed", "data", "distance", "injection", "perf", "closed_loop",
          "modes"});
  if (root.contains("modes")) {
    r.keys(root["modes"], "modes", {"quick", "full"});
    if (!mode.empty() && root["modes"].contains(mode)) {
      const Json overlay = root["modes"][mode];
      if (!overlay.is_object()) r.fail("modes." + mode, "expected an object");
      merge(root, overlay);
    }
    root.erase("modes");
  }

  StudySpec s;
  s.origin = origin;
  s.base_dir = base_dir;
  s.mode = mode;
  s.resolved = root;
  const std::string stem = "study";
  s.name = r.text(root, "", "name", &stem);
  if (!ConfigNode::is_folder_name(s.name))
    r.fail("name", "\"" + s.name + "\": use letters, digits, . _ -");
  const std::string empty;
  s.description = root.contains("description") ? r.text(root, "", "description") : empty;
  const std::uint64_t one = 1;
  s.seed = r.u64(root, "", "seed", 0, ~std::uint64_t{0}, &one);
  const std::string data = "data/mnist";
  s.data = r.folder(r.text(root, "", "data", &data));

  if (root.contains("distance")) {
    const Json& d = root["distance"];
    r.keys(d, "distance", {"workload", "points", "definitions", "set", "quanta"});
    s.distance.enabled = true;
    s.distance.workload = workload(r, r.need(d, "distance", "workload"), "distance.workload");
    s.distance.points = points(r, d, "distance", "points", true);
    s.distance.definitions = points(r, d, "distance", "definitions", false);
    s.distance.set = r.set(d, "distance");
    if (d.contains("quanta")) s.distance.quanta = quanta(r, d["quanta"], s.distance);
  }
  if (root.contains("injection")) {
    const Json& j = root["injection"];
    r.keys(j, "injection", {"campaign", "campaigns"});
    s.injection.enabled = true;
    if (j.contains("campaign") == j.contains("campaigns"))
      r.fail("injection", "give either \"campaigns\" (a list) or \"campaign\" (one file)");
    if (j.contains("campaign")) {
      // One campaign, named after its file.
      const std::string file = r.file(j, "injection", "campaign");
      const std::string file_stem = fs::path(file).stem().string();
      s.injection.campaigns.push_back(
          {ConfigNode::is_folder_name(file_stem) ? file_stem : "fig2", file});
    } else {
      std::set<std::string> seen;
      const Json& list = r.array(j, "injection", "campaigns");
      for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string at = "injection.campaigns[" + std::to_string(i) + "]";
        r.keys(list[i], at, {"name", "campaign"});
        StudyCampaign c;
        c.name = r.text(list[i], at, "name");
        if (!ConfigNode::is_folder_name(c.name))
          r.fail(at + ".name", "\"" + c.name + "\": use letters, digits, . _ -");
        if (!seen.insert(c.name).second) r.fail(at + ".name", "\"" + c.name + "\" is used twice");
        c.file = r.file(list[i], at, "campaign");
        s.injection.campaigns.push_back(std::move(c));
      }
    }
  }
  if (root.contains("perf")) {
    const Json& p = root["perf"];
    r.keys(p, "perf", {"workloads", "baseline", "points", "working_set"});
    s.perf.enabled = true;
    const Json& list = r.array(p, "perf", "workloads");
    for (std::size_t i = 0; i < list.size(); ++i)
      s.perf.workloads.push_back(workload(r, list[i], "perf.workloads[" + std::to_string(i) + "]"));
    s.perf.points = points(r, p, "perf", "points", true);
    s.perf.baseline = r.text(p, "perf", "baseline");
    bool found = false;
    for (const auto& pt : s.perf.points) found = found || pt.name == s.perf.baseline;
    if (!found) r.fail("perf.baseline", "\"" + s.perf.baseline + "\" is not one of perf.points");
    if (p.contains("working_set")) {
      const std::string at = "perf.working_set";
      const Json& w = p["working_set"];
      r.keys(w, at, {"workloads", "points"});
      auto& ws = s.perf.working_set;
      ws.enabled = true;
      std::set<std::string> known, seen;
      for (const auto& pt : s.perf.points) known.insert(pt.name);
      for (const auto& wl : s.perf.workloads) seen.insert(wl.name);
      const Json& widths = r.array(w, at, "workloads");
      for (std::size_t i = 0; i < widths.size(); ++i) {
        const std::string wat = at + ".workloads[" + std::to_string(i) + "]";
        ws.workloads.push_back(workload(r, widths[i], wat));
        // Run folders are named after the workload: a name the perf section uses is taken.
        if (!seen.insert(ws.workloads.back().name).second)
          r.fail(wat + ".name", "\"" + ws.workloads.back().name + "\" is used twice");
      }
      ws.points = names(r, w, at, "points", known, "perf.points");
      if (std::find(ws.points.begin(), ws.points.end(), s.perf.baseline) == ws.points.end())
        r.fail(at + ".points", "the baseline \"" + s.perf.baseline + "\" is missing");
    }
  }
  if (root.contains("closed_loop")) {
    const Json& c = root["closed_loop"];
    const std::string path = "closed_loop";
    r.keys(c, path,
           {"net", "preset", "epochs", "train_samples", "test_samples", "roi_start", "roi_steps",
            "seeds", "baseline", "points", "mitigations", "interval_sweep"});
    auto& cl = s.closed_loop;
    cl.enabled = true;
    cl.net = r.text(c, path, "net");
    if (cl.net != "lenet" && cl.net != "mlp")
      r.fail(path + ".net", "\"" + cl.net + "\" (expected lenet or mlp)");
    cl.preset = r.file(c, path, "preset");
    cl.epochs = r.u64(c, path, "epochs", 1, 100000, nullptr);
    const std::uint64_t zero = 0;
    cl.train_samples = r.u64(c, path, "train_samples", 0, 1u << 30, &zero);
    cl.test_samples = r.u64(c, path, "test_samples", 0, 1u << 30, &zero);
    cl.roi_start = r.u64(c, path, "roi_start", 0, std::uint64_t{1} << 40, nullptr);
    cl.roi_steps = r.u64(c, path, "roi_steps", 1, std::uint64_t{1} << 30, nullptr);
    cl.seeds = u64_list(r, c, path, "seeds");
    cl.baseline = point(r, r.need(c, path, "baseline"), path + ".baseline", true);
    cl.points = points(r, c, path, "points", true);
    const Json& mits = r.array(c, path, "mitigations");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < mits.size(); ++i) {
      const std::string at = path + ".mitigations[" + std::to_string(i) + "]";
      const Json& m = mits[i];
      r.keys(m, at, {"name", "set", "config", "software"});
      StudyMitigation mit;
      mit.name = r.text(m, at, "name");
      if (!ConfigNode::is_folder_name(mit.name))
        r.fail(at + ".name", "\"" + mit.name + "\": use letters, digits, . _ -");
      if (!seen.insert(mit.name).second) r.fail(at + ".name", "\"" + mit.name + "\" is used twice");
      mit.set = r.set(m, at);
      const std::string none = "none";
      mit.software = r.text(m, at, "software", &none);
      if (mit.software != "none" && mit.software != "range" && mit.software != "grad_guard" &&
          mit.software != "range+grad_guard")
        r.fail(at + ".software",
               "\"" + mit.software + "\" (expected none, range, grad_guard or range+grad_guard)");
      if (m.contains("config")) {
        const Json& per_point = m["config"];
        std::set<std::string> names;
        for (const auto& pt : cl.points) names.insert(pt.name);
        r.keys(per_point, at + ".config", names);
        for (auto it = per_point.begin(); it != per_point.end(); ++it)
          if (it.key()[0] != '_')
            mit.configs[it.key()] = r.file(per_point, at + ".config", it.key());
      }
      cl.mitigations.push_back(std::move(mit));
    }
    if (c.contains("interval_sweep")) {
      const std::string at = path + ".interval_sweep";
      const Json& j = c["interval_sweep"];
      r.keys(j, at, {"points", "policies", "interval_failure", "seeds"});
      auto& sweep = cl.interval_sweep;
      sweep.enabled = true;
      std::set<std::string> known;
      for (const auto& pt : cl.points) known.insert(pt.name);
      sweep.points = names(r, j, at, "points", known, "closed_loop.points");
      sweep.policies = names(r, j, at, "policies", {"expire", "refresh"}, "expire, refresh");
      const Json& list = r.array(j, at, "interval_failure");
      for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string key = at + ".interval_failure[" + std::to_string(i) + "]";
        // The range llc.retention.interval_failure accepts (models/cache/CacheConfig.cpp).
        if (!list[i].is_number() || !(list[i].get<double>() >= 1e-15) ||
            !(list[i].get<double>() <= 0.5))
          r.fail(key, "expected a probability in [1e-15, 0.5], got " + list[i].dump());
        sweep.interval_failure.push_back(list[i].get<double>());
      }
      sweep.seeds = u64_list(r, j, at, "seeds");
      for (std::size_t i = 0; i < sweep.seeds.size(); ++i)
        if (std::find(cl.seeds.begin(), cl.seeds.end(), sweep.seeds[i]) == cl.seeds.end())
          r.fail(at + ".seeds[" + std::to_string(i) + "]",
                 std::to_string(sweep.seeds[i]) +
                     " is not one of closed_loop.seeds (its baseline run)");
    }
  }
  if (!s.distance.enabled && !s.injection.enabled && !s.perf.enabled && !s.closed_loop.enabled)
    r.fail("", "no section to run (give at least one of distance, injection, perf, closed_loop)");
  return s;
}

}  // namespace sttvp
