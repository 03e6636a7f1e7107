#include "app/TrainCommand.h"

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <sstream>

#include "experiments/jobs/PathValidator.h"
#include "experiments/jobs/ProgressDisplay.h"
#include "experiments/jobs/UnsignedValidator.h"
#include "models/common/JsonText.h"
#include "platform/OutputPath.h"
#include "platform/Platform.h"
#include "platform/PlatformConfig.h"
#include "platform/ResultWriter.h"
#include "platform/WorkloadFactory.h"
#include "sw/fault/FlipAttribution.h"
#include "sw/fault/GradientGuard.h"
#include "sw/fault/InjectionRun.h"
#include "sw/fault/RangeRestriction.h"
#include "sw/train/Checkpoint.h"
#include "sw/train/HookChain.h"
#include "sw/train/ResumeFile.h"

namespace sttvp {

namespace fs = std::filesystem;

namespace {

bool names_a_file(const std::string& preset) {
  return preset.find('/') != std::string::npos ||
         (preset.size() > 5 && preset.compare(preset.size() - 5, 5, ".json") == 0);
}

// --preset NAME reads configs/training/NET-NAME.json (from the working directory).
std::string preset_path(const std::string& net, const std::string& preset) {
  const std::string path =
      names_a_file(preset) ? preset : "configs/training/" + net + "-" + preset + ".json";
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    throw InputError(path, "",
                     "no such training preset (--preset NAME reads configs/training/" + net +
                         "-NAME.json from the working directory; or give a path)");
  }
  return path;
}

// Sets `path` (dotted) of the document to `value`, recording `origin` for error messages.
void put(ConfigDocument& doc, const std::string& path, Json value, const std::string& origin) {
  Json* node = &doc.json();
  std::stringstream parts(path);
  std::string part;
  std::vector<std::string> keys;
  while (std::getline(parts, part, '.')) keys.push_back(part);
  for (std::size_t i = 0; i + 1 < keys.size(); ++i) {
    if (!node->contains(keys[i]) || !(*node)[keys[i]].is_object())
      (*node)[keys[i]] = Json::object();
    node = &(*node)[keys[i]];
  }
  (*node)[keys.back()] = std::move(value);
  doc.set_origin(path, origin);
}

std::string csv_row(const sw::EpochRecord& r) {
  char buf[256];
  const bool whole = r.epoch == std::floor(r.epoch);
  std::snprintf(buf, sizeof buf,
                whole ? "%.0f,%.6f,%.4f,%.4f,%.3f,%.0f\n" : "%.4f,%.6f,%.4f,%.4f,%.3f,%.0f\n",
                r.epoch, r.loss, r.train_accuracy, r.test_accuracy, r.wall_s, r.sim_ns);
  return buf;
}

// The final parameters in brief (DIR/weights.json), to compare runs: equal hashes, equal weights.
struct WeightsSummary {
  std::size_t parameters = 0;
  std::uint64_t nonfinite = 0;  // NaN/Inf parameters: the run diverged
  std::string fnv1a;            // FNV-1a of the parameters' bits, 16 hex digits
};

WeightsSummary summarize_weights(const sw::Trainer& trainer) {
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx",
                static_cast<unsigned long long>(sw::InjectionRun::params_hash(trainer)));
  return {trainer.network().params().size(), trainer.nonfinite_params(), hash};
}

std::string to_json(const WeightsSummary& w) {
  Json j;
  j["parameters"] = w.parameters;
  j["nonfinite"] = w.nonfinite;
  j["fnv1a"] = w.fnv1a;
  return j.dump(2) + "\n";
}

