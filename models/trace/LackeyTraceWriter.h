// Writes accesses as a Valgrind Lackey trace (the text LackeyTraceReader reads), for inspecting
// binary traces and for round trips. Like BinaryTraceWriter, the file appears only on finish()
// (models/trace/PartialFile).
#pragma once

#include <cstdint>
#include <string>

#include "models/trace/PartialFile.h"
#include "models/trace/TraceAccess.h"

namespace sttvp {

class LackeyTraceWriter {
 public:
  // Throws std::runtime_error if the file cannot be created.
  explicit LackeyTraceWriter(std::string path) : file_(std::move(path)) {}

  void write(const TraceAccess& a);
  // Moves the file into place; returns its size in bytes.
  std::uint64_t finish() { return file_.finish(); }
  std::uint64_t records() const { return records_; }

 private:
  PartialFile file_;
  std::uint64_t records_ = 0;
};

}  // namespace sttvp
