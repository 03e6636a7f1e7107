// Builds the workload a platform config names (workload.kind): the synthetic stream, a training
// run (LeNet-5 / MLP) whose region of interest runs on the simulated cores, or a trace replay.
#pragma once

#include <memory>

#include "platform/PlatformConfig.h"
#include "sw/workload/Executor.h"
#include "sw/workload/TrainingWorkload.h"

namespace sttvp {

class WorkloadFactory {
 public:
  // Throws InputError for missing or malformed data.
  static std::unique_ptr<sw::Workload> create(const PlatformConfig& config);
  // A training workload (kind lenet or mlp): loads the data and builds the trainer. Its clock
  // reads SystemC simulation time.
  static std::unique_ptr<sw::TrainingWorkload> create_training(const WorkloadConfig& config);
};

}  // namespace sttvp
