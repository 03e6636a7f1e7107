// The outputs of a fault-injection campaign, from its runs' result.json files:
//
//   campaign.csv  one row per finished run, in the campaign's order:
//                 net,layer,target,p,seed,mitigation,test_accuracy,diverged,first_nonfinite_step,flips
//                 (a baseline has layer and target `none` and p 0; first_nonfinite_step is -1 when
//                 no loss or layer output was ever NaN/Inf; flips counts the bits flipped)
//   summary.md    per network, target and mitigation: the mean test accuracy over the seeds per
//                 layer and p against the error-free baseline, the runs that diverged, the bits
//                 flipped; and the cost of each mitigation (host time per run).
#pragma once

#include <string>
#include <vector>

#include "experiments/campaign/CampaignSpec.h"
#include "models/common/ConfigNode.h"

namespace sttvp {

class CampaignReport {
 public:
  static constexpr const char* kCsvHeader =
      "net,layer,target,p,seed,mitigation,test_accuracy,diverged,first_nonfinite_step,flips";

  // results[i]: the result.json of runs[i], or null if it has not finished.
  CampaignReport(const CampaignSpec& spec, const std::vector<CampaignRun>& runs,
                 const std::vector<const Json*>& results)
      : spec_(spec), runs_(runs), results_(results) {}

  std::string csv() const;
  std::string summary() const;

 private:
  const CampaignSpec& spec_;
  const std::vector<CampaignRun>& runs_;
  const std::vector<const Json*>& results_;
};

}  // namespace sttvp
