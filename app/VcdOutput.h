// The VCD trace that `run` and `train` write on request (--vcd FILE, --vcd-start-ns,
// --vcd-end-ns): options, checked before the run; the recorder the platform reports to; and, after
// the run, FILE with two GTKWave translate filter files that give the cores' phase and layer
// signals their names (FILE.phases, FILE.layers: "01 forward", "00 L0 conv"; in GTKWave, select
// the signals, then Edit > Data Format > Translate Filter File).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/common/TraceRecorder.h"
#include "sw/workload/Executor.h"

namespace CLI {
class App;
}

namespace sttvp {

struct VcdOptions {
  std::string file;     // empty: no trace
  double start_ns = 0;  // the window of simulated time recorded
  double end_ns = -1;   // negative: to the end
  std::size_t max_changes = 20'000'000;
};

class VcdOutput {
 public:
  static void add_options(CLI::App& command, VcdOptions& options);

  // Checks the options and FILE's place (InputError); records nothing without --vcd.
  explicit VcdOutput(const VcdOptions& options);

  // The recorder to give the platform; nullptr without --vcd.
  TraceRecorder* recorder() const { return recorder_.get(); }
  // Writes FILE, ending at `end_ps`, and its filters, with the layers of `workload` (a training
  // workload's network; none for the others). Warns when the trace was cut short or its window
  // starts after the end.
  void write(std::uint64_t end_ps, const sw::Workload& workload) const;

 private:
  VcdOptions options_;
  std::string file_;  // with a symbolic link resolved
  std::unique_ptr<TraceRecorder> recorder_;
};

}  // namespace sttvp
