#include "platform/WorkloadFactory.h"

#include <systemc>

#include "platform/TraceWorkload.h"
#include "sw/workload/StreamWorkload.h"

namespace sttvp {

std::unique_ptr<sw::Workload> WorkloadFactory::create(const PlatformConfig& config) {
  const WorkloadConfig& w = config.workload;
  if (w.is_training()) return create_training(w);
  if (w.is_trace())
    return std::make_unique<TraceWorkload>(w, config.dram.base, config.dram.size_bytes);
  return std::make_unique<sw::StreamWorkload>(
      sw::StreamParams{w.bytes, w.passes, w.write_fraction, w.gap_ns});
}

std::unique_ptr<sw::TrainingWorkload> WorkloadFactory::create_training(
    const WorkloadConfig& config) {
  sw::TrainingData train = sw::TrainingWorkload::load(config.data, sw::Dataset::Split::Train,
                                                      config.training, config.train_samples);
  sw::TrainingData test = sw::TrainingWorkload::load(config.data, sw::Dataset::Split::Test,
                                                     config.training, config.test_samples);
  auto workload =
      std::make_unique<sw::TrainingWorkload>(config.training, std::move(train), std::move(test),
                                             sw::RegionOfInterest{config.start_step, config.steps});
  // Read on the driver core between fork-join regions, when every core is synchronised.
  workload->set_sim_clock([] { return sc_core::sc_time_stamp().to_seconds() * 1e9; });
  return workload;
}

}  // namespace sttvp
