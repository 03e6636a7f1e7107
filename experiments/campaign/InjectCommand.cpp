#include "experiments/campaign/InjectCommand.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "experiments/campaign/CampaignReport.h"
#include "experiments/campaign/CampaignSpec.h"
#include "experiments/jobs/Host.h"
#include "experiments/jobs/JobPool.h"
#include "experiments/jobs/PathValidator.h"
#include "experiments/jobs/ProgressDisplay.h"
#include "experiments/jobs/StatusLine.h"
#include "experiments/jobs/StopSignals.h"
#include "experiments/jobs/SweepProgress.h"
#include "experiments/jobs/UnsignedValidator.h"
#include "models/common/InputError.h"
#include "platform/OutputPath.h"
#include "platform/Provenance.h"
#include "platform/ResultWriter.h"
#include "sw/fault/InjectionRun.h"
#include "sw/train/Trainer.h"
#include "sw/workload/Executor.h"
#include "sw/workload/TrainingWorkload.h"

namespace sttvp {

namespace fs = std::filesystem;

namespace {

std::string run_dir(const std::string& dir, const std::string& id) { return dir + "/runs/" + id; }

// A JSON number, or null for NaN and infinities (which JSON cannot hold).
Json real(double v) { return std::isfinite(v) ? Json(v) : Json(); }

Json result_json(const sw::InjectionResult& r) {
  char hash[32];
  std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(r.params_hash));
  Json j = Json::object();
  j["test_accuracy"] = real(r.test_accuracy);
  j["diverged"] = r.diverged;
  j["diverged_step"] = r.diverged_step;
  j["first_nonfinite_step"] = r.first_nonfinite_step;
  j["flips"] = r.flips;
  j["nonfinite_flips"] = r.nonfinite_flips;
  j["restored_flips"] = r.restored_flips;
  j["steps_planned"] = r.steps_planned;
  j["steps_trained"] = r.steps_trained;
  j["nonfinite_samples"] = r.nonfinite_samples;
  j["skipped_steps"] = r.skipped_steps;
  j["rollbacks"] = r.rollbacks;
  j["checkpoints"] = r.checkpoints;
  j["final_loss"] = real(r.final_loss);
  j["final_train_accuracy"] = real(r.final_train_accuracy);
  j["test_nonfinite"] = r.test_nonfinite;
  j["train_seconds"] = r.train_seconds;
  j["mitigation_seconds"] = r.mitigation_seconds;
  j["eval_seconds"] = r.eval_seconds;
  j["params_hash"] = hash;
  Json layers = Json::object();
  layers["flips"] = r.flips_per_layer;
  layers["nonfinite_outputs"] = r.nonfinite_outputs;
  layers["first_nonfinite_output_step"] = r.first_nonfinite_output_step;
  layers["clamped"] = r.clamped;
  j["per_layer"] = layers;
  return j;
}

// The result.json of a finished run, or null.
std::unique_ptr<Json> read_result(const std::string& dir, const std::string& id) {
  std::ifstream in(run_dir(dir, id) + "/result.json");
  if (!in) return nullptr;
  try {
    auto j = std::make_unique<Json>(Json::parse(in));
    if (!j->is_object() || !j->contains("settings") || !j->contains("result")) return nullptr;
    return j;
  } catch (const Json::exception&) {
    return nullptr;
  }
}

int run_one(const InjectOptions& o, const CampaignSpec& spec, const CampaignRun& run,
            const std::string& dir) {
  sw::FlipLog replay;
  if (!o.replay.empty()) replay = sw::FlipLog::load(o.replay);
  const sw::TrainerConfig tc = spec.trainer_config(run.net, run.seed);
  const sw::TrainingData train = sw::TrainingWorkload::load(
      spec.data, sw::Dataset::Split::Train, tc, static_cast<std::size_t>(spec.train_samples));
  const sw::TrainingData test = sw::TrainingWorkload::load(
      spec.data, sw::Dataset::Split::Test, tc, static_cast<std::size_t>(spec.test_samples));
  sw::SerialExecutor executor(tc.shares);
  sw::Trainer trainer(tc, train, test, executor);

  sw::InjectionRunConfig config = spec.run_config(run);
  sw::FlipLog log;
  const bool logging = o.log_flips || spec.log_flips;
  if (logging) config.log = &log;
  if (!o.replay.empty()) config.replay = &replay;
  const std::uint64_t steps = trainer.steps_per_epoch() * tc.epochs;

  ProgressDisplay display(!o.quiet, 0, 0);
  sw::InjectionRun injection(trainer, config);
  const sw::InjectionResult result =
      injection.run(steps, test, [&](std::uint64_t done, std::uint64_t total) {
        sw::TrainingProgress p;
        p.step = done;
        p.total = total;
        p.steps_per_epoch = trainer.steps_per_epoch();
        display.update(p);
      });
  display.clear();

  Json j = Json::object();
  j["id"] = run.id;
  j["settings"] = spec.settings(run);
  j["result"] = result_json(result);
  if (!o.replay.empty()) j["replayed"] = o.replay;
  ResultWriter writer(run_dir(dir, run.id));
  writer.prepare();
  writer.write("result.json", j.dump(2) + "\n");
  if (logging) writer.write("flips.csv", log.csv());
  writer.commit();
  if (!o.quiet) {
    std::printf(
        "sttvp inject: %s: test accuracy %.2f %%, %s, first non-finite step %lld, %llu bit "
        "flips (%llu to NaN/Inf), %llu/%llu steps in %.2f s (%.3f s in mitigations)\n",
        run.id.c_str(), 100 * result.test_accuracy,
        result.diverged ? ("diverged at step " + std::to_string(result.diverged_step)).c_str()
                        : "not diverged",
        static_cast<long long>(result.first_nonfinite_step),
        static_cast<unsigned long long>(result.flips),
        static_cast<unsigned long long>(result.nonfinite_flips),
        static_cast<unsigned long long>(result.steps_trained),
        static_cast<unsigned long long>(result.steps_planned), result.train_seconds,
        result.mitigation_seconds);
    std::printf("  results         %s/{result.json%s}\n", run_dir(dir, run.id).c_str(),
                logging ? ",flips.csv" : "");
  }
  return 0;
}

int run_campaign(const InjectOptions& o, const CampaignSpec& spec,
                 const std::vector<CampaignRun>& runs, const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir + "/runs", ec);
  if (ec) throw std::runtime_error(dir + ": cannot create the campaign folder: " + ec.message());
  const std::string abs_dir = fs::absolute(dir).lexically_normal().string();
  const std::string abs_spec = fs::absolute(spec.file).lexically_normal().string();

