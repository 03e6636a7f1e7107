// The state of a native training run after a completed epoch, kept beside its result folder
// (DIR.resume) so that an interrupted `sttvp train` resumes from its last completed epoch.
//
// Layout (little-endian): the 8-byte magic "STTVPRS1"; u64 lengths and bytes of the run's key
// (its resolved config: a resume file of another configuration is never used) and of the epoch
// rows written so far (train.csv without its header); u64 step; u64 count and the floats of the
// Checkpoint (parameters and optimizer state, IEEE-754 binary32); u64 FNV-1a of everything
// before it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sttvp::sw {

struct ResumeState {
  std::string key;
  std::string rows;
  std::uint64_t step = 0;
  std::vector<float> values;
};

class ResumeFile {
 public:
  static std::string encode(const ResumeState& state);
  // Throws InputError naming `file` and the byte offset of the first thing that is wrong.
  static ResumeState decode(const std::string& bytes, const std::string& file);
};

}  // namespace sttvp::sw
