// Writer of the sttvp binary trace format (models/trace/BinaryTraceFormat.h).
//
// The file appears only when it is complete (models/trace/PartialFile): finish() writes the end
// record and moves it into place; a writer destroyed without finish() (an error while
// converting) leaves nothing behind.
#pragma once

#include <cstdint>
#include <string>

#include "models/trace/BinaryTraceFormat.h"
#include "models/trace/PartialFile.h"
#include "models/trace/TraceAccess.h"

namespace sttvp {

class BinaryTraceWriter {
 public:
  // Throws std::runtime_error if the file cannot be created.
  explicit BinaryTraceWriter(std::string path);

  void write(const TraceAccess& a) {
    file_.wrote(encode(file_.room(bintrace::kMaxRecordBytes), a));
  }
  // Writes the end record and moves the file into place; returns the file's size in bytes.
  std::uint64_t finish();
  std::uint64_t records() const { return records_; }

 private:
  // Writes the record of `a` at `p`; returns its bytes.
  unsigned encode(unsigned char* p, const TraceAccess& a);

  PartialFile file_;
  std::uint64_t records_ = 0;
  std::uint64_t fetch_end_ = 0, data_end_ = 0;
};

}  // namespace sttvp