std::string percent(double fraction) {
  if (std::isnan(fraction)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f %%", 100 * fraction);
  return buf;
}

// A native run keeps its state after every completed epoch in DIR.resume, beside its result
// folder, so that the same command run again resumes from the last completed epoch (the sample
// order, augmentation and learning rate are functions of the step, so the results are those of
// an uninterrupted run). A simulated run is not resumed (the platform's state is not saved), nor
// one with a software mitigation (its counters are not).
class ResumePoint {
 public:
  ResumePoint(const std::string& dir, std::string key)
      : folder_(fs::path(dir).parent_path().empty() ? "." : fs::path(dir).parent_path().string()),
        name_(fs::path(dir).filename().string() + ".resume"),
        path_((fs::path(folder_) / name_).string()),
        key_(std::move(key)) {}

  const std::string& path() const { return path_; }

  // Restores the trainer from an earlier run of the same configuration, if there is one, and
  // returns the epoch rows it had written (empty: start from the beginning).
  std::string restore(sw::Trainer& trainer) const {
    std::error_code ec;
    if (!fs::exists(path_, ec)) return "";
    // Up to 1 GiB: parameters and optimizer state of the largest network.
    sw::ResumeState state =
        sw::ResumeFile::decode(JsonText::read(path_, JsonLimits{std::size_t{1} << 30, 0}), path_);
    if (state.key != key_) return "";  // another configuration's: replaced after the first epoch
    sw::Checkpoint checkpoint(trainer);
    if (state.values.size() != checkpoint.size() || state.step == 0 ||
        state.step >= trainer.steps_per_epoch() * trainer.config().epochs)
      throw InputError(path_, "", "does not match the network of its configuration; delete it");
    checkpoint.load(state.step, std::move(state.values));
    checkpoint.restore();
    trainer.resume(state.step);
    return state.rows;
  }
  void save(const sw::Trainer& trainer, const std::string& rows) const {
    sw::Checkpoint checkpoint(trainer);
    checkpoint.save(trainer.step());
    ResultWriter(folder_).write(
        name_, sw::ResumeFile::encode({key_, rows, trainer.step(), checkpoint.values()}));
  }
  void remove() const {
    std::error_code ec;
    fs::remove(path_, ec);
  }

 private:
  std::string folder_, name_, path_, key_;
};

}  // namespace

CLI::App* add_train_command(CLI::App& app, TrainOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "train", "train LeNet-5 or the MLP, natively or on the simulated platform");
  cmd->add_option("--net", o.net, "network: lenet or mlp")->required();
  cmd->add_option("--preset", o.preset,
                  "training preset: NAME (configs/training/NET-NAME.json) or a path; default "
                  "`default`");
  cmd->add_option("--epochs", o.epochs, "epochs (same as --set workload.training.epochs=N)")
      ->check(UnsignedValidator());
  cmd->add_option("--train-samples", o.train_samples, "use the first N training samples (0: all)")
      ->check(UnsignedValidator());
  cmd->add_option("--test-samples", o.test_samples, "use the first N test samples (0: all)")
      ->check(UnsignedValidator());
  CLI::Option* native = cmd->add_flag("--native", o.native, "train natively (the default)");
  CLI::Option* config =
      cmd->add_option("--config", o.config, "platform config (JSON): train on the simulated cores");
  native->excludes(config);
  cmd->add_option("--set", o.overrides, "override a config key: KEY=VALUE (repeatable)");
  cmd->add_option("--seed", o.seed, "seed of the weights and sample order (and of the platform)")
      ->check(UnsignedValidator());
  cmd->add_option("--data", o.data, "IDX data folder (default data/mnist)");
  cmd->add_option("--out", o.out, "output folder (default results/train-NET-PRESET[-PLATFORM])")
      ->check(PathValidator());
  cmd->add_option("--roi-start", o.roi_start, "first simulated minibatch (default 0)")
      ->check(UnsignedValidator())
      ->needs(config);
  cmd->add_option("--roi-steps", o.roi_steps, "simulated minibatches (default: to the end)")
      ->check(UnsignedValidator())
      ->needs(config);
  cmd->add_flag("--stop-after-roi", o.stop_after_roi,
                "end the run after the simulated region (no native continuation)")
      ->needs(config);
  cmd->add_option("--mitigation", o.mitigation,
                  "software mitigation in every training step: none, range, grad_guard or "
                  "range+grad_guard (default none)");
  VcdOutput::add_options(*cmd, o.vcd);
  for (const char* vcd : {"--vcd", "--vcd-start-ns", "--vcd-end-ns"})
    cmd->get_option(vcd)->needs(config);
  cmd->add_flag("--quiet", o.quiet, "no epoch lines on stdout, no progress line on stderr");
  return cmd;
}

