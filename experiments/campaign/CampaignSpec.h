// A fault-injection campaign (`sttvp inject SPEC.json`): the cross product of networks x layers x
// targets x probabilities x mitigations x seeds, plus one error-free baseline (p = 0) per network,
// mitigation and seed, each one native training run under sw::InjectionRun.
//
//   {
//     "name": "fig2",                       optional; default: the spec file's stem
//     "description": "...",                 optional
//     "nets": ["lenet"],                    lenet | mlp
//     "preset": "reference",                training preset: NAME (configs/training/NET-NAME.json,
//                                           from the working directory), a path relative to the
//                                           spec, or an object {"lenet": ..., "mlp": ...}
//     "training": {"optimizer": {...}},     optional overrides of the preset, key by key
//     "epochs": 30,                         optional (default: the preset's)
//     "train_samples": 0, "test_samples": 0, optional: first N samples of each split (0: all)
//     "data": "data/mnist",                 optional IDX folder, from the working directory
//     "layers": [0, 1, 2] or "all",
//     "targets": ["inputs"],                inputs | weights | gradients | state
//     "p": [1e-7, 1e-6, 1e-5],              flip probabilities (per bit or per value: fault.rate),
//                                           in (0, 1]
//     "baseline": true,                     optional: also the error-free runs (default true)
//     "seeds": [1, 2, 3],                   training seed (weights, sample order) = flip seed
//     "mitigations": ["none"],              optional: none | range | grad_guard | rollback, or
//                                           several joined by '+'
//     "fault": {"timing": "per_residency", "persistence": "persistent", "bits": "all",
//               "reads": "all", "rate": "per_bit"},
//                                           optional; bits: all | exponent | mantissa | sign,
//                                           several joined by '+', or a list of bit indices
//                                           (0-31); reads: all | forward; rate: per_bit |
//                                           per_value (see sw/fault/FaultConfig.h)
//     "checkpoint_every": 100,              optional: rollback checkpoint interval (steps)
//     "stop_on_divergence": true,           optional: end a run when its weights turn NaN/Inf
//     "log_flips": false                    optional: write runs/<id>/flips.csv
//   }
//
// Keys starting with '_' are documentation. Every error is an InputError naming the spec file and
// the key path (e.g. "p[1]"); the training config of each network is parsed and the data folder
// checked before anything runs.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/common/ConfigNode.h"
#include "sw/fault/FaultConfig.h"
#include "sw/fault/InjectionRun.h"
#include "sw/train/TrainerConfig.h"

namespace sttvp {

struct CampaignRun {
  std::size_t index = 0;
  std::string id;  // lenet-l03-inputs-p1e-05-none-s2, lenet-baseline-none-s1
  std::string net;
  bool baseline = false;  // p = 0, no layer, no target
  std::size_t layer = 0;
  sw::FaultTarget target = sw::FaultTarget::None;
  double p = 0;
  std::uint64_t seed = 1;
  sw::MitigationConfig mitigation;

  std::string layer_label() const { return baseline ? "none" : std::to_string(layer); }
  std::string target_label() const { return sw::kFaultTargets.name(target); }
};

class CampaignSpec {
 public:
  struct LayerInfo {
    std::string type;
    std::size_t inputs = 0;
  };

  std::string file;  // as given
  std::string name;
  std::string description;
  std::vector<std::string> nets;
  std::map<std::string, std::string> preset_files;  // net -> preset file
  Json training = Json::object();                   // overrides of the presets
  bool has_epochs = false;
  std::uint64_t epochs = 0;
  std::uint64_t train_samples = 0;
  std::uint64_t test_samples = 0;
  std::string data = "data/mnist";
  bool all_layers = false;
  std::vector<std::size_t> layers;
  std::vector<sw::FaultTarget> targets;
  std::vector<double> ps;
  bool baseline = true;
  std::vector<std::uint64_t> seeds;
  std::vector<sw::MitigationConfig> mitigations;
  sw::FaultTiming timing = sw::FaultTiming::PerResidency;
  sw::FaultPersistence persistence = sw::FaultPersistence::Persistent;
  sw::FaultRate rate = sw::FaultRate::PerBit;
  std::uint32_t bit_mask = 0xffffffffu;
  std::string bits = "all";   // as written, for reports
  bool forward_only = false;  // fault.reads: "forward"
  std::uint64_t checkpoint_every = 100;
  bool stop_on_divergence = true;
  bool log_flips = false;

  // Loads and checks the spec (InputError on any problem).
  static CampaignSpec load(const std::string& file);

  // The runs in a fixed order: per network its baselines first, then layer, target, p,
  // mitigation, seed (the seed fastest).
  std::vector<CampaignRun> expand() const;
  // The training config of `net` with seed `seed` (tests are evaluated once, at the end); the
  // resolved JSON (preset, overrides, defaults) in `resolved` if given.
  sw::TrainerConfig trainer_config(const std::string& net, std::uint64_t seed,
                                   Json* resolved = nullptr) const;
  sw::InjectionRunConfig run_config(const CampaignRun& run) const;
  // Everything that decides a run's result: stored with it, and compared to recognise a result
  // that an earlier version of the spec produced.
  Json settings(const CampaignRun& run) const;
  const std::vector<LayerInfo>& layer_info(const std::string& net) const {
    return layer_info_.at(net);
  }
  // The layers a run of `net` targets (all of them when "all").
  std::vector<std::size_t> layers_of(const std::string& net) const;

 private:
  std::map<std::string, std::vector<LayerInfo>> layer_info_;
};

}  // namespace sttvp
