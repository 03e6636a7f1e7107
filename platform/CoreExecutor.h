// sw::Executor on the simulated cores: fork-join over the cores in simulated time.
//
// The workload's driver runs on core 0's thread. parallel(body) synchronises core 0, starts
// body(w) on core w (w >= 1) at that same simulated time, runs body(0) on core 0, then waits for
// every core to finish: the region ends at the slowest core's finish time, like a barrier.
// Worker cores inherit core 0's current phase and layer.
#pragma once

#include <vector>

#include "models/core/Core.h"
#include "sw/workload/Executor.h"

namespace sttvp {

class CoreExecutor final : public sw::Executor {
 public:
  explicit CoreExecutor(std::vector<Core*> cores) : cores_(std::move(cores)) {}
  unsigned workers() const override { return static_cast<unsigned>(cores_.size()); }
  void parallel(const std::function<void(unsigned worker)>& body) override;
  // Ends the worker cores' threads; called by the driver when the workload is done.
  void shutdown();

 private:
  std::vector<Core*> cores_;
};

}  // namespace sttvp
