#include "experiments/sweep/SweepSpec.h"

#include <cctype>
#include <filesystem>
#include <limits>

#include "models/common/InputError.h"

namespace sttvp {
namespace fs = std::filesystem;

namespace {

// Largest expansion accepted; far beyond any sensible sweep, it keeps a typo such as a
// 1000-value list times another from filling the disk with job folders.
constexpr std::size_t kMaxJobs = 1000000;

bool valid_key(const std::string& key) {
  if (key.empty() || key.front() == '.' || key.back() == '.' || key.find("..") != std::string::npos)
    return false;
  for (char c : key)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'))
      return false;
  return true;
}

}  // namespace

SweepSpec SweepSpec::load(const std::string& file) {
  // ConfigDocument gives the same file errors as platform configs (cannot open, malformed JSON
  // at byte N, not an object) and lets a spec include shared parts.
  auto doc = ConfigDocument::load(file);
  return parse(doc->json(), file);
}

SweepSpec SweepSpec::parse(const Json& spec, const std::string& file) {
  struct {
    const std::string& file;
    [[noreturn]] void fail(const std::string& path, const std::string& message) const {
      throw InputError(file, path, message);
    }
  } r{file};
  if (!spec.is_object()) r.fail("", "top level must be a JSON object");
  SweepSpec s;
  s.file = file;

  for (auto it = spec.begin(); it != spec.end(); ++it) {
    const std::string& k = it.key();
    if (!k.empty() && k[0] == '_') continue;  // documentation
    if (k != "name" && k != "config" && k != "grid" && k != "set" && k != "seeds" && k != "slurm")
      r.fail(k, "unknown key (expected name, config, grid, set, seeds, slurm)");
  }

  if (spec.contains("name")) {
    const Json& v = spec["name"];
    if (!v.is_string()) r.fail("name", "expected a string, got " + ConfigNode::type_name(v));
    s.name = v.get<std::string>();
    if (!ConfigNode::is_folder_name(s.name))
      r.fail("name", "\"" + s.name + "\": use letters, digits, . _ -");
  } else {
    s.name = fs::path(file).stem().string();
    if (!ConfigNode::is_folder_name(s.name)) s.name = "sweep";
  }

  if (!spec.contains("config")) r.fail("config", "missing required key");
  {
    const Json& v = spec["config"];
    if (!v.is_string()) r.fail("config", "expected a file name, got " + ConfigNode::type_name(v));
    const std::string rel = v.get<std::string>();
    if (rel.empty()) r.fail("config", "empty file name");
    fs::path p = fs::path(rel);
    if (p.is_relative()) p = fs::path(file).parent_path() / p;
    std::error_code ec;
    p = fs::absolute(p, ec).lexically_normal();
    if (ec || !fs::is_regular_file(p, ec)) r.fail("config", p.string() + ": no such config file");
    s.config = p.string();
  }

  if (!spec.contains("grid")) r.fail("grid", "missing required key (use {} for a single job)");
  {
    const Json& g = spec["grid"];
    if (!g.is_object())
      r.fail("grid", "expected an object of key: [values], got " + ConfigNode::type_name(g));
    for (auto it = g.begin(); it != g.end(); ++it) {
      const std::string& key = it.key();
      if (!key.empty() && key[0] == '_') continue;
      const std::string path = "grid." + key;
      if (!valid_key(key)) r.fail(path, "not a dotted config key");
      const Json& values = it.value();
      if (!values.is_array())
        r.fail(path, "expected a list of values, got " + ConfigNode::type_name(values));
      if (values.empty()) r.fail(path, "empty list (a grid key needs at least one value)");
      Axis axis{key, {}};
      for (std::size_t i = 0; i < values.size(); ++i) {
        const std::string at = path + "[" + std::to_string(i) + "]";
        if (values[i].is_null()) r.fail(at, "null is not a config value");
        for (std::size_t j = 0; j < i; ++j)
          if (values[j] == values[i])
            r.fail(at, "duplicate value " + values[i].dump() + " (same as [" + std::to_string(j) +
                           "])");
        axis.values.push_back(values[i]);
      }
      s.grid.push_back(std::move(axis));
    }
  }

  if (spec.contains("set")) {
    const Json& f = spec["set"];
    if (!f.is_object())
      r.fail("set", "expected an object of key: value, got " + ConfigNode::type_name(f));
    for (auto it = f.begin(); it != f.end(); ++it) {
      const std::string& key = it.key();
      if (!key.empty() && key[0] == '_') continue;
      const std::string path = "set." + key;
      if (!valid_key(key)) r.fail(path, "not a dotted config key");
      if (it.value().is_null()) r.fail(path, "null is not a config value");
      for (const auto& [other, ignored] : s.fixed)
        if (overlaps(key, other)) r.fail(path, "overlaps set." + other);
      for (const auto& axis : s.grid)
        if (overlaps(key, axis.key)) r.fail(path, "also set by grid." + axis.key);
      s.fixed.emplace_back(key, it.value());
    }
  }
  for (std::size_t a = 0; a < s.grid.size(); ++a)
    for (std::size_t b = 0; b < a; ++b)
      if (overlaps(s.grid[a].key, s.grid[b].key))
        r.fail("grid." + s.grid[a].key, "overlaps grid." + s.grid[b].key);

  if (spec.contains("seeds")) {
    const Json& v = spec["seeds"];
    if (!v.is_array()) r.fail("seeds", "expected a list of seeds, got " + ConfigNode::type_name(v));
    if (v.empty()) r.fail("seeds", "empty list (leave it out to use the config's seed)");
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string at = "seeds[" + std::to_string(i) + "]";
      if (!v[i].is_number_unsigned())
        r.fail(at, "expected a non-negative integer, got " + ConfigNode::type_name(v[i]) + " " +
                       v[i].dump());
      const auto seed = v[i].get<std::uint64_t>();
      for (std::size_t j = 0; j < s.seeds.size(); ++j)
        if (s.seeds[j] == seed) r.fail(at, "duplicate seed " + std::to_string(seed));
      s.seeds.push_back(seed);
    }
    for (const auto& axis : s.grid)
      if (overlaps(axis.key, "sim.seed"))
        r.fail("grid." + axis.key, "sets the seed, which \"seeds\" already varies");
    for (const auto& [key, ignored] : s.fixed)
      if (overlaps(key, "sim.seed"))
        r.fail("set." + key, "sets the seed, which \"seeds\" already varies");
  }