  // The expanded campaign, for the record.
  Json listing = Json::object();
  listing["spec"] = abs_spec;
  listing["name"] = spec.name;
  // The layers of each network, for plots and reports.
  listing["layers"] = Json::object();
  for (const std::string& net : spec.nets) {
    Json layers = Json::array();
    for (const CampaignSpec::LayerInfo& l : spec.layer_info(net))
      layers.push_back({{"type", l.type}, {"inputs", l.inputs}});
    listing["layers"][net] = layers;
  }
  listing["fault"] = {{"timing", sw::kFaultTimings.name(spec.timing)},
                      {"persistence", sw::kFaultPersistences.name(spec.persistence)},
                      {"bits", spec.bits},
                      {"reads", spec.forward_only ? "forward" : "all"},
                      {"rate", sw::kFaultRates.name(spec.rate)}};
  listing["runs"] = Json::array();
  for (const CampaignRun& r : runs) {
    listing["runs"].push_back({{"id", r.id},
                               {"net", r.net},
                               {"layer", r.layer_label()},
                               {"target", r.target_label()},
                               {"p", r.p},
                               {"seed", r.seed},
                               {"mitigation", r.mitigation.name()}});
  }
  ResultWriter files(dir);
  files.write("campaign.json", listing.dump(2) + "\n");
  files.write(Provenance::kFile, Provenance::json());

  // Finished runs (same settings) are kept; the rest run.
  std::vector<Json> settings;
  std::vector<std::size_t> todo;
  std::size_t stale = 0;
  for (const CampaignRun& r : runs) {
    settings.push_back(spec.settings(r));
    const auto done = read_result(dir, r.id);
    if (done && (*done)["settings"] == settings.back()) continue;
    if (done) ++stale;
    todo.push_back(r.index);
  }
  StatusLine out("sttvp inject", o.quiet);
  const unsigned slots = o.jobs ? o.jobs : Host::cores();
  if (!o.quiet) {
    out.say(std::to_string(runs.size()) + " runs, " + std::to_string(runs.size() - todo.size()) +
            " already finished" +
            (stale ? ", " + std::to_string(stale) + " to redo (settings changed)" : "") +
            "; running " + std::to_string(todo.size()) + ", up to " + std::to_string(slots) +
            " at a time, in " + dir);
  }

