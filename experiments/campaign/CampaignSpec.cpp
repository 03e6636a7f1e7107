#include "experiments/campaign/CampaignSpec.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "models/common/InputError.h"
#include "sw/fault/BitFlipSampler.h"
#include "sw/nn/Network.h"
#include "sw/train/TrainerConfigParser.h"

namespace sttvp {

namespace fs = std::filesystem;

namespace {

// Largest expansion accepted: far beyond a sensible campaign, it stops a typo from queueing
// millions of trainings.
constexpr std::size_t kMaxRuns = 100000;

bool names_a_file(const std::string& preset) {
  return preset.find('/') != std::string::npos ||
         (preset.size() > 5 && preset.compare(preset.size() - 5, 5, ".json") == 0);
}

// Removes `key` from `object` and returns it (null if absent).
Json take(Json& object, const std::string& key) {
  if (!object.is_object() || !object.contains(key)) return Json();
  Json value = object[key];
  object.erase(key);
  return value;
}

// Writes every leaf of `overrides` into the document under `prefix`, objects merged key by key.
void put_all(ConfigDocument& doc, Json& node, const Json& overrides, const std::string& prefix,
             const std::string& origin) {
  for (auto it = overrides.begin(); it != overrides.end(); ++it) {
    const std::string path = prefix.empty() ? it.key() : prefix + "." + it.key();
    if (it.value().is_object() && node.contains(it.key()) && node[it.key()].is_object()) {
      put_all(doc, node[it.key()], it.value(), path, origin);
    } else {
      node[it.key()] = it.value();
      doc.set_origin(path, origin);
    }
  }
}

std::string format_p(double p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", p);
  return buf;
}

}  // namespace

CampaignSpec CampaignSpec::load(const std::string& file) {
  const auto doc = ConfigDocument::load(file);
  Json& root = doc->json();
  const auto fail = [&](const std::string& where, const std::string& message) {
    throw InputError(file, where, message);
  };
  if (!root.is_object()) fail("", "top level must be a JSON object");
  CampaignSpec s;
  s.file = file;

  // Lists and free-form values are read here; the scalar keys by ConfigNode, which also rejects
  // unknown keys.
  const Json nets = take(root, "nets");
  const Json preset = take(root, "preset");
  const Json training = take(root, "training");
  const Json layers = take(root, "layers");
  const Json targets = take(root, "targets");
  const Json ps = take(root, "p");
  const Json seeds = take(root, "seeds");
  const Json mitigations = take(root, "mitigations");
  const Json bits = root.contains("fault") ? take(root["fault"], "bits") : Json();

  ConfigNode node(doc);
  std::string stem = fs::path(file).stem().string();
  if (!ConfigNode::is_folder_name(stem)) stem = "campaign";
  s.name = node.text("name", {}, stem);
  if (!ConfigNode::is_folder_name(s.name))
    fail("name", "\"" + s.name + "\": use letters, digits, . _ -");
  s.description = node.text("description", {}, "");
  s.has_epochs = node.has("epochs");
  if (s.has_epochs) s.epochs = node.u64("epochs", 1, 100000);
  s.train_samples = node.u64("train_samples", 0, 1u << 30, 0);
  s.test_samples = node.u64("test_samples", 0, 1u << 30, 0);
  s.data = node.text("data", {}, "data/mnist");
  s.baseline = node.boolean("baseline", true);
  s.checkpoint_every = node.u64("checkpoint_every", 1, std::uint64_t{1} << 40, 100);
  s.stop_on_divergence = node.boolean("stop_on_divergence", true);
  s.log_flips = node.boolean("log_flips", false);
  {
    ConfigNode f = node.child_or_empty("fault");
    s.timing = sw::kFaultTimings.read(f, "timing", sw::FaultTiming::PerResidency);
    s.persistence = sw::kFaultPersistences.read(f, "persistence", sw::FaultPersistence::Persistent);
    s.forward_only = f.text("reads", {"all", "forward"}, "all") == "forward";
    f.finish();
  }
  node.finish();

  // fault.bits: a named group or a list of bit indices.
  if (bits.is_string()) {
    const std::string b = bits.get<std::string>();
    if (b == "all")
      s.bit_mask = sw::BitFlipSampler::kAll;
    else if (b == "exponent")
      s.bit_mask = sw::BitFlipSampler::kExponent;
    else if (b == "mantissa")
      s.bit_mask = sw::BitFlipSampler::kMantissa;
    else if (b == "sign")
      s.bit_mask = sw::BitFlipSampler::kSign;
    else
      fail("fault.bits", "unknown value \"" + b +
                             "\" (expected all, exponent, mantissa, sign or a list of bits 0-31)");
    s.bits = b;
  } else if (bits.is_array()) {
    if (bits.empty()) fail("fault.bits", "empty list (no bit could flip)");
    s.bit_mask = 0;
    s.bits.clear();
    for (std::size_t i = 0; i < bits.size(); ++i) {
      const std::string at = "fault.bits[" + std::to_string(i) + "]";
      if (!bits[i].is_number_unsigned() || bits[i].get<std::uint64_t>() > 31)
        fail(at, "expected a bit index 0-31, got " + bits[i].dump());
      const auto b = bits[i].get<unsigned>();
      if ((s.bit_mask >> b) & 1u) fail(at, "duplicate bit " + std::to_string(b));
      s.bit_mask |= 1u << b;
      s.bits += (s.bits.empty() ? "" : " ") + std::to_string(b);
    }
  } else if (!bits.is_null()) {
    fail("fault.bits", "expected a string or a list of bits, got " + ConfigNode::type_name(bits));
  }

  // A non-empty list whose items `check` validates.
  const auto list = [&](const Json& v, const std::string& key, const std::string& what) {
    if (v.is_null()) fail(key, "missing required key");
    if (!v.is_array())
      fail(key, "expected a list of " + what + ", got " + ConfigNode::type_name(v));
    if (v.empty()) fail(key, "empty list");
  };
  const auto at = [](const std::string& key, std::size_t i) {
    return key + "[" + std::to_string(i) + "]";
  };

  list(nets, "nets", "networks");
  for (std::size_t i = 0; i < nets.size(); ++i) {
    const std::string n = nets[i].is_string() ? nets[i].get<std::string>() : "";
    if (n != "lenet" && n != "mlp")
      fail(at("nets", i), "unknown network " + nets[i].dump() + " (expected lenet or mlp)");
    for (const std::string& other : s.nets)
      if (other == n) fail(at("nets", i), "duplicate network \"" + n + "\"");
    s.nets.push_back(n);
  }

  // Presets: one name or path for every network, or one per network.
  if (preset.is_null()) fail("preset", "missing required key (a training preset)");
  for (const std::string& net : s.nets) {
    std::string where = "preset";
    const Json* p = &preset;
    if (preset.is_object()) {
      where = "preset." + net;
      if (!preset.contains(net)) fail(where, "missing (no preset for network " + net + ")");
      p = &preset[net];
    }
    if (!p->is_string())
      fail(where, "expected a preset name or file, got " + ConfigNode::type_name(*p));
    const std::string value = p->get<std::string>();
    fs::path path;
    if (names_a_file(value)) {
      path = fs::path(value);
      if (path.is_relative()) path = fs::path(file).parent_path() / path;
      path = path.lexically_normal();
    } else {
      path = "configs/training/" + net + "-" + value + ".json";
    }
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
      fail(where, path.string() +
                      ": no such training preset (a NAME is read from "
                      "configs/training/NET-NAME.json in the working directory; a "
                      "path is relative to the spec)");
    s.preset_files[net] = path.string();
  }
  if (preset.is_object()) {
    for (auto it = preset.begin(); it != preset.end(); ++it)
      if (!s.preset_files.count(it.key()) && it.key()[0] != '_')
        fail("preset." + it.key(), "network not in \"nets\"");
  }

  if (!training.is_null()) {
    if (!training.is_object())
      fail("training", "expected an object, got " + ConfigNode::type_name(training));
    s.training = training;
    for (const char* key : {"epochs", "seed", "evaluate_test", "net"}) {
      if (training.contains(key))
        fail(std::string("training.") + key,
             std::string("set by the campaign (") +
                 (std::string(key) == "epochs" ? "use the top-level \"epochs\""
                  : std::string(key) == "seed" ? "use \"seeds\""
                  : std::string(key) == "net"  ? "use \"nets\""
                                               : "the test set is evaluated once, at the end") +
                 ")");
    }
  }

  if (layers.is_string() && layers.get<std::string>() == "all") {
    s.all_layers = true;
  } else {
    list(layers, "layers", "layer indices (or \"all\")");
    for (std::size_t i = 0; i < layers.size(); ++i) {
      if (!layers[i].is_number_unsigned())
        fail(at("layers", i), "expected a layer index, got " + layers[i].dump());
      const auto l = layers[i].get<std::uint64_t>();
      for (std::size_t other : s.layers)
        if (other == l) fail(at("layers", i), "duplicate layer " + std::to_string(l));
      s.layers.push_back(static_cast<std::size_t>(l));
    }
  }

  list(targets, "targets", "targets");
  for (std::size_t i = 0; i < targets.size(); ++i) {
    sw::FaultTarget t = sw::FaultTarget::None;
    if (!targets[i].is_string() || !sw::kFaultTargets.parse(targets[i].get<std::string>(), t) ||
        t == sw::FaultTarget::None)
      fail(at("targets", i),
           "unknown target " + targets[i].dump() + " (expected inputs, weights, gradients, state)");
    for (sw::FaultTarget other : s.targets)
      if (other == t) fail(at("targets", i), "duplicate target " + targets[i].dump());
    s.targets.push_back(t);
  }

  list(ps, "p", "per-bit probabilities");
  for (std::size_t i = 0; i < ps.size(); ++i) {
    if (!ps[i].is_number())
      fail(at("p", i), "expected a number, got " + ConfigNode::type_name(ps[i]));
    const double p = ps[i].get<double>();
    if (!(p > 0.0 && p <= 1.0))
      fail(at("p", i), "p = " + ps[i].dump() +
                           " is not in (0, 1] (the error-free baseline is \"baseline\": true)");
    for (double other : s.ps)
      if (other == p) fail(at("p", i), "duplicate p " + ps[i].dump());
    s.ps.push_back(p);
  }

  list(seeds, "seeds", "seeds");
  for (std::size_t i = 0; i < seeds.size(); ++i) {
    if (!seeds[i].is_number_unsigned())
      fail(at("seeds", i), "expected a non-negative integer, got " + seeds[i].dump());
    const auto seed = seeds[i].get<std::uint64_t>();
    for (std::uint64_t other : s.seeds)
      if (other == seed) fail(at("seeds", i), "duplicate seed " + std::to_string(seed));
    s.seeds.push_back(seed);
  }

  if (mitigations.is_null()) {
    s.mitigations.push_back(sw::MitigationConfig{});
  } else {
    list(mitigations, "mitigations", "mitigations");
    for (std::size_t i = 0; i < mitigations.size(); ++i) {
      sw::MitigationConfig m;
      if (!mitigations[i].is_string() ||
          !sw::MitigationConfig::parse(mitigations[i].get<std::string>(), m))
        fail(at("mitigations", i), "unknown mitigation " + mitigations[i].dump() +
                                       " (expected none, range, grad_guard, rollback, or "
                                       "several joined by '+')");
      for (const sw::MitigationConfig& other : s.mitigations)
        if (other.name() == m.name()) fail(at("mitigations", i), "duplicate mitigation");
      s.mitigations.push_back(m);
    }
  }
  for (sw::MitigationConfig& m : s.mitigations) m.checkpoint_every = s.checkpoint_every;

  if (s.forward_only && s.timing == sw::FaultTiming::PerResidency &&
      s.persistence == sw::FaultPersistence::Transient) {
    for (sw::FaultTarget t : s.targets)
      if (t == sw::FaultTarget::Weights)
        fail("fault.reads", "forward-only transient flips of the weights need per_read timing");
  }

  // Each network's training config, parsed as the runs will parse it, and its layers.
  for (const std::string& net : s.nets) {
    const sw::TrainerConfig c = s.trainer_config(net, s.seeds.front());
    if ((c.net == sw::NetKind::LeNet5) != (net == "lenet"))
      fail("preset", s.preset_files[net] + " is a training preset for another network than " + net);
    const sw::Network network = c.net == sw::NetKind::LeNet5 ? sw::Network::lenet5(1, c.tiling)
                                                             : sw::Network::mlp(c.mlp, 1, c.tiling);
    std::vector<LayerInfo>& info = s.layer_info_[net];
    for (std::size_t l = 0; l < network.layer_count(); ++l)
      info.push_back({network.layer(l).type(), network.layer(l).in_size()});
    for (std::size_t i = 0; i < s.layers.size(); ++i) {
      if (s.layers[i] >= info.size())
        fail(at("layers", i), "layer " + std::to_string(s.layers[i]) + " does not exist (" + net +
                                  " has layers 0-" + std::to_string(info.size() - 1) + ")");
    }
  }

  std::error_code ec;
  if (!fs::is_directory(s.data, ec))
    fail("data", s.data +
                     ": no such data folder (relative to the working directory); run "
                     "scripts/fetch-mnist.sh to fetch MNIST into data/mnist");

  std::size_t runs = 0;
  for (const std::string& net : s.nets)
    runs += (s.baseline ? 1 : 0) + s.layers_of(net).size() * s.targets.size() * s.ps.size();
  runs *= s.mitigations.size() * s.seeds.size();
  if (runs > kMaxRuns)
    fail("", std::to_string(runs) + " runs, more than the limit of " + std::to_string(kMaxRuns));
  return s;
}

std::vector<std::size_t> CampaignSpec::layers_of(const std::string& net) const {
  if (!all_layers) return layers;
  std::vector<std::size_t> out(layer_info_.at(net).size());
  for (std::size_t l = 0; l < out.size(); ++l) out[l] = l;
  return out;
}

sw::TrainerConfig CampaignSpec::trainer_config(const std::string& net, std::uint64_t seed,
                                               Json* resolved) const {
  const auto doc = ConfigDocument::load(preset_files.at(net));
  put_all(*doc, doc->json(), training, "", file);
  if (has_epochs) {
    doc->json()["epochs"] = epochs;
    doc->set_origin("epochs", file);
  }
  doc->json()["seed"] = seed;
  doc->set_origin("seed", file);
  doc->json()["evaluate_test"] = false;
  doc->set_origin("evaluate_test", file);
  const sw::TrainerConfig c = sw::TrainerConfigParser::parse(ConfigNode(doc), 1);
  if (resolved != nullptr) *resolved = doc->json();
  return c;
}

std::vector<CampaignRun> CampaignSpec::expand() const {
  std::vector<CampaignRun> runs;
  const auto add = [&](CampaignRun r) {
    r.index = runs.size();
    const std::string tail = r.mitigation.name() + "-s" + std::to_string(r.seed);
    if (r.baseline) {
      r.id = r.net + "-baseline-" + tail;
    } else {
      char layer[16];
      std::snprintf(layer, sizeof layer, "l%02zu", r.layer);
      r.id = r.net + "-" + layer + "-" + r.target_label() + "-p" + format_p(r.p) + "-" + tail;
    }
    runs.push_back(std::move(r));
  };
  for (const std::string& net : nets) {
    if (baseline) {
      for (const sw::MitigationConfig& m : mitigations) {
        for (std::uint64_t seed : seeds) {
          CampaignRun r;
          r.net = net;
          r.baseline = true;
          r.seed = seed;
          r.mitigation = m;
          add(r);
        }
      }
    }
    for (std::size_t layer : layers_of(net)) {
      for (sw::FaultTarget target : targets) {
        for (double p : ps) {
          for (const sw::MitigationConfig& m : mitigations) {
            for (std::uint64_t seed : seeds) {
              CampaignRun r;
              r.net = net;
              r.layer = layer;
              r.target = target;
              r.p = p;
              r.seed = seed;
              r.mitigation = m;
              add(r);
            }
          }
        }
      }
    }
  }
  return runs;
}

sw::InjectionRunConfig CampaignSpec::run_config(const CampaignRun& run) const {
  sw::InjectionRunConfig c;
  if (!run.baseline) {
    c.fault.target = run.target;
    c.fault.layers = {run.layer};
    c.fault.p = run.p;
  }
  c.fault.timing = timing;
  c.fault.persistence = persistence;
  c.fault.bit_mask = bit_mask;
  c.fault.seed = run.seed;
  c.fault.forward_only = forward_only;
  c.mitigation = run.mitigation;
  c.stop_on_divergence = stop_on_divergence;
  return c;
}

Json CampaignSpec::settings(const CampaignRun& run) const {
  Json s = Json::object();
  s["net"] = run.net;
  s["layer"] = run.layer_label();
  s["target"] = run.target_label();
  s["p"] = run.p;
  s["seed"] = run.seed;
  s["mitigation"] = run.mitigation.name();
  Json resolved;
  trainer_config(run.net, run.seed, &resolved);
  s["training"] = resolved;
  s["train_samples"] = train_samples;
  s["test_samples"] = test_samples;
  s["data"] = data;
  s["fault"] = {{"timing", sw::kFaultTimings.name(timing)},
                {"persistence", sw::kFaultPersistences.name(persistence)},
                {"bit_mask", bit_mask}};
  // Only when set, so that results from before the option existed stay valid.
  if (forward_only) s["fault"]["reads"] = "forward";
  s["checkpoint_every"] = checkpoint_every;
  s["stop_on_divergence"] = stop_on_divergence;
  return s;
}

}  // namespace sttvp
