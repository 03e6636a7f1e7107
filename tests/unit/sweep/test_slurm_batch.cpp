// The Slurm batch script of a sweep (submission itself is covered by the system test that
// starts a real single-node Slurm).
#include <gtest/gtest.h>

#include "experiments/sweep/SlurmBatch.h"

namespace sttvp {
namespace {

SlurmBatch::Options options() {
  return {"ways", "/data/sweep dir", "/opt/sttvp/bin/sttvp", {"--time=00:05:00", "--qos=low"}};
}

TEST(SlurmBatch, ScriptIsAnArrayOverTheGivenJobs) {
  const std::string s =
      SlurmBatch::script(options(), {"0001-aaaaaaaa", "0004-bbbbbbbb", "0005-cccccccc"});
  EXPECT_EQ(s.rfind("#!/bin/bash\n", 0), 0u) << "sbatch needs a shebang";
  EXPECT_NE(s.find("\n#SBATCH --array=0-2\n"), std::string::npos);
  EXPECT_NE(s.find("\n#SBATCH --job-name=sttvp-ways\n"), std::string::npos);
  EXPECT_NE(s.find("\n#SBATCH --output=/data/sweep dir/slurm/%A_%a.out\n"), std::string::npos);
  EXPECT_NE(s.find("\n#SBATCH --time=00:05:00\n#SBATCH --qos=low\n"), std::string::npos);
  // Task i maps to the i-th id, in order.
  EXPECT_NE(s.find("ids=(\n  0001-aaaaaaaa\n  0004-bbbbbbbb\n  0005-cccccccc\n)\n"),
            std::string::npos);
  EXPECT_NE(s.find("job='/data/sweep dir'/jobs/$id\n"), std::string::npos);
  EXPECT_NE(s.find("mapfile -t args < \"$job/args\""), std::string::npos);
  EXPECT_NE(s.find("'/opt/sttvp/bin/sttvp' \"${args[@]}\" > \"$job/log.txt\" 2>&1"),
            std::string::npos);
  EXPECT_NE(s.find("> \"$job/exit_status\""), std::string::npos);
  // #SBATCH lines are only read before the first command.
  EXPECT_LT(s.rfind("#SBATCH"), s.find("set -u"));
}

TEST(SlurmBatch, OneJobIsAnArrayOfOne) {
  EXPECT_NE(SlurmBatch::script(options(), {"0000-00000000"}).find("--array=0-0\n"),
            std::string::npos);
  EXPECT_THROW(SlurmBatch::script(options(), {}), std::logic_error);
}

TEST(SlurmBatch, QuotesForBash) {
  EXPECT_EQ(SlurmBatch::quote("plain"), "'plain'");
  EXPECT_EQ(SlurmBatch::quote("it's $HOME"), "'it'\\''s $HOME'");
}

}  // namespace
}  // namespace sttvp
