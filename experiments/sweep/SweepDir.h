// The folder of a sweep and what its files mean:
//
//   DIR/sweep.json           the expanded job list (written before any job runs)
//   DIR/sweep.log            what each `sttvp sweep` invocation did (appended)
//   DIR/sweep.sbatch         the Slurm batch script (--slurm)
//   DIR/results.csv          written by `sttvp sweep collect`, with DIR/results_units.csv
//   DIR/jobs/<id>/args       the job's sttvp arguments, one per line
//   DIR/jobs/<id>/log.txt    the job's stdout and stderr
//   DIR/jobs/<id>/exit_status  the job's exit status, written when it ends
//   DIR/jobs/<id>/{config,stats}.json, stats.csv   the results of `sttvp run`
//
// A job is done when its stats.json is complete: `sttvp run` writes it under a temporary name and
// renames it into place, so its presence means the run finished. A job that ended without one is
// failed; any other is missing (never started, still running, or killed).
#pragma once

#include <string>
#include <vector>

namespace sttvp {

class SweepDir {
 public:
  enum class State { done, failed, missing };

  explicit SweepDir(std::string root);

  const std::string& root() const { return root_; }
  std::string path(const std::string& name) const;  // DIR/name
  std::string job_dir(const std::string& id) const;
  std::string job_file(const std::string& id, const std::string& name) const;

  State state(const std::string& id) const;
  bool done(const std::string& id) const { return state(id) == State::done; }
  static const char* state_name(State s);

  // Creates DIR and DIR/jobs; throws std::runtime_error when it cannot.
  void create() const;
  // Gives an unfinished job a clean folder holding only its args file (one argument per line),
  // so that nothing from an earlier attempt is mistaken for this one's output. A done job is
  // never touched.
  void prepare_job(const std::string& id, const std::vector<std::string>& args) const;
  void record_exit(const std::string& id, int status) const;
  void append_log(const std::string& line) const;

  // The whole file into `text`; false if it cannot be read.
  static bool read_file(const std::string& file, std::string& text);
  // Writes `content` to `file` under a temporary name and renames it into place.
  static void write_atomically(const std::string& file, const std::string& content);

 private:
  std::string root_;
};

}  // namespace sttvp