  if (spec.contains("slurm")) {
    const Json& sl = spec["slurm"];
    if (!sl.is_object()) r.fail("slurm", "expected an object, got " + ConfigNode::type_name(sl));
    for (auto it = sl.begin(); it != sl.end(); ++it) {
      const std::string& k = it.key();
      if (!k.empty() && k[0] == '_') continue;
      if (k != "sbatch_args") r.fail("slurm." + k, "unknown key (expected sbatch_args)");
      const Json& a = it.value();
      if (!a.is_array()) r.fail("slurm.sbatch_args", "expected a list of strings");
      for (std::size_t i = 0; i < a.size(); ++i) {
        const std::string at = "slurm.sbatch_args[" + std::to_string(i) + "]";
        if (!a[i].is_string()) r.fail(at, "expected a string, got " + ConfigNode::type_name(a[i]));
        const std::string arg = a[i].get<std::string>();
        if (arg.size() < 2 || arg[0] != '-')
          r.fail(at, "expected an sbatch option such as --time=10");
        if (arg.find('\n') != std::string::npos) r.fail(at, "line break in an option");
        s.sbatch_args.push_back(arg);
      }
    }
  }

  if (s.job_count() > kMaxJobs)
    r.fail("grid", std::to_string(s.job_count()) + " jobs, more than the limit of " +
                       std::to_string(kMaxJobs));
  return s;
}

bool SweepSpec::overlaps(const std::string& a, const std::string& b) {
  const auto prefix = [](const std::string& p, const std::string& k) {
    return k.size() > p.size() && k.compare(0, p.size(), p) == 0 && k[p.size()] == '.';
  };
  return a == b || prefix(a, b) || prefix(b, a);
}

std::size_t SweepSpec::job_count() const {
  // Saturating product, so that an absurd grid is reported instead of overflowing.
  std::size_t n = seeds.empty() ? 1 : seeds.size();
  for (const auto& axis : grid) {
    if (n > std::numeric_limits<std::size_t>::max() / axis.values.size())
      return std::numeric_limits<std::size_t>::max();
    n *= axis.values.size();
  }
  return n;
}

std::vector<SweepJob> SweepSpec::expand() const {
  const std::size_t total = job_count();
  std::vector<SweepJob> jobs;
  jobs.reserve(total);
  // A mixed-radix counter over the grid axes, the last axis fastest, with the seeds as the
  // innermost digit.
  std::vector<std::size_t> digit(grid.size(), 0);
  const std::size_t seed_count = seeds.empty() ? 1 : seeds.size();
  for (std::size_t index = 0; index < total; ++index) {
    const std::size_t point = index / seed_count;
    std::size_t rest = point;
    for (std::size_t a = grid.size(); a-- > 0;) {
      digit[a] = rest % grid[a].values.size();
      rest /= grid[a].values.size();
    }
    SweepJob job;
    job.index = index;
    if (!seeds.empty()) job.seed = seeds[index % seed_count];
    for (const auto& [key, value] : fixed) job.overrides.push_back({key, value, "set." + key});
    for (std::size_t a = 0; a < grid.size(); ++a) {
      const Json& value = grid[a].values[digit[a]];
      job.grid.emplace_back(grid[a].key, value);
      job.overrides.push_back(
          {grid[a].key, value, "grid." + grid[a].key + "[" + std::to_string(digit[a]) + "]"});
    }
    job.id = SweepJob::make_id(index, job.overrides, job.seed);
    jobs.push_back(std::move(job));
  }
  return jobs;
}

}  // namespace sttvp
