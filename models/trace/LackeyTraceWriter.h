// Writes accesses as a Valgrind Lackey trace (the text LackeyTraceReader reads), for inspecting
// binary traces and for round trips. Like BinaryTraceWriter, the file appears only on finish()
// ("-": standard output, as it comes).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/trace/TraceAccess.h"

namespace sttvp {

class LackeyTraceWriter {
 public:
  // Throws std::runtime_error if the file cannot be created.
  explicit LackeyTraceWriter(std::string path);
  ~LackeyTraceWriter();
  LackeyTraceWriter(const LackeyTraceWriter&) = delete;
  LackeyTraceWriter& operator=(const LackeyTraceWriter&) = delete;

  void write(const TraceAccess& a);
  // Moves the file into place; returns its size in bytes.
  std::uint64_t finish();
  std::uint64_t records() const { return records_; }

 private:
  void flush();

  std::string path_, partial_;
  int fd_ = -1;
  std::vector<char> buffer_;
  std::size_t used_ = 0;
  std::uint64_t records_ = 0, bytes_ = 0;
};

}  // namespace sttvp
