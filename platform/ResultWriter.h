// Writes a run's result files so that a reader never sees a partial one: the output folder is
// created only when the results are complete, and each file is written under a temporary name
// and renamed into place.
#pragma once

#include <string>

namespace sttvp {

class ResultWriter {
 public:
  explicit ResultWriter(std::string dir) : dir_(std::move(dir)) {}
  const std::string& dir() const { return dir_; }
  // Creates the folder (and parents) if needed; throws std::runtime_error on failure.
  void prepare() const;
  // Atomically writes `content` to DIR/name.
  void write(const std::string& name, const std::string& content) const;

 private:
  std::string dir_;
};

}  // namespace sttvp
