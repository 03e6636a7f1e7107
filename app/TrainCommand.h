// `sttvp train`: trains LeNet-5 or the MLP on an IDX data set, natively or on the simulated
// platform, and writes DIR/train.csv (one row per epoch), DIR/config.json (the resolved config,
// training preset included), DIR/weights.json (parameter count, NaN/Inf parameters, FNV-1a of
// the final parameters' bits) and, when simulating, DIR/stats.json, DIR/stats.csv and
// DIR/flips_by_tensor.csv.
//
//   sttvp train --net lenet|mlp [--preset NAME] [--epochs N] [--train-samples N]
//               [--test-samples N] [--native | --config PLATFORM.json] [--set KEY=VALUE]...
//               [--seed N] [--data DIR] [--out DIR] [--roi-start S] [--roi-steps K]
//               [--stop-after-roi] [--vcd FILE [--vcd-start-ns T] [--vcd-end-ns T]] [--quiet]
//
// The config it builds is a platform config whose workload is `{kind: NET, preset: ...}` (only
// that workload section when native), so --set takes the same key paths as `sttvp run`:
// --set workload.training.optimizer.alpha=0.002, --set cores.count=1. With --config, steps
// [S, S + K) run on the simulated cores (all steps by default), the others natively; training then
// continues natively to the end of its epochs unless --stop-after-roi.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/VcdOutput.h"

namespace CLI {
class App;
}

namespace sttvp {

struct TrainOptions {
  std::string net;
  std::string preset = "default";  // NAME (configs/training/NET-NAME.json) or a path
  std::optional<std::uint64_t> epochs;
  std::optional<std::uint64_t> train_samples;
  std::optional<std::uint64_t> test_samples;
  bool native = false;
  std::string config;  // platform config: simulate
  std::vector<std::string> overrides;
  std::optional<std::uint64_t> seed;
  std::string data;  // empty: data/mnist
  std::string out;   // empty: results/train-NET-PRESET[-PLATFORM]
  std::optional<std::uint64_t> roi_start;
  std::optional<std::uint64_t> roi_steps;
  bool stop_after_roi = false;
  std::string mitigation = "none";  // software mitigation: range, grad_guard, range+grad_guard
  VcdOptions vcd;                   // with --config: a VCD trace of the simulated steps
  bool quiet = false;
};

// Registers `train` on the command line.
CLI::App* add_train_command(CLI::App& app, TrainOptions& options);

// Returns the exit status. Throws InputError for bad input (before anything is written).
int train_command(const TrainOptions& options);

}  // namespace sttvp