  const std::string exe = Host::self_executable();
  std::vector<JobPool::Task> tasks;
  for (std::size_t i : todo) {
    tasks.push_back({{exe, "inject", abs_spec, "--out", abs_dir, "--run", runs[i].id, "--quiet"},
                     run_dir(abs_dir, runs[i].id) + "/log.txt"});
  }
  StopSignals signals;
  JobPool pool(slots, signals);
  SweepProgress progress(runs.size(), runs.size() - todo.size());
  const double start = Host::now_seconds();
  std::size_t failed = 0;
  JobPool::Hooks hooks;
  hooks.before_start = [&](std::size_t t) {
    const std::string rd = run_dir(abs_dir, runs[todo[t]].id);
    std::error_code e;
    fs::create_directories(rd, e);
    fs::remove(rd + "/result.json", e);
    fs::remove(rd + "/flips.csv", e);
    fs::remove(rd + "/log.txt", e);
  };
  hooks.finished = [&](const JobPool::Finished& f) {
    const CampaignRun& r = runs[todo[f.task]];
    progress.set_running(pool.running());
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.1f s", f.seconds);
    if (f.status == 0 && read_result(dir, r.id)) {
      progress.job_done();
      out.progress(progress.line(Host::now_seconds() - start) + " | " + r.id + " in " + secs, true);
    } else {
      progress.job_failed();
      ++failed;
      out.say("run " + r.id + " FAILED with status " + std::to_string(f.status) + " after " + secs +
              "; see " + run_dir(dir, r.id) + "/log.txt");
    }
  };
  hooks.tick = [&] {
    progress.set_running(pool.running());
    out.progress(progress.line(Host::now_seconds() - start), false);
  };
  const JobPool::Outcome outcome = pool.run(tasks, hooks);
  out.clear();

  // Everything finished so far, this time or before.
  std::vector<std::unique_ptr<Json>> held;
  std::vector<const Json*> results(runs.size(), nullptr);
  std::size_t finished = 0;
  for (const CampaignRun& r : runs) {
    auto j = read_result(dir, r.id);
    if (!j || (*j)["settings"] != settings[r.index]) continue;
    results[r.index] = j.get();
    held.push_back(std::move(j));
    ++finished;
  }
  const CampaignReport report(spec, runs, results);
  files.write("campaign.csv", report.csv());
  files.write("summary.md", report.summary());

  const std::string elapsed = SweepProgress::clock(Host::now_seconds() - start);
  if (outcome.stop_signal != 0) {
    out.say("interrupted: launched no more runs, terminated " +
            std::to_string(outcome.stopped.size()) + " running; " + std::to_string(finished) + "/" +
            std::to_string(runs.size()) +
            " finished runs kept. Run the same command again "
            "to resume.");
    return 128 + outcome.stop_signal;
  }
  if (!o.quiet || failed > 0) {
    out.say(std::to_string(finished) + "/" + std::to_string(runs.size()) + " runs finished, " +
            std::to_string(failed) + " failed, in " + elapsed + "; results in " + dir +
            "/{campaign.csv,summary.md}");
  }
  return finished == runs.size() ? 0 : 1;
}

}  // namespace

CLI::App* add_inject_command(CLI::App& app, InjectOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "inject", "fault-injection campaign: train with bit flips in chosen layers' tensors");
  cmd->add_option("spec", o.spec, "campaign spec (JSON)")->required();
  cmd->add_option("--out", o.out, "output folder (default results/<spec name>)")
      ->check(PathValidator());
  cmd->add_option("--jobs", o.jobs, "runs at a time (default: one per available core)")
      ->check(UnsignedValidator(1, 1024));
  CLI::Option* run = cmd->add_option("--run", o.run, "run only this run (its id), in this process");
  cmd->add_option("--replay", o.replay, "with --run: apply this flip log instead of sampling")
      ->needs(run);
  cmd->add_flag("--log-flips", o.log_flips, "with --run: write every flip to flips.csv")
      ->needs(run);
  cmd->add_flag("--list", o.list, "print the runs' ids and exit")->excludes(run);
  cmd->add_flag("--quiet", o.quiet, "no progress or messages on stdout/stderr (errors still)");
  return cmd;
}

int inject_command(const InjectOptions& o) {
  const CampaignSpec spec = CampaignSpec::load(o.spec);
  const std::vector<CampaignRun> runs = spec.expand();
  const std::string dir =
      OutputPath::folder(o.out.empty() ? "results/" + spec.name : o.out, "--out");
  if (o.list) {
    for (const CampaignRun& r : runs) std::printf("%s\n", r.id.c_str());
    return 0;
  }
  if (!o.run.empty()) {
    for (const CampaignRun& r : runs)
      if (r.id == o.run) return run_one(o, spec, r, dir);
    throw InputError(
        "--run", o.run,
        "no such run in " + o.spec + " (`sttvp inject " + o.spec + " --list` prints the ids)");
  }
  return run_campaign(o, spec, runs, dir);
}

}  // namespace sttvp
