#include "experiments/sweep/SweepCommand.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "experiments/jobs/Host.h"
#include "experiments/jobs/JobPool.h"
#include "experiments/jobs/NumberValidator.h"
#include "experiments/jobs/PathValidator.h"
#include "experiments/jobs/StatusLine.h"
#include "experiments/jobs/StopSignals.h"
#include "experiments/jobs/SweepProgress.h"
#include "experiments/jobs/UnsignedValidator.h"
#include "experiments/sweep/SlurmBatch.h"
#include "experiments/sweep/SweepCollector.h"
#include "experiments/sweep/SweepDir.h"
#include "experiments/sweep/SweepSpec.h"
#include "models/common/ConfigNode.h"
#include "models/common/InputError.h"
#include "platform/OutputPath.h"
#include "platform/PlatformConfig.h"
#include "platform/Provenance.h"

namespace sttvp {
namespace fs = std::filesystem;

namespace {

// Consecutive squeue failures tolerated while waiting (a busy controller may not answer).
constexpr int kMaxSqueueFailures = 10;

// The message of an InputError without the "file: where: " it starts with.
std::string bare_message(const InputError& e) {
  const std::string what = e.what();
  std::size_t skip = (e.file().empty() ? std::string("<input>") : e.file()).size() + 2;
  if (!e.where().empty()) skip += e.where().size() + 2;
  return skip <= what.size() ? what.substr(skip) : what;
}

std::string describe(const SweepJob& job) {
  std::string s;
  for (const auto& [key, value] : job.grid) s += (s.empty() ? "" : " ") + key + "=" + value.dump();
  if (job.seed) s += (s.empty() ? "" : " ") + std::string("seed=") + std::to_string(*job.seed);
  return s;
}

// Runs each job's config through the same parsing and validation as `sttvp run`, so that a bad
// grid value is reported at once, naming the spec and the value, instead of failing every job
// that uses it.
void check_jobs(const SweepSpec& spec, const std::vector<SweepJob>& jobs) {
  std::shared_ptr<ConfigDocument> base;
  try {
    base = ConfigDocument::load(spec.config);
  } catch (const InputError& e) {
    throw InputError(spec.file, "config", e.what());
  }
  for (const auto& job : jobs) {
    auto doc = std::make_shared<ConfigDocument>(*base);
    const SweepJob::Override* applying = nullptr;
    try {
      for (const auto& o : job.overrides) {
        applying = &o;
        doc->set(o.key + "=" + o.value.dump());
        doc->set_origin(o.key, spec.file);
      }
      applying = nullptr;
      if (job.seed) doc->set("sim.seed=" + std::to_string(*job.seed));
      PlatformConfig::parse(doc);
    } catch (const InputError& e) {
      std::string where = applying ? applying->origin : std::string();
      for (const auto& o : job.overrides)
        if (where.empty() && SweepSpec::overlaps(e.where(), o.key)) where = o.origin;
      if (where.empty()) where = spec.grid.empty() ? "set" : "grid";
      const std::string cause =
          e.file() == spec.file ? e.where() + ": " + bare_message(e) : std::string(e.what());
      throw InputError(spec.file, where, "job " + job.id + " (" + describe(job) + "): " + cause);
    }
  }
}

Json sweep_list(const SweepSpec& spec, const std::vector<SweepJob>& jobs) {
  Json j = Json::object();
  j["name"] = spec.name;
  j["spec"] = fs::absolute(spec.file).lexically_normal().string();
  j["config"] = spec.config;
  Json keys = Json::array();
  for (const auto& axis : spec.grid) keys.push_back(axis.key);
  j["grid_keys"] = std::move(keys);
  Json seeds = Json::array();
  for (auto s : spec.seeds) seeds.push_back(s);
  j["seeds"] = std::move(seeds);
  Json list = Json::array();
  for (const auto& job : jobs) list.push_back(job.to_json());
  j["jobs"] = std::move(list);
  return j;
}

// Messages for the user (stderr) and the sweep's history (DIR/sweep.log), plus the progress
// line, which on a terminal is redrawn in place and elsewhere printed once per event.
class Reporter {
 public:
  explicit Reporter(const SweepDir& dir) : dir_(dir) {}
  void say(const std::string& message) {
    line_.say(message);
    dir_.append_log(message);
  }
  void progress(const std::string& line, bool event) { line_.progress(line, event); }
  void clear() { line_.clear(); }

