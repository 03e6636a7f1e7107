#include "experiments/study/StudyCommand.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>

#include "experiments/campaign/CampaignSpec.h"
#include "experiments/jobs/Host.h"
#include "experiments/jobs/JobPool.h"
#include "experiments/jobs/PathValidator.h"
#include "experiments/jobs/StatusLine.h"
#include "experiments/jobs/StopSignals.h"
#include "experiments/jobs/SweepProgress.h"
#include "experiments/jobs/UnsignedValidator.h"
#include "experiments/study/StudyPlan.h"
#include "experiments/study/StudyReport.h"
#include "experiments/study/StudySpec.h"
#include "experiments/sweep/SweepDir.h"
#include "models/common/InputError.h"
#include "platform/OutputPath.h"
#include "platform/Provenance.h"
#include "platform/ResultWriter.h"

namespace sttvp {

namespace fs = std::filesystem;

namespace {

// The command line and the fingerprint of what it reads: equal, and the result can be kept.
Json args_json(const StudyRun& r) {
  Json a = Json::object();
  a["args"] = r.args;
  a["fingerprint"] = r.fingerprint;
  return a;
}

// A run finished by an earlier invocation with the same command line and config is not run again.
bool finished(const StudyRun& r) {
  std::string args;
  if (!fs::exists(r.dir + "/" + r.marker) || !SweepDir::read_file(r.dir + "/args.json", args))
    return false;
  try {
    return Json::parse(args) == args_json(r);
  } catch (const Json::exception&) {
    return false;
  }
}

// The number of finished runs of the campaign, for the progress line.
std::size_t campaign_done(const std::string& dir) {
  std::error_code ec;
  std::size_t n = 0;
  for (fs::directory_iterator it(dir + "/runs", ec), end; !ec && it != end; it.increment(ec))
    n += fs::exists(it->path() / "result.json") ? 1 : 0;
  return n;
}

}  // namespace

CLI::App* add_study_command(CLI::App& app, StudyOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "study",
      "run the whole study: Figure 1, Table I, Figure 2, performance and energy, closed "
      "loop; writes a report with tables and figures");
  cmd->add_option("spec", o.spec, "study spec (JSON; default: the embedded default study)");
  CLI::Option* quick = cmd->add_flag("--quick", o.quick, "the spec's quick mode (modes.quick)");
  cmd->add_flag("--full", o.full, "paper scale (the spec's modes.full)")->excludes(quick);
  cmd->add_option("--out", o.out, "output folder (default results/study-<name>[-<mode>])")
      ->check(PathValidator());
  cmd->add_option("--jobs", o.jobs, "runs at a time (default: one per core)")
      ->check(UnsignedValidator(1, 1024));
  cmd->add_flag("--quiet", o.quiet, "no progress line");
  cmd->add_flag("--list", o.list, "print the planned runs and exit");
  return cmd;
}

