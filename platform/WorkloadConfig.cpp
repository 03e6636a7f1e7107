#include "platform/WorkloadConfig.h"

#include <filesystem>
#include <set>

#include "models/trace/TraceAccess.h"
#include "sw/data/Dataset.h"
#include "sw/data/IdxFile.h"
#include "sw/train/TrainerConfigParser.h"

namespace sttvp {

namespace fs = std::filesystem;

namespace {

const std::set<std::string>& stream_keys() {
  static const std::set<std::string> keys = {"bytes", "passes", "write_fraction", "gap_ns"};
  return keys;
}

const std::set<std::string>& trace_keys() {
  static const std::set<std::string> keys = {"trace", "format", "max_access_bytes"};
  return keys;
}

const std::set<std::string>& training_keys() {
  static const std::set<std::string> keys = {"preset",       "training",   "data", "train_samples",
                                             "test_samples", "start_step", "steps"};
  return keys;
}

// `override` merged over `base`, objects key by key.
void merge_over(Json& base, const Json& override) {
  for (auto it = override.begin(); it != override.end(); ++it) {
    if (it.value().is_object() && base.contains(it.key()) && base[it.key()].is_object()) {
      merge_over(base[it.key()], it.value());
    } else {
      base[it.key()] = it.value();
    }
  }
}

// Records the preset file as the origin of every preset key the overrides do not replace.
void record_origins(ConfigDocument& doc, const ConfigDocument& preset, const Json& value,
                    const Json* override, const std::string& path, const std::string& prefix) {
  for (auto it = value.begin(); it != value.end(); ++it) {
    const std::string p = path.empty() ? it.key() : path + "." + it.key();
    const Json* o = override != nullptr && override->is_object() && override->contains(it.key())
                        ? &(*override)[it.key()]
                        : nullptr;
    if (o == nullptr) doc.set_origin(prefix + p, preset.origin(p));
    if (it.value().is_object() && (o == nullptr || o->is_object()))
      record_origins(doc, preset, it.value(), o, p, prefix);
  }
}

}  // namespace

void WorkloadConfig::resolve(ConfigDocument& doc) {
  Json& root = doc.json();
  if (!root.contains("workload") || !root["workload"].is_object()) return;
  Json& wl = root["workload"];
  if (!wl.contains("kind") || !wl["kind"].is_string()) return;
  const std::string kind = wl["kind"].get<std::string>();
  const bool training = kind == "lenet" || kind == "mlp";
  const bool trace = kind == "trace";
  if (!training && !trace && kind != "stream") return;  // the parser reports the unknown kind

  // Keys of the other kinds that an included file set along with its own kind.
  std::set<std::string> foreign;
  if (kind != "stream") foreign.insert(stream_keys().begin(), stream_keys().end());
  if (!training) foreign.insert(training_keys().begin(), training_keys().end());
  if (!trace) foreign.insert(trace_keys().begin(), trace_keys().end());
  const std::string kind_origin = doc.origin("workload.kind");
  for (const std::string& key : foreign) {
    if (wl.contains(key) && doc.origin("workload." + key) != kind_origin) wl.erase(key);
  }
  if (trace && wl.contains("trace") && wl["trace"].is_string()) {
    // A trace named in a config file is relative to that file.
    const std::string origin = doc.origin("workload.trace");
    const fs::path path = wl["trace"].get<std::string>();
    std::error_code ec;
    if (path != "-" && path.is_relative() && fs::is_regular_file(origin, ec))
      wl["trace"] = (fs::path(origin).parent_path() / path).lexically_normal().string();
  }
  if (!training || !wl.contains("preset") || !wl["preset"].is_string()) return;

  // The preset path is relative to the config file that names it (or to the working directory
  // when it comes from the command line).
  const std::string origin = doc.origin("workload.preset");
  fs::path path = wl["preset"].get<std::string>();
  std::error_code ec;
  if (path.is_relative() && fs::is_regular_file(origin, ec))
    path = (fs::path(origin).parent_path() / path).lexically_normal();
  if (!fs::is_regular_file(path, ec))
    throw InputError(origin, "workload.preset", "cannot open training preset " + path.string());
  const auto preset = ConfigDocument::load(path.string());

  Json merged = preset->json();
  const Json* override = wl.contains("training") ? &wl["training"] : nullptr;
  if (override != nullptr && !override->is_object()) return;  // the parser reports it
  if (override != nullptr) merge_over(merged, *override);
  record_origins(doc, *preset, preset->json(), override, "", "workload.training.");
  wl["training"] = std::move(merged);
  wl.erase("preset");
  wl["_preset"] = path.string();
}

void WorkloadConfig::check_region(const ConfigDocument& doc) const {
  if (!is_training()) return;
  std::uint64_t available = 0;
  try {
    const std::string labels = sw::Dataset::find_file(data, sw::Dataset::Split::Train, true);
    available = sw::IdxFile::read(labels, sw::IdxFile::kLabelsMagic).count();
  } catch (const InputError&) {
    return;  // loading the data set reports it
  }
  const auto fail = [&](const std::string& key, const std::string& message) {
    throw InputError(doc.blame("workload." + key), "workload." + key, message);
  };
  if (train_samples > available)
    fail("train_samples", std::to_string(train_samples) + " samples asked for, but " + data +
                              " holds " + std::to_string(available) + " (0 takes them all)");
  const std::uint64_t samples = train_samples == 0 ? available : train_samples;
  // As Trainer::steps_per_epoch: the last minibatch of an epoch may be short.
  const std::uint64_t per_epoch = (samples + training.minibatch - 1) / training.minibatch;
  const std::uint64_t total = per_epoch * training.epochs;
  const std::string training_steps = " the end of training (" + std::to_string(total) +
                                     " steps: " + std::to_string(training.epochs) +
                                     (training.epochs == 1 ? " epoch" : " epochs") + " of " +
                                     std::to_string(per_epoch) + ")";
  if (start_step >= total)
    fail("start_step", "step " + std::to_string(start_step) + " is beyond" + training_steps);
  if (start_step + steps > total)
    fail("steps", "the region [" + std::to_string(start_step) + ", " +
                      std::to_string(start_step + steps) + ") ends after" + training_steps);
}

WorkloadConfig WorkloadConfig::parse(ConfigNode node, unsigned default_shares) {
  WorkloadConfig c;
  c.kind = node.text("kind", {"stream", "lenet", "mlp", "trace"});
  if (c.kind == "stream") {
    c.bytes = node.u64("bytes", 1, std::uint64_t{1} << 36);
    c.passes = node.u64("passes", 1, 1000000, 1);
    c.write_fraction = node.real("write_fraction", 0, 1, 0);
    c.gap_ns = node.real("gap_ns", 0, 1e12, 0);
  } else if (c.kind == "trace") {
    c.trace = node.text("trace", {});
    if (c.trace.empty()) node.fail("trace", "names no trace file");
    c.format = kTraceFormats.read(node, "format", TraceFormat::Lackey);
    c.max_access_bytes =
        static_cast<std::uint32_t>(node.u64("max_access_bytes", 0, kMaxTraceAccessBytes, 0));
  } else {
    if (!node.has("training"))
      node.fail("preset", "a " + c.kind + " workload needs a training preset or section");
    c.training = sw::TrainerConfigParser::parse(node.child("training"), default_shares);
    const bool lenet = c.training.net == sw::NetKind::LeNet5;
    if (lenet != (c.kind == "lenet"))
      node.fail("kind", "the workload is " + c.kind + " but its training config is for " +
                            (lenet ? "lenet" : "mlp"));
    c.data = node.text("data", {}, c.data);
    c.train_samples = node.u64("train_samples", 0, 1u << 30, 0);
    c.test_samples = node.u64("test_samples", 0, 1u << 30, 0);
    c.start_step = node.u64("start_step", 0, std::uint64_t{1} << 40, 0);
    c.steps = node.u64("steps", 0, std::uint64_t{1} << 40, 0);
    if (node.has("_preset")) c.preset = node.text("_preset", {});
  }
  node.finish();
  return c;
}

}  // namespace sttvp