 private:
  const SweepDir& dir_;
  StatusLine line_{"sttvp sweep", false};
};

// Holds an exclusive lock on DIR/.lock, so two sweeps never run the same folder at once.
class FolderLock {
 public:
  explicit FolderLock(const SweepDir& dir) {
    const std::string file = dir.path(".lock");
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw std::runtime_error(file + ": " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd_);
      throw std::runtime_error(dir.root() + ": another sttvp sweep is running in this folder");
    }
  }
  ~FolderLock() { ::close(fd_); }
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  int fd_ = -1;
};

std::string signal_name(int sig) {
  return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "signal " + std::to_string(sig);
}

void report_collect(Reporter& out, const SweepCollector::Summary& s) {
  out.say(s.csv + ": " + std::to_string(s.jobs) + " job(s): " + std::to_string(s.done) + " done, " +
          std::to_string(s.failed) + " failed, " + std::to_string(s.missing) + " missing; " +
          std::to_string(s.columns) + " columns");
}

// A Slurm array submitted earlier from DIR that is still pending or running would have its job
// folders cleared and its jobs run twice; refuse until it has ended. Without Slurm (squeue
// missing) or with the array gone, there is nothing to protect.
void refuse_if_array_active(const SweepDir& dir) {
  std::ifstream in(dir.path("slurm/job_id"));
  std::string job_id;
  if (!(in >> job_id)) return;
  std::string why;
  if (SlurmBatch::state(job_id, why) == SlurmBatch::State::active)
    throw std::runtime_error(dir.root() + ": Slurm job " + job_id +
                             " from an earlier submission is still pending or running; wait for "
                             "it to end (or `scancel " +
                             job_id + "`) before running this sweep again");
}

int run_local(const SweepOptions& options, const SweepSpec& spec, const SweepDir& dir,
              const std::vector<SweepJob>& todo, std::size_t total, std::size_t skipped,
              Reporter& out) {
  const unsigned slots = options.local ? options.local : Host::cores();
  const std::string exe = Host::self_executable();
  std::vector<JobPool::Task> tasks;
  for (const auto& job : todo) {
    std::vector<std::string> argv{exe};
    for (auto& a : job.run_arguments(spec.config, dir.job_dir(job.id))) argv.push_back(a);
    tasks.push_back({std::move(argv), dir.job_file(job.id, "log.txt")});
  }
  out.say("running " + std::to_string(todo.size()) + " job(s), up to " + std::to_string(slots) +
          " at a time");

  StopSignals signals;
  JobPool pool(slots, signals);
  SweepProgress progress(total, skipped);
  const double start = Host::now_seconds();
  JobPool::Hooks hooks;
  hooks.before_start = [&](std::size_t i) {
    std::vector<std::string> args(tasks[i].argv.begin() + 1, tasks[i].argv.end());
    dir.prepare_job(todo[i].id, args);
  };
  hooks.finished = [&](const JobPool::Finished& f) {
    const SweepJob& job = todo[f.task];
    dir.record_exit(job.id, f.status);
    progress.set_running(pool.running());
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.1f s", f.seconds);
    if (f.status == 0 && dir.done(job.id)) {
      progress.job_done();
      dir.append_log("job " + job.id + " done in " + secs);
      out.progress(progress.line(Host::now_seconds() - start) + " | " + job.id + " done in " + secs,
                   true);
    } else {
      progress.job_failed();
      out.say("job " + job.id + " (" + describe(job) + ") FAILED with status " +
              std::to_string(f.status) + " after " + secs + "; see " +
              dir.job_file(job.id, "log.txt"));
    }
  };
  hooks.tick = [&] {
    progress.set_running(pool.running());
    out.progress(progress.line(Host::now_seconds() - start), false);
  };
  const JobPool::Outcome outcome = pool.run(tasks, hooks);
  out.clear();

  const auto summary = SweepCollector::collect(dir.root());
  if (outcome.stop_signal != 0) {
    out.say("interrupted by " + signal_name(outcome.stop_signal) + ": launched no more jobs, " +
            "terminated " + std::to_string(outcome.stopped.size()) + " running job(s), " +
            std::to_string(outcome.never_started) + " never started; " +
            std::to_string(summary.done) + " finished job(s) kept intact. Run the same command " +
            "again to resume.");
    report_collect(out, summary);
    return 128 + outcome.stop_signal;
  }
  out.say(std::to_string(summary.done) + "/" + std::to_string(total) + " done, " +
          std::to_string(summary.failed) + " failed, in " +
          SweepProgress::clock(Host::now_seconds() - start));
  report_collect(out, summary);
  return summary.done == total ? 0 : 1;
}

int run_slurm(const SweepOptions& options, const SweepSpec& spec, const SweepDir& dir,
              const std::vector<SweepJob>& todo, std::size_t total, std::size_t skipped,
              Reporter& out) {
  SlurmBatch::Options batch{spec.name, dir.root(), Host::self_executable(), spec.sbatch_args};
  for (const auto& a : options.sbatch_args) batch.sbatch_args.push_back(a);
  std::vector<std::string> ids;
  for (const auto& job : todo) {
    dir.prepare_job(job.id, job.run_arguments(spec.config, dir.job_dir(job.id)));
    ids.push_back(job.id);
  }
  std::error_code ec;
  fs::create_directories(dir.path("slurm"), ec);
  const std::string script_file = dir.path("sweep.sbatch");
  SweepDir::write_atomically(script_file, SlurmBatch::script(batch, ids));
  fs::permissions(script_file, fs::perms::owner_exec | fs::perms::group_exec, fs::perm_options::add,
                  ec);
  if (options.dry_run) {
    out.say("wrote " + script_file + " for " + std::to_string(ids.size()) +
            " job(s); not submitted (--dry-run)");
    return 0;
  }
  const std::string job_id = SlurmBatch::submit(script_file);
  SweepDir::write_atomically(dir.path("slurm/job_id"), job_id + "\n");
  std::cout << job_id << std::endl;
  out.say("submitted Slurm job " + job_id + ": array of " + std::to_string(ids.size()) +
          " task(s) from " + script_file);
  if (!options.wait) {
    out.say("follow it with `squeue -j " + job_id +
            "`; collect results with `sttvp sweep collect " + dir.root() + "`");
    return 0;
  }

  StopSignals signals;
  SweepProgress progress(total, skipped);
  const double start = Host::now_seconds();
  int failures = 0;
  std::size_t last_ended = skipped;
  while (true) {
    std::string why;
    const SlurmBatch::State state = SlurmBatch::state(job_id, why);
    std::size_t done = 0, failed = 0;
    for (const auto& job : todo) {
      const auto s = dir.state(job.id);
      done += s == SweepDir::State::done;
      failed += s == SweepDir::State::failed;
    }
    progress.set_counts(skipped + done, failed);
    if (state == SlurmBatch::State::ended) break;
    if (state == SlurmBatch::State::unknown) {
      if (++failures >= kMaxSqueueFailures)
        throw std::runtime_error("squeue failed " + std::to_string(failures) + " times in a row: " +
                                 why + " (Slurm job " + job_id + " may still be running)");
    } else {
      failures = 0;
    }
    const bool changed = progress.done() + progress.failed() != last_ended;
    last_ended = progress.done() + progress.failed();
    out.progress(progress.line(Host::now_seconds() - start), changed);
    signals.wait(options.poll_seconds);
    if (signals.stop_signal() != 0) {
      out.say("stopped waiting (" + signal_name(signals.stop_signal()) + "); Slurm job " + job_id +
              " keeps running: `scancel " + job_id + "` stops it, `sttvp sweep collect " +
              dir.root() + "` gathers what has finished");
      return 128 + signals.stop_signal();
    }
  }
  out.clear();
  const auto summary = SweepCollector::collect(dir.root());
  out.say("Slurm job " + job_id + " ended: " + std::to_string(summary.done) + "/" +
          std::to_string(total) + " done, " + std::to_string(summary.failed) + " failed, " +
          std::to_string(summary.missing) + " missing, after " +
          SweepProgress::clock(Host::now_seconds() - start));
  report_collect(out, summary);
  return summary.done == total ? 0 : 1;
}

}  // namespace