int study_command(const StudyOptions& o) {
  const std::string mode = o.full ? "full" : o.quick ? "quick" : "";
  const StudySpec spec = StudySpec::load(o.spec, mode);
  const std::string out = OutputPath::folder(
      o.out.empty() ? "results/study-" + spec.name + (mode.empty() ? "" : "-" + mode) : o.out,
      "--out");
  const std::string dir = fs::absolute(out).lexically_normal().string();
  const unsigned slots = o.jobs ? o.jobs : Host::cores();
  const std::vector<StudyRun> runs = StudyPlan::make(spec, dir, slots);

  if (o.list) {
    for (const auto& r : runs) {
      std::cout << r.id;
      for (const auto& a : r.args) std::cout << ' ' << a;
      std::cout << '\n';
    }
    return 0;
  }

  std::error_code ec;
  fs::create_directories(dir + "/runs", ec);
  if (ec) throw std::runtime_error(out + ": cannot create the study folder: " + ec.message());
  ResultWriter(dir).write(Provenance::kFile, Provenance::json());
  StatusLine line("sttvp study", o.quiet);
  const double start = Host::now_seconds();

  // Simulations first (one process each, `slots` at a time), then the campaigns, one after the
  // other, each with a pool of its own.
  std::vector<std::size_t> sims, todo_sims, campaigns;
  std::size_t already = 0;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (runs[i].section == StudyRun::Section::Injection) {
      campaigns.push_back(i);
      continue;
    }
    sims.push_back(i);
    if (finished(runs[i]))
      ++already;
    else
      todo_sims.push_back(i);
  }
  line.say(std::to_string(sims.size()) + " simulations (" + std::to_string(already) +
           " already finished)" +
           (campaigns.empty()
                ? ""
                : " and " + std::to_string(campaigns.size()) + " Figure-2 campaign(s)") +
           ", up to " + std::to_string(slots) + " at a time, in " + out +
           (mode.empty() ? "" : " (" + mode + ")"));

  const std::string exe = Host::self_executable();
  StopSignals signals;
  std::vector<std::string> failed;
  std::vector<double> seconds(runs.size(), 0);
  // Runs `todo` in a pool of `n`; `progress_line` gives the progress text.
  const auto run_pool = [&](const std::vector<std::size_t>& todo, unsigned n,
                            const std::function<std::string()>& progress_line,
                            const std::function<void(bool ok)>& counted) {
    std::vector<JobPool::Task> tasks;
    for (std::size_t i : todo) {
      std::vector<std::string> argv{exe};
      argv.insert(argv.end(), runs[i].args.begin(), runs[i].args.end());
      tasks.push_back({argv, runs[i].dir + "/log.txt"});
    }
    JobPool pool(n, signals);
    JobPool::Hooks hooks;
    hooks.before_start = [&](std::size_t t) {
      const StudyRun& r = runs[todo[t]];
      std::error_code e;
      // A campaign keeps its finished runs; any other run starts from an empty folder.
      if (r.section != StudyRun::Section::Injection) fs::remove_all(r.dir, e);
      fs::create_directories(r.dir, e);
      std::ofstream(r.dir + "/args.json") << args_json(r).dump(1) << "\n";
    };
    hooks.finished = [&](const JobPool::Finished& f) {
      const StudyRun& r = runs[todo[f.task]];
      seconds[todo[f.task]] = f.seconds;
      const bool ok = f.status == 0 && fs::exists(r.dir + "/" + r.marker);
      counted(ok);
      if (ok) {
        line.progress(progress_line() + " | " + r.id, true);
      } else {
        failed.push_back(r.id);
        line.say(r.id + " FAILED with status " + std::to_string(f.status) + "; see " + r.dir +
                 "/log.txt");
      }
    };
    hooks.tick = [&] { line.progress(progress_line(), false); };
    return pool.run(tasks, hooks);
  };

  SweepProgress sims_progress(sims.size(), already);
  JobPool::Outcome outcome = run_pool(
      todo_sims, slots,
      [&] { return "simulations " + sims_progress.line(Host::now_seconds() - start); },
      [&](bool ok) { ok ? sims_progress.job_done() : sims_progress.job_failed(); });
  for (std::size_t k = 0; k < campaigns.size() && outcome.stop_signal == 0; ++k) {
    const std::size_t i = campaigns[k];
    const StudyRun& c = runs[i];
    const std::size_t total = CampaignSpec::load(spec.injection.campaigns[k].file).expand().size();
    const double camp_start = Host::now_seconds();
    outcome = run_pool(
        {i}, 1,
        [&] {
          return "Figure-2 campaign " + c.point + " " + std::to_string(campaign_done(c.dir)) + "/" +
                 std::to_string(total) + " runs, " +
                 SweepProgress::clock(Host::now_seconds() - camp_start);
        },
        [](bool) {});
  }
  line.clear();
  if (outcome.stop_signal != 0) {
    line.say("interrupted; finished runs are kept: run the same command again to resume");
    return 128 + outcome.stop_signal;
  }
  if (!failed.empty()) {
    line.say(std::to_string(failed.size()) +
             " run(s) failed (see their log.txt); no report was written. Run the same command "
             "again to retry them.");
    return 1;
  }

  StudyReport report(spec, runs, dir);
  report.set_wall_seconds(Host::now_seconds() - start, seconds);
  report.write();
  std::cout << "sttvp study: done in " << SweepProgress::clock(Host::now_seconds() - start)
            << "; report in " << out << "/report.md and, with the figures embedded, " << out
            << "/report.html (the figures, *.png, and the tables, *.csv, are next to it)\n";
  return 0;
}

}  // namespace sttvp
