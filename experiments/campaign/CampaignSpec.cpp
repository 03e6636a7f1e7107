#include "experiments/campaign/CampaignSpec.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "models/common/EnumTable.h"
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

// fault.bits by name.
constexpr EnumTable<std::uint32_t, 4> kBitGroups{{{{sw::BitFlipSampler::kAll, "all"},
                                                   {sw::BitFlipSampler::kExponent, "exponent"},
                                                   {sw::BitFlipSampler::kMantissa, "mantissa"},
                                                   {sw::BitFlipSampler::kSign, "sign"}}}};

std::string item(const std::string& key, std::size_t i) {
  return key + "[" + std::to_string(i) + "]";
}

// The required non-empty list `key` of `node`; `what` its items, for the message.
const Json& list(ConfigNode& node, const std::string& key, const std::string& what) {
  const Json& v = node.value(key);
  if (v.is_null()) node.fail(key, "missing required key");
  if (!v.is_array())
    node.fail(key, "expected a list of " + what + ", got " + ConfigNode::type_name(v));
  if (v.empty()) node.fail(key, "empty list");
  return v;
}

// fault.bits: a named group or a list of bit indices.
void read_bits(ConfigNode& fault, CampaignSpec& s) {
  const Json& bits = fault.value("bits");
  if (bits.is_null()) return;
  if (bits.is_string()) {
    // One group, or several joined by '+' ("mantissa+sign": every bit but the exponent's).
    s.bits = bits.get<std::string>();
    s.bit_mask = 0;
    std::size_t from = 0;
    while (true) {
      const std::size_t plus = s.bits.find('+', from);
      const std::string group = s.bits.substr(from, plus - from);
      std::uint32_t mask = 0;
      if (!kBitGroups.parse(group, mask)) {
        std::string names;
        for (const std::string& n : kBitGroups.names()) names += (names.empty() ? "" : ", ") + n;
        fault.fail("bits", "unknown value " + bits.dump() + " (expected " + names +
                               ", several joined by '+', or a list of bits 0-31)");
      }
      if (s.bit_mask & mask) fault.fail("bits", bits.dump() + ": groups overlap");
      s.bit_mask |= mask;
      if (plus == std::string::npos) break;
      from = plus + 1;
    }
    return;
  }
  if (!bits.is_array())
    fault.fail("bits", "expected a string or a list of bits, got " + ConfigNode::type_name(bits));
  if (bits.empty()) fault.fail("bits", "empty list (no bit could flip)");
  s.bit_mask = 0;
  s.bits.clear();
  for (std::size_t i = 0; i < bits.size(); ++i) {
    if (!bits[i].is_number_unsigned() || bits[i].get<std::uint64_t>() > 31)
      fault.fail(item("bits", i), "expected a bit index 0-31, got " + bits[i].dump());
    const auto b = bits[i].get<unsigned>();
    if ((s.bit_mask >> b) & 1u) fault.fail(item("bits", i), "duplicate bit " + std::to_string(b));
    s.bit_mask |= 1u << b;
    s.bits += (s.bits.empty() ? "" : " ") + std::to_string(b);
  }
}

void read_nets(ConfigNode& node, CampaignSpec& s) {
  const Json& nets = list(node, "nets", "networks");
  for (std::size_t i = 0; i < nets.size(); ++i) {
    const std::string n = nets[i].is_string() ? nets[i].get<std::string>() : "";
    sw::NetKind kind = sw::NetKind::LeNet5;
    if (!sw::kNetKinds.parse(n, kind))
      node.fail(item("nets", i), "unknown network " + nets[i].dump() + " (expected lenet or mlp)");
    for (const std::string& other : s.nets)
      if (other == n) node.fail(item("nets", i), "duplicate network \"" + n + "\"");
    s.nets.push_back(n);
  }
}

