#include "experiments/sweep/SlurmBatch.h"

#include <stdexcept>

#include "experiments/jobs/Subprocess.h"

namespace sttvp {

namespace {

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  std::size_t start = 0;
  while (start < s.size() && (s[start] == ' ' || s[start] == '\n')) ++start;
  return s.substr(start);
}

// The last non-empty line of a program's output: Slurm's tools end with the line that matters
// ("fatal: ...") after lines of retries.
std::string last_line(const std::string& text) {
  const std::string t = trim(text);
  const auto nl = t.rfind('\n');
  return nl == std::string::npos ? t : trim(t.substr(nl + 1));
}

}  // namespace

std::string SlurmBatch::quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

std::string SlurmBatch::script(const Options& o, const std::vector<std::string>& ids) {
  if (ids.empty()) throw std::logic_error("SlurmBatch::script: no jobs");
  std::string s = "#!/bin/bash\n";
  s += "# sttvp sweep \"" + o.name + "\": " + std::to_string(ids.size()) +
       " unfinished job(s) of " + o.sweep_dir + "/sweep.json as a Slurm job array.\n";
  s += "# Written by `sttvp sweep --slurm`; task i runs the i-th job id listed below.\n";
  s += "#SBATCH --job-name=sttvp-" + o.name + "\n";
  s += "#SBATCH --array=0-" + std::to_string(ids.size() - 1) + "\n";
  s += "#SBATCH --output=" + o.sweep_dir + "/slurm/%A_%a.out\n";
  s += "#SBATCH --ntasks=1\n";
  s += "#SBATCH --cpus-per-task=1\n";
  for (const auto& a : o.sbatch_args) s += "#SBATCH " + a + "\n";
  s += "set -u\n";
  s += "ids=(\n";
  for (const auto& id : ids) s += "  " + id + "\n";
  s += ")\n";
  s += "id=${ids[$SLURM_ARRAY_TASK_ID]}\n";
  s += "job=" + quote(o.sweep_dir) + "/jobs/$id\n";
  s += "if [[ -s \"$job/stats.json\" ]]; then\n";
  s += "  echo \"job $id already done, skipped\"\n";
  s += "  exit 0\n";
  s += "fi\n";
  s += "rm -f \"$job/exit_status\"\n";
  s += "mapfile -t args < \"$job/args\"\n";
  s += quote(o.exe) + " \"${args[@]}\" > \"$job/log.txt\" 2>&1\n";
  s += "status=$?\n";
  s += "echo \"$status\" > \"$job/exit_status\"\n";
  s += "echo \"job $id ended with status $status\"\n";
  s += "exit \"$status\"\n";
  return s;
}

bool SlurmBatch::controller_reachable(std::string& why) {
  const auto r = Subprocess::capture({"scontrol", "ping"});
  if (r.status == 127 && r.out.empty()) {
    why = "scontrol cannot run: is Slurm installed and on PATH?";
    return false;
  }
  if (r.out.find(" is UP") != std::string::npos) return true;
  // "Slurmctld(primary) at HOST is DOWN", or the error that kept scontrol from asking.
  why = "scontrol ping: " + last_line(r.out.find("Slurmctld") != std::string::npos
                                          ? r.out.substr(0, r.out.find('\n'))
                                          : r.err + "\n" + r.out);
  return false;
}

std::string SlurmBatch::submit(const std::string& script_file) {
  const auto r = Subprocess::capture({"sbatch", "--parsable", script_file});
  if (r.status == 127 && r.out.empty())
    throw std::runtime_error("sbatch: cannot run it (is Slurm installed and on PATH?) " +
                             last_line(r.err));
  if (r.status != 0)
    throw std::runtime_error("sbatch failed (status " + std::to_string(r.status) +
                             "): " + last_line(r.err + "\n" + r.out));
  // --parsable prints "<job id>" or "<job id>;<cluster>".
  std::string id = trim(r.out);
  const auto nl = id.rfind('\n');
  if (nl != std::string::npos) id = id.substr(nl + 1);
  id = id.substr(0, id.find(';'));
  if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos)
    throw std::runtime_error("sbatch printed no job id: " + trim(r.out + " " + r.err));
  return id;
}

SlurmBatch::State SlurmBatch::state(const std::string& job_id, std::string& why) {
  const auto r =
      Subprocess::capture({"squeue", "--noheader", "--jobs=" + job_id, "--format=%i %T"});
  if (r.status == 0) return trim(r.out).empty() ? State::ended : State::active;
  // Once the controller has purged the finished job, squeue no longer knows its id.
  if (r.err.find("Invalid job id") != std::string::npos) return State::ended;
  why = last_line(r.err + "\n" + r.out);
  if (why.empty()) why = "squeue exited with status " + std::to_string(r.status);
  return State::unknown;
}

}  // namespace sttvp
