// Writer of the sttvp binary trace format (models/trace/BinaryTraceFormat.h).
//
// The file appears only when it is complete: records go to "FILE.partial", which finish()
// completes with the end record and renames to FILE; a writer destroyed without finish() (an
// error while converting) removes it, leaving nothing behind. The path "-" writes to standard
// output, as it comes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/trace/TraceAccess.h"

namespace sttvp {

class BinaryTraceWriter {
 public:
  // Throws std::runtime_error if the file cannot be created.
  explicit BinaryTraceWriter(std::string path);
  ~BinaryTraceWriter();
  BinaryTraceWriter(const BinaryTraceWriter&) = delete;
  BinaryTraceWriter& operator=(const BinaryTraceWriter&) = delete;

  void write(const TraceAccess& a) {
    if (buffer_.size() - used_ < kSlack) flush();
    encode(a);
  }
  // Writes the end record and moves the file into place; returns the file's size in bytes.
  std::uint64_t finish();
  std::uint64_t records() const { return records_; }

 private:
  static constexpr std::size_t kSlack = 32;  // room for the longest record
  void encode(const TraceAccess& a);
  void flush();

  std::string path_, partial_;
  int fd_ = -1;
  std::vector<unsigned char> buffer_;
  std::size_t used_ = 0;
  std::uint64_t records_ = 0, bytes_ = 0;
  std::uint64_t fetch_end_ = 0, data_end_ = 0;
};

}  // namespace sttvp