// Presets: one name or path for every network, or one per network.
void read_presets(ConfigNode& node, CampaignSpec& s) {
  const Json& preset = node.value("preset");
  if (preset.is_null()) node.fail("preset", "missing required key (a training preset)");
  for (const std::string& net : s.nets) {
    std::string where = "preset";
    const Json* p = &preset;
    if (preset.is_object()) {
      where = "preset." + net;
      if (!preset.contains(net)) node.fail(where, "missing (no preset for network " + net + ")");
      p = &preset[net];
    }
    if (!p->is_string())
      node.fail(where, "expected a preset name or file, got " + ConfigNode::type_name(*p));
    const std::string value = p->get<std::string>();
    fs::path path;
    if (names_a_file(value)) {
      path = fs::path(value);
      if (path.is_relative()) path = fs::path(s.file).parent_path() / path;
      path = path.lexically_normal();
    } else {
      path = "configs/training/" + net + "-" + value + ".json";
    }
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
      node.fail(where, path.string() +
                           ": no such training preset (a NAME is read from "
                           "configs/training/NET-NAME.json in the working directory; a "
                           "path is relative to the spec)");
    s.preset_files[net] = path.string();
  }
  if (preset.is_object()) {
    for (auto it = preset.begin(); it != preset.end(); ++it)
      if (!s.preset_files.count(it.key()) && it.key()[0] != '_')
        node.fail("preset." + it.key(), "network not in \"nets\"");
  }
}

// Overrides of the presets, key by key; what the campaign sets itself is refused.
void read_training(ConfigNode& node, CampaignSpec& s) {
  const Json& training = node.value("training");
  if (training.is_null()) return;
  if (!training.is_object())
    node.fail("training", "expected an object, got " + ConfigNode::type_name(training));
  s.training = training;
  const std::pair<const char*, const char*> campaign_keys[] = {
      {"epochs", "use the top-level \"epochs\""},
      {"seed", "use \"seeds\""},
      {"evaluate_test", "the test set is evaluated once, at the end"},
      {"net", "use \"nets\""}};
  for (const auto& [key, instead] : campaign_keys)
    if (training.contains(key))
      node.fail(std::string("training.") + key,
                std::string("set by the campaign (") + instead + ")");
}

void read_layers(ConfigNode& node, CampaignSpec& s) {
  const Json& layers = node.value("layers");
  if (layers.is_string() && layers.get<std::string>() == "all") {
    s.all_layers = true;
    return;
  }
  list(node, "layers", "layer indices (or \"all\")");
  for (std::size_t i = 0; i < layers.size(); ++i) {
    if (!layers[i].is_number_unsigned())
      node.fail(item("layers", i), "expected a layer index, got " + layers[i].dump());
    const auto l = layers[i].get<std::uint64_t>();
    for (std::size_t other : s.layers)
      if (other == l) node.fail(item("layers", i), "duplicate layer " + std::to_string(l));
    s.layers.push_back(static_cast<std::size_t>(l));
  }
}

void read_targets(ConfigNode& node, CampaignSpec& s) {
  const Json& targets = list(node, "targets", "targets");
  for (std::size_t i = 0; i < targets.size(); ++i) {
    sw::FaultTarget t = sw::FaultTarget::None;
    if (!targets[i].is_string() || !sw::kFaultTargets.parse(targets[i].get<std::string>(), t) ||
        t == sw::FaultTarget::None)
      node.fail(item("targets", i), "unknown target " + targets[i].dump() +
                                        " (expected inputs, weights, gradients, state)");
    for (sw::FaultTarget other : s.targets)
      if (other == t) node.fail(item("targets", i), "duplicate target " + targets[i].dump());
    s.targets.push_back(t);
  }
}

void read_ps(ConfigNode& node, CampaignSpec& s) {
  const Json& ps = list(node, "p", "flip probabilities");
  for (std::size_t i = 0; i < ps.size(); ++i) {
    if (!ps[i].is_number())
      node.fail(item("p", i), "expected a number, got " + ConfigNode::type_name(ps[i]));
    const double p = ps[i].get<double>();
    if (!(p > 0.0 && p <= 1.0))
      node.fail(item("p", i), "p = " + ps[i].dump() +
                                  " is not in (0, 1] (the error-free baseline is \"baseline\": "
                                  "true)");
    for (double other : s.ps)
      if (other == p) node.fail(item("p", i), "duplicate p " + ps[i].dump());
    s.ps.push_back(p);
  }
}

void read_seeds(ConfigNode& node, CampaignSpec& s) {
  const Json& seeds = list(node, "seeds", "seeds");
  for (std::size_t i = 0; i < seeds.size(); ++i) {
    if (!seeds[i].is_number_unsigned())
      node.fail(item("seeds", i), "expected a non-negative integer, got " + seeds[i].dump());
    const auto seed = seeds[i].get<std::uint64_t>();
    for (std::uint64_t other : s.seeds)
      if (other == seed) node.fail(item("seeds", i), "duplicate seed " + std::to_string(seed));
    s.seeds.push_back(seed);
  }
}

