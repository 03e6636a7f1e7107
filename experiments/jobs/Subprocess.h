// Starting other programs without a shell: the sweep's jobs (sttvp run) and Slurm's commands.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace sttvp {

class Subprocess {
 public:
  struct Output {
    int status = -1;  // see exit_status()
    std::string out, err;
  };

  // Starts argv[0] (looked up in PATH when it holds no '/') with stdin from /dev/null and
  // stdout + stderr appended to `log`, in a process group of its own (so a terminal's Ctrl-C
  // reaches only the sweep, which then ends its children itself) and set to receive SIGTERM if
  // the sweep dies. If exec fails, the child writes why to the log and exits with 127.
  // Throws std::runtime_error when it cannot fork.
  static pid_t spawn(const std::vector<std::string>& argv, const std::string& log);

  // Runs argv to completion and captures its stdout and stderr. A program that cannot be
  // started gives status 127 and the reason in `err`.
  static Output capture(const std::vector<std::string>& argv);

  // A waitpid() status as a shell reports it: the exit code, or 128 + the signal number.
  static int exit_status(int wait_status);
};

}  // namespace sttvp
