// The `workload` section of a platform config: what the simulated cores run.
//
//   stream        synthetic sweeps over a buffer (bytes, passes, write_fraction, gap_ns)
//   lenet | mlp   a training run (sw::TrainingWorkload): a preset from configs/training/ named by
//                 `preset` (path relative to the file that sets it), overridden key by key by the
//                 `training` section; the data set folder `data`; the first `train_samples` /
//                 `test_samples` of each split (0: all); and the simulated region, steps
//                 [start_step, start_step + steps) (steps = 0: to the end of training).
//   trace         replay of a memory-access trace (platform/TraceWorkload): the file `trace`
//                 (relative to the file that names it; "-": standard input) in `format` lackey
//                 or bin; accesses longer than `max_access_bytes` are cut to it (0: never).
//
// resolve() runs on the raw document before parsing: it merges the preset into
// workload.training (so the resolved config written next to the results holds every training
// value and no longer needs the preset file, which it names in `_preset`), and drops keys of
// another workload kind inherited from an included file, so that a config including
// skylake-sram.json (a stream) can switch to `kind: lenet` without repeating the platform.
#pragma once

#include <cstdint>
#include <string>

#include "models/common/ConfigNode.h"
#include "models/trace/TraceAccess.h"
#include "sw/train/TrainerConfig.h"

namespace sttvp {

struct WorkloadConfig {
  std::string kind = "stream";
  std::uint64_t bytes = 0;    // stream: buffer size
  std::uint64_t passes = 1;   // stream: sweeps over the buffer
  double write_fraction = 0;  // stream: fraction of lines also written
  double gap_ns = 0;          // stream: idle time between passes

  std::string preset;               // training: the preset file read ("" if none)
  sw::TrainerConfig training;       // training: preset merged with workload.training
  std::string data = "data/mnist";  // training: IDX folder, relative to the working directory
  std::uint64_t train_samples = 0;  // training: first N training samples (0: all)
  std::uint64_t test_samples = 0;   // training: first N test samples (0: all)
  std::uint64_t start_step = 0;     // training: first simulated minibatch
  std::uint64_t steps = 0;          // training: simulated minibatches (0: to the end)

  std::string trace;                         // trace: the trace file
  TraceFormat format = TraceFormat::Lackey;  // trace: lackey | bin
  std::uint32_t max_access_bytes = 0;        // trace: longer accesses are cut to this (0: never)

  bool is_training() const { return kind == "lenet" || kind == "mlp"; }
  bool is_trace() const { return kind == "trace"; }

  // Training: the simulated region must lie inside the training, and train_samples inside the
  // data set, which is counted from its labels file (an unreadable data set is left to the
  // loader's errors). Throws InputError naming the key and whoever set it, before anything runs:
  // `sttvp run`, `train` and the study's plan call it.
  void check_region(const ConfigDocument& doc) const;

  static void resolve(ConfigDocument& doc);
  // Parses the section (after resolve) and finishes it. `default_shares` is the training's
  // default share count (one per core).
  static WorkloadConfig parse(ConfigNode node, unsigned default_shares);
};

}  // namespace sttvp
