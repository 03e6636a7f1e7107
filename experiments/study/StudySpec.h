// The spec of `sttvp study`: which runs reproduce the study's Figure 1, Table I and Figure 2,
// which design points are compared for performance and energy, and which closed-loop trainings
// run with which mitigations. configs/study/default.json documents every key; it is compiled
// into the program as the default study.
//
//   {
//     "name": "default", "description": "...",
//     "seed": 1,                              sim.seed and training seed of every run
//     "data": "data/mnist",                   IDX folder of the trainings
//     "distance": {                           Figure 1 and Table I
//       "workload": {"kind": "mlp", "preset": FILE, "start_step": 500, "steps": 16},
//       "points": [{"name": "sram", "config": FILE, "set": {KEY: VALUE}}, ...],
//       "definitions": [{"name": "mean", "set": {...}}, ...],   STT-RAM points run once each
//       "set": {KEY: VALUE},                  applied to every run of the section
//       "quanta": {"points": [POINT NAME, ...], "definition": NAME,
//                  "quantum_ns": [1000, 100, 10], "steps": 4, "tolerance_decades": 0.05,
//                  "min_reads": 1000}
//     },                                      Figure 1 against the quantum (coarsest first, the
//                                             reference); the section's own quantum is a
//                                             `set` of sim.quantum_ns
//     "injection": {"campaigns": [{"name": "persistent", "campaign": FILE}, ...]},
//                                             Figure 2 under several fault semantics, one
//                                             `sttvp inject` spec each, side by side;
//                                             {"campaign": FILE} is one campaign named after the
//                                             file's stem
//     "perf": {"workloads": [WORKLOAD, ...], "baseline": POINT NAME, "points": [...],
//              "working_set": {"workloads": [WORKLOAD with "name", ...],   the MLP per width on
//                              "points": [POINT NAME, ...]}},              some perf points
//     "closed_loop": {"net": "lenet", "preset": FILE, "epochs": 3, "train_samples": 0,
//                     "test_samples": 0, "roi_start": 500, "roi_steps": 32, "seeds": [1, 2],
//                     "baseline": POINT, "points": [...],
//                     "mitigations": [{"name": "refresh", "set": {...}},
//                                     {"name": "hybrid", "config": {POINT NAME: FILE}},
//                                     {"name": "sw", "software": "range+grad_guard"}],
//                     "interval_sweep": {"points": [POINT NAME, ...], "policies": ["expire", ...],
//                                        "interval_failure": [1e-6, ...], "seeds": [1]}},
//     "modes": {"quick": {...}, "full": {...}}  merged into the spec by --quick / --full
//   }
//
// The file is read as every config is (an "include" list is merged first). A section that is
// absent is not run. Relative paths are relative to the spec's folder (the
// working directory for the embedded default). Every error is an InputError naming the spec and
// the key path.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/common/ConfigNode.h"

namespace sttvp {

struct StudyPoint {
  std::string name;
  std::string config;                             // resolved path
  std::vector<std::pair<std::string, Json>> set;  // overrides, in spec order
};

struct StudyWorkload {
  std::string name;    // names its runs; the kind unless given
  std::string kind;    // lenet | mlp
  std::string preset;  // resolved path
  std::uint64_t start_step = 0;
  std::uint64_t steps = 0;
};

// One fault semantics of Figure 2: a campaign spec and the name the report and figure give it.
struct StudyCampaign {
  std::string name;
  std::string file;  // resolved path
};

struct StudyMitigation {
  std::string name;
  std::vector<std::pair<std::string, Json>> set;
  std::map<std::string, std::string> configs;  // point name -> config replacing the point's
  std::string software = "none";               // `sttvp train --mitigation`
};

struct StudySpec {
  std::string origin;    // the spec file, or "(embedded default study)"
  std::string base_dir;  // relative paths resolve here
  std::string mode;      // "", "quick" or "full"
  Json resolved;         // the spec after the mode was merged
  std::string name;
  std::string description;
  std::uint64_t seed = 1;
  std::string data;

  // Figure 1 at several quanta of temporal decoupling: each named point (an STT-RAM one under
  // `definition`) at each quantum, `steps` minibatches of the section's region; quanta strictly
  // decreasing, the first the reference every other's histogram is compared with. A quantum is
  // converged at a point when no histogram of the point with at least `min_reads` reads moves
  // by more than `tolerance_decades` (Wasserstein-1 on the log10 distance) at the next finer
  // quantum.
  struct Quanta {
    bool enabled = false;
    std::vector<std::string> points;
    std::string definition;
    std::vector<double> quantum_ns;
    std::uint64_t steps = 0;
    double tolerance_decades = 0;
    std::uint64_t min_reads = 0;
  };

  struct Distance {
    bool enabled = false;
    StudyWorkload workload;
    std::vector<StudyPoint> points;
    std::vector<StudyPoint> definitions;  // name + set (config unused)
    std::vector<std::pair<std::string, Json>> set;
    Quanta quanta;
  } distance;

  struct Injection {
    bool enabled = false;
    std::vector<StudyCampaign> campaigns;
  } injection;

  struct Perf {
    bool enabled = false;
    std::vector<StudyWorkload> workloads;
    std::string baseline;
    std::vector<StudyPoint> points;
    // The same region per workload (one per MLP width) on a few of `points`.
    struct WorkingSet {
      bool enabled = false;
      std::vector<StudyWorkload> workloads;
      std::vector<std::string> points;  // names of perf points
    } working_set;
  } perf;

  struct ClosedLoop {
    bool enabled = false;
    std::string net;
    std::string preset;
    std::uint64_t epochs = 1, train_samples = 0, test_samples = 0, roi_start = 0, roi_steps = 1;
    std::vector<std::uint64_t> seeds;
    StudyPoint baseline;
    std::vector<StudyPoint> points;
    std::vector<StudyMitigation> mitigations;
    // Closed-loop runs of `points` under each retention policy at each interval_failure
    // (llc.retention.interval_failure, the line-failure probability that sets the interval).
    struct IntervalSweep {
      bool enabled = false;
      std::vector<std::string> points;    // names of closed-loop points
      std::vector<std::string> policies;  // expire | refresh
      std::vector<double> interval_failure;
      std::vector<std::uint64_t> seeds;  // a subset of the closed loop's
    } interval_sweep;
  } closed_loop;

  // The spec file, or the embedded default when `file` is empty; `mode` "", "quick" or "full".
  static StudySpec load(const std::string& file, const std::string& mode);
  static StudySpec parse(Json root, const std::string& origin, const std::string& base_dir,
                         const std::string& mode);
  // The text of configs/study/default.json, compiled in.
  static const char* embedded_default();
};

}  // namespace sttvp
