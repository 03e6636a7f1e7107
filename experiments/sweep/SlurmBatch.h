// A sweep as a Slurm job array: the batch script, its submission, and polling until it ends.
//
// Array task i runs the i-th unfinished job: the script maps the task index to a job id and runs
// sttvp with the arguments in DIR/jobs/<id>/args, its output to DIR/jobs/<id>/log.txt, then
// records the exit status. A task whose job is already done (the script resubmitted by hand)
// does nothing. Slurm's own output for each task goes to DIR/slurm/<array id>_<task>.out.
// The sttvp executable and DIR must be reachable at the same paths on the compute nodes.
#pragma once

#include <string>
#include <vector>

namespace sttvp {

class SlurmBatch {
 public:
  struct Options {
    std::string name;                      // the sweep's name; the Slurm job is "sttvp-<name>"
    std::string sweep_dir;                 // absolute
    std::string exe;                       // absolute path of sttvp
    std::vector<std::string> sbatch_args;  // extra #SBATCH lines
  };
  enum class State { active, ended, unknown };

  // The script text; task i runs ids[i]. ids must not be empty.
  static std::string script(const Options& options, const std::vector<std::string>& ids);
  // Whether a Slurm controller answers ("scontrol ping" says UP; it answers at once, where
  // sbatch retries for seconds). `why` gets what was wrong otherwise, on one line.
  static bool controller_reachable(std::string& why);
  // "sbatch --parsable FILE"; returns the job id. Throws std::runtime_error with sbatch's last
  // message line.
  static std::string submit(const std::string& script_file);
  // Whether any task of the job is pending or running, from squeue. `why` gets squeue's message
  // when the answer is unknown (e.g. the controller did not answer).
  static State state(const std::string& job_id, std::string& why);
  // Single quotes for bash.
  static std::string quote(const std::string& text);
};

}  // namespace sttvp