CLI::App* add_sweep_command(CLI::App& app, SweepOptions& o) {
  CLI::App* sweep = app.add_subcommand(
      "sweep", "run a grid of configs here or on Slurm; `sweep collect DIR` merges the results");
  sweep->footer(
      "SPEC (JSON; paths relative to it):\n"
      "  {\"config\": \"../configs/skylake-sram.json\",\n"
      "   \"grid\": {\"llc.ways\": [8, 16], \"workload.write_fraction\": [0, 0.5, 1]},\n"
      "   \"set\": {\"workload.bytes\": 1048576}, \"seeds\": [1, 2],\n"
      "   \"slurm\": {\"sbatch_args\": [\"--time=00:10:00\"]}}\n"
      "Jobs (the cross product, seeds fastest) go to DIR/jobs/<index>-<hash>/, the list to\n"
      "DIR/sweep.json, merged results to DIR/results.csv. Running the same command again skips\n"
      "finished jobs and reruns the others.");
  sweep->require_subcommand(0, 1);
  sweep->add_option("spec", o.spec, "sweep spec (JSON): config, grid, set, seeds, slurm");
  sweep->add_option("--out", o.out, "sweep folder (default results/<spec name>)")
      ->check(PathValidator());
  CLI::Option* local = sweep
                           ->add_option("--local", o.local,
                                        "run the jobs here, N at a time (the default; N "
                                        "defaults to the number of cores)")
                           ->check(UnsignedValidator(1, 1024));
  CLI::Option* slurm =
      sweep->add_flag("--slurm", o.slurm, "submit the unfinished jobs as a Slurm job array");
  local->excludes(slurm);
  sweep
      ->add_option("--sbatch-arg", o.sbatch_args,
                   "extra sbatch option, e.g. --sbatch-arg=--time=10 (repeatable)")
      ->needs(slurm)
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sweep->add_flag("--wait", o.wait, "with --slurm: wait until the job array has ended")
      ->needs(slurm);
  sweep->add_option("--poll", o.poll_seconds, "with --wait: seconds between squeue polls")
      ->check(NumberValidator(0.1, 3600));
  sweep
      ->add_option("--max-jobs", o.max_jobs,
                   "largest grid to run (default 10000; at most 1000000); a larger one is refused")
      ->check(UnsignedValidator(1, 1000000));
  sweep->add_flag("--dry-run", o.dry_run,
                  "write sweep.json (and, with --slurm, the job args and sweep.sbatch); run and "
                  "submit nothing");
  CLI::App* collect = sweep->add_subcommand(
      "collect", "merge the jobs of DIR into DIR/results.csv (also while the sweep runs)");
  collect->add_option("dir", o.collect_dir, "sweep folder")->required();
  return sweep;
}