void read_mitigations(ConfigNode& node, CampaignSpec& s) {
  if (node.value("mitigations").is_null()) {
    s.mitigations.push_back(sw::MitigationConfig{});
  } else {
    const Json& mitigations = list(node, "mitigations", "mitigations");
    for (std::size_t i = 0; i < mitigations.size(); ++i) {
      sw::MitigationConfig m;
      if (!mitigations[i].is_string() ||
          !sw::MitigationConfig::parse(mitigations[i].get<std::string>(), m))
        node.fail(item("mitigations", i), "unknown mitigation " + mitigations[i].dump() +
                                              " (expected none, range, grad_guard, rollback, or "
                                              "several joined by '+')");
      for (const sw::MitigationConfig& other : s.mitigations)
        if (other.name() == m.name()) node.fail(item("mitigations", i), "duplicate mitigation");
      s.mitigations.push_back(m);
    }
  }
  for (sw::MitigationConfig& m : s.mitigations) m.checkpoint_every = s.checkpoint_every;
}

}  // namespace

CampaignSpec CampaignSpec::load(const std::string& file) {
  ConfigNode node(ConfigDocument::load(file));
  CampaignSpec s;
  s.file = file;
  std::string stem = fs::path(file).stem().string();
  if (!ConfigNode::is_folder_name(stem)) stem = "campaign";
  s.name = node.text("name", {}, stem);
  if (!ConfigNode::is_folder_name(s.name))
    node.fail("name", "\"" + s.name + "\": use letters, digits, . _ -");
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
    s.rate = sw::kFaultRates.read(f, "rate", sw::FaultRate::PerBit);
    read_bits(f, s);
    f.finish();
  }
  // The lists last: a default written into the object may move its values in memory.
  read_nets(node, s);
  read_presets(node, s);
  read_training(node, s);
  read_layers(node, s);
  read_targets(node, s);
  read_ps(node, s);
  read_seeds(node, s);
  read_mitigations(node, s);
  node.finish();

  if (s.forward_only && s.timing == sw::FaultTiming::PerResidency &&
      s.persistence == sw::FaultPersistence::Transient) {
    for (sw::FaultTarget t : s.targets)
      if (t == sw::FaultTarget::Weights)
        node.fail("fault.reads",
                  "forward-only transient flips of the weights need per_read timing");
  }

  // Each network's training config, parsed as the runs will parse it, and its layers.
  for (const std::string& net : s.nets) {
    const sw::TrainerConfig c = s.trainer_config(net, s.seeds.front());
    if (sw::kNetKinds.name(c.net) != net)
      node.fail("preset",
                s.preset_files[net] + " is a training preset for another network than " + net);
    const sw::Network network = c.net == sw::NetKind::LeNet5 ? sw::Network::lenet5(1, c.tiling)
                                                             : sw::Network::mlp(c.mlp, 1, c.tiling);
    std::vector<LayerInfo>& info = s.layer_info_[net];
    for (std::size_t l = 0; l < network.layer_count(); ++l)
      info.push_back({network.layer(l).type(), network.layer(l).in_size()});
    for (std::size_t i = 0; i < s.layers.size(); ++i) {
      if (s.layers[i] >= info.size())
        node.fail(item("layers", i), "layer " + std::to_string(s.layers[i]) + " does not exist (" +
                                         net + " has layers 0-" + std::to_string(info.size() - 1) +
                                         ")");
    }
  }

  std::error_code ec;
  if (!fs::is_directory(s.data, ec))
    node.fail("data", s.data +
                          ": no such data folder (relative to the working directory); run "
                          "scripts/fetch-mnist.sh to fetch MNIST into data/mnist");

  std::size_t runs = 0;
  for (const std::string& net : s.nets)
    runs += (s.baseline ? 1 : 0) + s.layers_of(net).size() * s.targets.size() * s.ps.size();
  runs *= s.mitigations.size() * s.seeds.size();
  if (runs > kMaxRuns)
    node.fail("",
              std::to_string(runs) + " runs, more than the limit of " + std::to_string(kMaxRuns));
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
  c.fault.rate = rate;
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
  if (rate != sw::FaultRate::PerBit) s["fault"]["rate"] = sw::kFaultRates.name(rate);
  s["checkpoint_every"] = checkpoint_every;
  s["stop_on_divergence"] = stop_on_divergence;
  return s;
}

}  // namespace sttvp
