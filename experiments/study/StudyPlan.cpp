#include "experiments/study/StudyPlan.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "experiments/campaign/CampaignSpec.h"
#include "experiments/study/StudyTables.h"
#include "experiments/sweep/SweepDir.h"
#include "models/common/InputError.h"
#include "platform/PlatformConfig.h"
#include "sw/train/Optimizer.h"

namespace sttvp {

namespace fs = std::filesystem;

namespace {

using Overrides = std::vector<std::pair<std::string, Json>>;

std::string assignment(const std::pair<std::string, Json>& o) {
  return o.first + "=" + o.second.dump();
}

struct Checked {
  std::string technology;
  std::string fingerprint;
  double working_set_bytes = 0;  // of an MLP workload
};

// The training working set of an MLP workload as the run's config gives it (0 for LeNet-5).
double working_set_bytes(const sw::TrainerConfig& t) {
  if (t.net != sw::NetKind::Mlp) return 0;
  std::vector<std::size_t> layers{t.mlp.inputs};
  layers.insert(layers.end(), t.mlp.hidden.begin(), t.mlp.hidden.end());
  layers.push_back(t.mlp.outputs);
  const auto states = static_cast<unsigned>(sw::Optimizer::create(t.optimizer)->state_count());
  return mlp_working_set_bytes(layers, t.shares, states);
}

// Parses the config with its overrides as `sttvp run` does, and checks a training region against
// the data set (`train_samples` as `sttvp train --train-samples` gives it, when nonzero).
Checked validate(const StudySpec& spec, const std::string& where, const std::string& config,
                 const Overrides& set, std::uint64_t train_samples = 0) {
  try {
    auto doc = ConfigDocument::load(config);
    for (const auto& o : set) doc->set(assignment(o));
    const std::string resolved = doc->json().dump();
    const PlatformConfig parsed = PlatformConfig::parse(doc);
    WorkloadConfig workload = parsed.workload;
    if (train_samples != 0) workload.train_samples = train_samples;
    workload.check_region(*doc);  // a region past the end fails here, not after hours of runs
    const std::string preset = doc->json()["workload"].value("preset", std::string());
    std::string preset_text;
    if (!preset.empty()) SweepDir::read_file(preset, preset_text);
    return {parsed.llc.technology_name(), StudyPlan::fnv1a(resolved + preset_text),
            workload.is_training() ? working_set_bytes(workload.training) : 0};
  } catch (const InputError& e) {
    throw InputError(spec.origin, where, e.what());
  }
}

Overrides workload_set(const StudySpec& spec, const StudyWorkload& w) {
  return {{"workload.kind", w.kind},    {"workload.preset", w.preset},
          {"workload.data", spec.data}, {"workload.start_step", w.start_step},
          {"workload.steps", w.steps},  {"workload.training.seed", spec.seed}};
}

void append(Overrides& to, const Overrides& from) { to.insert(to.end(), from.begin(), from.end()); }

// `sttvp run` of a config with overrides into `dir`.
std::vector<std::string> run_args(const std::string& config, const Overrides& set,
                                  std::uint64_t seed, const std::string& dir) {
  std::vector<std::string> a{"run", "--config", config};
  for (const auto& o : set) {
    a.push_back("--set");
    a.push_back(assignment(o));
  }
  for (const std::string& s : {std::string("--seed"), std::to_string(seed), std::string("--out"),
                               dir, std::string("--quiet")})
    a.push_back(s);
  return a;
}

}  // namespace

std::string StudyPlan::fnv1a(const std::string& text) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::vector<StudyRun> StudyPlan::make(const StudySpec& spec, const std::string& dir,
                                      unsigned jobs) {
  std::vector<StudyRun> runs;
  const auto run_dir = [&](const std::string& id) { return dir + "/runs/" + id; };
  // An `sttvp run` of `config` with `set`, validated, into its folder.
  const auto add_run = [&](StudyRun r, const std::string& where, const std::string& config,
                           const Overrides& set, const char* marker) {
    const Checked c = validate(spec, where, config, set);
    r.technology = c.technology;
    r.fingerprint = c.fingerprint;
    r.working_set_bytes = c.working_set_bytes;
    r.dir = run_dir(r.id);
    r.args = run_args(config, set, spec.seed, r.dir);
    r.marker = marker;
    runs.push_back(std::move(r));
  };
  if ((spec.distance.enabled || spec.perf.enabled || spec.closed_loop.enabled) &&
      !fs::is_directory(spec.data))
    throw InputError(spec.origin, "data",
                     spec.data +
                         ": no such data folder; run scripts/fetch-mnist.sh to fetch "
                         "MNIST into data/mnist");

  if (spec.distance.enabled) {
    const auto& d = spec.distance;
    for (const auto& p : d.points) {
      Overrides base = p.set;
      append(base, d.set);
      append(base, workload_set(spec, d.workload));
      const std::string where = "distance.points (" + p.name + ")";
      const std::string tech = validate(spec, where, p.config, base).technology;
      // Retention definitions change nothing on SRAM: one run.
      const std::vector<StudyPoint> variants =
          tech == "sram" ? std::vector<StudyPoint>{StudyPoint{"-", "", {}}} : d.definitions;
      for (const auto& v : variants) {
        StudyRun r;
        r.section = StudyRun::Section::Distance;
        r.id = "distance/" + p.name + (v.name == "-" ? "" : "-" + v.name);
        r.point = p.name;
        r.variant = v.name;
        r.seed = spec.seed;
        r.steps = d.workload.steps;
        Overrides set = p.set;
        append(set, v.set);
        append(set, d.set);
        append(set, workload_set(spec, d.workload));
        add_run(std::move(r), where + ", definition " + v.name, p.config, set, "retention.csv");
      }
    }
    // Figure 1 against the quantum: the same region, shorter where the spec says so.
    StudyWorkload shorter = d.workload;
    shorter.steps = d.quanta.steps;
    for (const auto& name : d.quanta.points) {
      const StudyPoint& p =
          *std::find_if(d.points.begin(), d.points.end(),
                        [&](const StudyPoint& candidate) { return candidate.name == name; });
      const StudyPoint& v = *std::find_if(
          d.definitions.begin(), d.definitions.end(),
          [&](const StudyPoint& candidate) { return candidate.name == d.quanta.definition; });
      Overrides base = p.set;
      append(base, d.set);
      append(base, workload_set(spec, shorter));
      const std::string where = "distance.quanta (" + p.name + ")";
      const bool sram = validate(spec, where, p.config, base).technology == "sram";
      for (double quantum : d.quanta.quantum_ns) {
        StudyRun r;
        r.section = StudyRun::Section::Quantum;
        r.point = p.name;
        r.variant = sram ? "-" : v.name;
        r.seed = spec.seed;
        r.steps = shorter.steps;
        r.quantum_ns = quantum;
        Overrides set = p.set;
        if (!sram) append(set, v.set);
        append(set, d.set);
        append(set, workload_set(spec, shorter));
        set.emplace_back("sim.quantum_ns", quantum);
        std::ostringstream q;
        q << quantum;
        r.id = "distance/quantum/" + p.name + (sram ? "" : "-" + v.name) + "-q" + q.str();
        add_run(std::move(r), where + ", quantum " + q.str(), p.config, set, "retention.csv");
      }
    }
  }

  for (const StudyCampaign& c : spec.injection.campaigns) {
    try {
      CampaignSpec::load(c.file);
    } catch (const InputError& e) {
      throw InputError(spec.origin, "injection.campaigns (" + c.name + ")", e.what());
    }
    StudyRun r;
    r.section = StudyRun::Section::Injection;
    r.id = "fig2/" + c.name;
    r.point = c.name;
    r.dir = dir + "/" + r.id;
    r.args = {"inject", c.file, "--out", r.dir, "--jobs", std::to_string(jobs ? jobs : 1),
              "--quiet"};
    r.marker = "campaign.csv";
    runs.push_back(std::move(r));
  }

  if (spec.perf.enabled) {
    // A workload's region on a perf point, as a run of `section` in folder `folder`.
    const auto add_perf = [&](StudyRun::Section section, const std::string& folder,
                              const StudyWorkload& w, const StudyPoint& p) {
      StudyRun r;
      r.section = section;
      r.id = folder + "/" + w.name + "-" + p.name;
      r.point = p.name;
      r.variant = w.name;
      r.seed = spec.seed;
      r.steps = w.steps;
      Overrides set = p.set;
      append(set, workload_set(spec, w));
      const char* key =
          section == StudyRun::Section::Perf ? "perf.points" : "perf.working_set.workloads";
      add_run(std::move(r), key + (" (" + p.name + ", " + w.name + ")"), p.config, set,
              "stats.json");
    };
    for (const auto& w : spec.perf.workloads)
      for (const auto& p : spec.perf.points) add_perf(StudyRun::Section::Perf, "perf", w, p);
    const auto& ws = spec.perf.working_set;
    for (const auto& w : ws.workloads)
      for (const auto& p : spec.perf.points)
        if (std::find(ws.points.begin(), ws.points.end(), p.name) != ws.points.end())
          add_perf(StudyRun::Section::WorkingSet, "working_set", w, p);
  }

  if (spec.closed_loop.enabled) {
    const auto& c = spec.closed_loop;
    StudyWorkload w{c.net, c.net, c.preset, c.roi_start, c.roi_steps};
    // `folder`/<point>-<mitigation>-s<seed>, in `section`.
    const auto add = [&](const StudyPoint& p, const std::string& config, const StudyMitigation* m,
                         std::uint64_t seed,
                         StudyRun::Section section = StudyRun::Section::ClosedLoop,
                         const std::string& folder = "closed_loop") {
      StudyRun r;
      r.section = section;
      r.point = p.name;
      r.variant = m ? m->name : "none";
      r.id = folder + "/" + p.name + "-" + r.variant + "-s" + std::to_string(seed);
      r.seed = seed;
      r.steps = c.roi_steps;
      Overrides set = p.set;
      if (m) append(set, m->set);
      Overrides check = set;
      append(check, workload_set(spec, w));
      check.emplace_back("workload.training.epochs", c.epochs);
      const Checked checked = validate(spec, "closed_loop (" + p.name + ", " + r.variant + ")",
                                       config, check, c.train_samples);
      r.technology = checked.technology;
      r.fingerprint = checked.fingerprint;
      r.dir = run_dir(r.id);
      r.args = {"train", "--net", c.net, "--preset", c.preset, "--config", config};
      if (m && m->software != "none") {
        r.args.push_back("--mitigation");
        r.args.push_back(m->software);
      }
      for (const auto& o : set) {
        r.args.push_back("--set");
        r.args.push_back(assignment(o));
      }
      for (const std::string& s :
           {std::string("--epochs"), std::to_string(c.epochs), std::string("--train-samples"),
            std::to_string(c.train_samples), std::string("--test-samples"),
            std::to_string(c.test_samples), std::string("--seed"), std::to_string(seed),
            std::string("--data"), spec.data, std::string("--roi-start"),
            std::to_string(c.roi_start), std::string("--roi-steps"), std::to_string(c.roi_steps),
            std::string("--out"), r.dir, std::string("--quiet")})
        r.args.push_back(s);
      r.marker = "train.csv";
      runs.push_back(std::move(r));
    };
    for (std::uint64_t seed : c.seeds) {
      add(c.baseline, c.baseline.config, nullptr, seed);
      for (const auto& p : c.points) {
        for (const auto& m : c.mitigations) {
          if (!m.configs.empty() && !m.configs.count(p.name)) continue;
          const std::string config = m.configs.count(p.name) ? m.configs.at(p.name) : p.config;
          const bool nothing = m.set.empty() && m.configs.empty() && m.software == "none";
          add(p, config, m.name == "none" && nothing ? nullptr : &m, seed);
        }
      }
    }
    // The interval sweep: the point under each policy at each interval; its runs' variant is the
    // policy (the mitigation's name, <policy>-p<interval_failure>, names the folder).
    const auto& sweep = c.interval_sweep;
    for (std::uint64_t seed : sweep.seeds)
      for (const auto& p : c.points) {
        if (std::find(sweep.points.begin(), sweep.points.end(), p.name) == sweep.points.end())
          continue;
        for (const auto& policy : sweep.policies)
          for (double q : sweep.interval_failure) {
            StudyMitigation m;
            m.name = policy + "-p" + study_format::g(q);
            m.set = {{"llc.retention.policy", policy}, {"llc.retention.interval_failure", q}};
            add(p, p.config, &m, seed, StudyRun::Section::IntervalSweep, "interval_sweep");
            runs.back().variant = policy;
          }
      }
  }
  return runs;
}

}  // namespace sttvp