int train_command(const TrainOptions& o) {
  if (o.net != "lenet" && o.net != "mlp")
    throw InputError("--net", "", "unknown network \"" + o.net + "\" (expected lenet or mlp)");
  const bool simulated = !o.config.empty();
  const std::string preset = preset_path(o.net, o.preset);
  sw::MitigationConfig mitigation;
  if (!sw::MitigationConfig::parse(o.mitigation, mitigation) || mitigation.rollback)
    throw InputError("--mitigation", o.mitigation,
                     "expected none, range, grad_guard or range+grad_guard (rollback needs the "
                     "step loop of sttvp inject)");

  // A platform config (or, natively, just a workload section) whose workload is this training.
  auto doc = simulated ? ConfigDocument::load(o.config)
                       : ConfigDocument::from_json(Json::object(), "sttvp train");
  doc->json()["workload"] = Json::object();
  put(*doc, "workload.kind", o.net, "--net");
  put(*doc, "workload.preset", preset, "--preset");
  put(*doc, "workload.data", o.data.empty() ? std::string("data/mnist") : o.data, "--data");
  if (o.train_samples) put(*doc, "workload.train_samples", *o.train_samples, "--train-samples");
  if (o.test_samples) put(*doc, "workload.test_samples", *o.test_samples, "--test-samples");
  if (simulated) {
    put(*doc, "workload.start_step", o.roi_start.value_or(0), "--roi-start");
    put(*doc, "workload.steps", o.roi_steps.value_or(0), "--roi-steps");
  }
  for (const auto& s : o.overrides) doc->set(s);
  // Keys that resolve() would drop as another workload kind's, and platform keys when native.
  for (const char* key :
       {"bytes", "passes", "write_fraction", "gap_ns", "trace", "format", "max_access_bytes"}) {
    if (doc->json()["workload"].contains(key))
      throw InputError("--set", std::string("workload.") + key,
                       "unknown key (a " + o.net + " workload has no such key)");
  }
  if (!simulated) {
    for (auto it = doc->json().begin(); it != doc->json().end(); ++it) {
      if (it.key() != "workload" && it.key().rfind('_', 0) != 0)
        throw InputError("--set", it.key(),
                         "unknown key (a native run has only workload keys; simulate with "
                         "--config)");
    }
  }
  if (o.epochs) put(*doc, "workload.training.epochs", *o.epochs, "--epochs");
  if (o.seed) {
    put(*doc, "workload.training.seed", *o.seed, "--seed");
    if (simulated) put(*doc, "sim.seed", *o.seed, "--seed");
  }

  PlatformConfig platform_config;
  WorkloadConfig config;
  if (simulated) {
    platform_config = PlatformConfig::parse(doc);
    config = platform_config.workload;
  } else {
    WorkloadConfig::resolve(*doc);
    ConfigNode root(doc);
    config = WorkloadConfig::parse(root.child("workload"), 1);
    root.finish();
  }
  if (config.kind != o.net)
    throw InputError("--set", "workload.kind", "sttvp train --net " + o.net + " trains " + o.net);

  config.check_region(*doc);
  const std::unique_ptr<sw::TrainingWorkload> workload = WorkloadFactory::create_training(config);
  const std::uint64_t total = workload->total_steps();
  const std::uint64_t roi_end = simulated ? workload->roi_end() : 0;
  const std::uint64_t end = o.stop_after_roi ? roi_end : total;

  std::string out_dir = o.out;
  if (out_dir.empty()) {
    out_dir = "results/train-" + o.net + "-" +
              (names_a_file(o.preset) ? fs::path(o.preset).stem().string() : o.preset);
    if (simulated) out_dir += "-" + platform_config.name;
  }
  // The result folder and the trace are checked, and the folder claimed, before training.
  ResultWriter writer(OutputPath::folder(out_dir, "--out"));
  const VcdOutput vcd(o.vcd);
  writer.claim();

  const sw::TrainerConfig& tc = config.training;
  if (!o.quiet) {
    std::printf("sttvp train: %s, preset %s, %zu/%zu samples, %u epochs of %llu steps, %u share%s",
                o.net.c_str(), preset.c_str(), workload->train_data().size(),
                workload->test_data().size(), tc.epochs,
                static_cast<unsigned long long>(workload->trainer().steps_per_epoch()), tc.shares,
                tc.shares == 1 ? "" : "s");
    if (simulated) {
      std::printf(", steps %llu-%llu simulated on %s (%u core%s)\n",
                  static_cast<unsigned long long>(config.start_step),
                  static_cast<unsigned long long>(roi_end - 1), platform_config.name.c_str(),
                  platform_config.cores.count, platform_config.cores.count == 1 ? "" : "s");
    } else {
      std::printf(", native\n");
    }
    std::fflush(stdout);
  }

  const std::string header = "epoch,loss,train_accuracy,test_accuracy,wall_s,sim_ns\n";
  std::string rows;
  std::unique_ptr<ResumePoint> resume;
  if (!simulated && !mitigation.any()) {
    resume = std::make_unique<ResumePoint>(writer.dir(), doc->json().dump());
    rows = resume->restore(workload->trainer());
    if (!rows.empty() && !o.quiet) {
      std::printf("  resuming after epoch %u (%s)\n", workload->trainer().epoch(),
                  resume->path().c_str());
      std::fflush(stdout);
    }
  }
  ProgressDisplay progress(!o.quiet, simulated ? config.start_step : 0, roi_end);
  workload->set_planned_end(end);
  workload->on_progress([&](const sw::TrainingProgress& p) { progress.update(p); });
  workload->on_epoch([&](const sw::EpochRecord& r) {
    rows += csv_row(r);
    if (resume && workload->trainer().step() < end) resume->save(workload->trainer(), rows);
    if (o.quiet) return;
    progress.clear();
    std::printf("  epoch %-6g loss %.5f  train %s  test %s  %.2f s%s\n", r.epoch, r.loss,
                percent(r.train_accuracy).c_str(), percent(r.test_accuracy).c_str(), r.wall_s,
                r.simulated_steps ? " (simulated steps)" : "");
    std::fflush(stdout);
  });

  // Software mitigations run in every step, native or simulated (their memory traffic is
  // reported to the probe, so simulated steps pay for it).
  sw::Trainer& trainer = workload->trainer();
  std::unique_ptr<sw::RangeRestriction> range;
  std::unique_ptr<sw::GradientGuard> guard;
  sw::HookChain hooks;
  if (mitigation.range_restriction) range = std::make_unique<sw::RangeRestriction>(trainer);
  if (mitigation.gradient_guard) guard = std::make_unique<sw::GradientGuard>(trainer);
  hooks.add(range.get());
  hooks.add(guard.get());
  if (mitigation.any()) trainer.set_hooks(&hooks);

  std::unique_ptr<Platform> platform;
  std::unique_ptr<sw::FlipAttribution> flips;
  if (simulated) {
    platform = std::make_unique<Platform>("platform", platform_config);
    if (vcd.recorder()) platform->set_trace(vcd.recorder());
    // Closed loop: which tensors the LLC's retention flips land in (flips_by_tensor.csv).
    flips = std::make_unique<sw::FlipAttribution>(sw::FlipAttribution::for_training(
        workload->trainer(), workload->train_data(), workload->test_data()));
    platform->llc().set_flip_observer([&](std::uint64_t addr, unsigned bit, bool permanent) {
      flips->record(addr, bit, permanent, workload->trainer().step());
    });
    platform->run(*workload);
  }
  if (o.stop_after_roi)
    workload->close();
  else
    workload->finish();
  progress.clear();

  writer.prepare();
  writer.write("config.json", doc->json().dump(2) + "\n");
  writer.write("train.csv", header + rows);
  const WeightsSummary weights = summarize_weights(workload->trainer());
  writer.write("weights.json", to_json(weights));
  if (mitigation.any()) {
    Json m;
    m["mitigation"] = mitigation.name();
    m["clamped_values"] = range ? Json(range->clamped_total()) : Json(0);
    m["clamped_per_layer"] = range ? Json(range->clamped()) : Json::array();
    m["skipped_steps"] = guard ? guard->skipped_steps() : 0;
    m["first_skipped_step"] = guard ? guard->first_skipped_step() : -1;
    m["host_seconds"] = (range ? range->seconds() : 0) + (guard ? guard->seconds() : 0);
    writer.write("mitigation.json", m.dump(2) + "\n");
  }
  if (platform) {
    writer.write("stats.json", platform->stats().to_json().dump(2) + "\n");
    std::ostringstream stats_csv;
    platform->stats().write_csv(stats_csv);
    writer.write("stats.csv", stats_csv.str());
    writer.write("flips_by_tensor.csv", flips->csv());
  }
  writer.commit();
  if (resume) resume->remove();
  if (platform) vcd.write(static_cast<std::uint64_t>(platform->sim_time_ns() * 1e3), *workload);

  if (!o.quiet) {
    std::printf("  weights         %zu parameters, %llu NaN/Inf, FNV-1a %s\n", weights.parameters,
                static_cast<unsigned long long>(weights.nonfinite), weights.fnv1a.c_str());
    if (mitigation.any())
      std::printf(
          "  mitigation      %s: %llu values clamped, %llu steps skipped, %.2f s "
          "(mitigation.json)\n",
          mitigation.name().c_str(),
          static_cast<unsigned long long>(range ? range->clamped_total() : 0),
          static_cast<unsigned long long>(guard ? guard->skipped_steps() : 0),
          (range ? range->seconds() : 0) + (guard ? guard->seconds() : 0));
    if (platform) {
      // Host time per native step, from the epochs' training time minus the simulated steps.
      double wall = 0;
      std::uint64_t steps = 0;
      for (const sw::EpochRecord& r : workload->history()) {
        wall += r.wall_s;
        steps += r.steps;
      }
      const std::uint64_t sim_steps = workload->simulated_steps();
      const double sim_step_s = sim_steps ? workload->simulated_wall_s() / sim_steps : 0;
      const double native_step_s =
          steps > sim_steps ? (wall - workload->simulated_wall_s()) / (steps - sim_steps) : 0;
      std::printf(
          "  simulated       %llu steps, %.3f us simulated (%.3f us/step), %.2f s wall "
          "(%.1f ms/step",
          static_cast<unsigned long long>(sim_steps), workload->simulated_ns() / 1e3,
          sim_steps ? workload->simulated_ns() / 1e3 / sim_steps : 0.0,
          workload->simulated_wall_s(), 1e3 * sim_step_s);
      if (native_step_s > 0)
        std::printf(", %.0fx the native %.2f ms/step", sim_step_s / native_step_s,
                    1e3 * native_step_s);
      std::printf(")\n");
      std::printf("  retention flips %llu bits applied to the store, %llu outside known buffers\n",
                  static_cast<unsigned long long>(flips->flips()),
                  static_cast<unsigned long long>(flips->unattributed()));
      std::printf(
          "  results         "
          "%s/{train.csv,config.json,weights.json,stats.json,stats.csv,flips_by_tensor.csv}\n",
          out_dir.c_str());
      if (vcd.recorder())
        std::printf("  trace           %s (GTKWave filters .phases, .layers)\n",
                    o.vcd.file.c_str());
    } else {
      std::printf("  results         %s/{train.csv,config.json,weights.json}\n", out_dir.c_str());
    }
  }
  return 0;
}

}  // namespace sttvp