int sweep_command(const SweepOptions& options) {
  if (!options.collect_dir.empty()) {
    const SweepDir dir(options.collect_dir);
    const auto s = SweepCollector::collect(dir.root());
    std::cerr << "sttvp sweep collect: " << s.csv << ": " << s.jobs << " job(s): " << s.done
              << " done, " << s.failed << " failed, " << s.missing << " missing; " << s.columns
              << " columns\n";
    return 0;
  }
  if (options.spec.empty())
    throw InputError("sweep", "",
                     "expected a SPEC file, or `collect DIR` (see sttvp sweep --help)");
  for (std::size_t i = 0; i < options.sbatch_args.size(); ++i) {
    const std::string& a = options.sbatch_args[i];
    if (a.size() < 2 || a[0] != '-' || a.find('\n') != std::string::npos)
      throw InputError("--sbatch-arg", a,
                       "expected an sbatch option such as --sbatch-arg=--time=10");
  }

  const SweepSpec spec = SweepSpec::load(options.spec);
  if (spec.job_count() > options.max_jobs)
    throw InputError(options.spec, "grid",
                     std::to_string(spec.job_count()) + " jobs, more than --max-jobs " +
                         std::to_string(options.max_jobs) +
                         " (check the grid for a list that is too long, or raise --max-jobs)");
  const std::vector<SweepJob> jobs = spec.expand();
  check_jobs(spec, jobs);

  // Before anything is written: a submission that cannot reach a controller would only fail
  // after preparing every job folder, and sbatch takes seconds to give up.
  std::string why;
  if (options.slurm && !options.dry_run && !SlurmBatch::controller_reachable(why))
    throw std::runtime_error(
        "no Slurm controller is reachable (" + why +
        "); start this machine's with `bash scripts/slurm-local.sh start DIR` and `export "
        "SLURM_CONF=DIR/slurm.conf`, or run the jobs here with --local");
  const std::string out =
      OutputPath::folder(options.out.empty() ? "results/" + spec.name : options.out, "--out");
  const SweepDir dir(fs::absolute(out).lexically_normal().string());
  dir.create();
  FolderLock lock(dir);
  refuse_if_array_active(dir);
  Reporter reporter(dir);
  SweepDir::write_atomically(dir.path("sweep.json"), sweep_list(spec, jobs).dump(2) + "\n");
  SweepDir::write_atomically(dir.path(Provenance::kFile), Provenance::json());

  std::vector<SweepJob> todo;
  std::vector<std::string> skipped;
  for (const auto& job : jobs) {
    if (dir.done(job.id))
      skipped.push_back(job.id);
    else
      todo.push_back(job);
  }
  reporter.say(options.spec + ": " + std::to_string(jobs.size()) + " job(s) into " + dir.root());
  if (!skipped.empty()) {
    std::string list;
    for (std::size_t i = 0; i < skipped.size() && i < 8; ++i) list += " " + skipped[i];
    if (skipped.size() > 8) list += " ...";
    reporter.say("skipped " + std::to_string(skipped.size()) + " finished job(s):" + list);
  }
  if (options.dry_run && !options.slurm) {
    for (const auto& job : todo) std::cout << job.id << "  " << describe(job) << "\n";
    reporter.say("wrote " + dir.path("sweep.json") + "; " + std::to_string(todo.size()) +
                 " job(s) to run; ran nothing (--dry-run)");
    return 0;
  }
  if (todo.empty()) {
    reporter.say("all " + std::to_string(jobs.size()) + " job(s) already done; nothing to run");
    report_collect(reporter, SweepCollector::collect(dir.root()));
    return 0;
  }
  if (options.slurm)
    return run_slurm(options, spec, dir, todo, jobs.size(), skipped.size(), reporter);
  return run_local(options, spec, dir, todo, jobs.size(), skipped.size(), reporter);
}

}  // namespace sttvp
