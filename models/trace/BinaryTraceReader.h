// Reader of the sttvp binary trace format (models/trace/BinaryTraceFormat.h). Errors name the
// byte offset of the record (or header field) that is wrong.
#pragma once

#include <cstdint>
#include <string>

#include "models/trace/TraceReader.h"

namespace sttvp {

class BinaryTraceReader final : public TraceReader {
 public:
  // Reads and checks the header; throws InputError if it is wrong.
  explicit BinaryTraceReader(const std::string& path);
  std::size_t read(TraceAccess* out, std::size_t max) override;

 private:
  // Decodes a varint at `p` (at most `avail` bytes); returns bytes used. `record` locates errors.
  unsigned varint(const unsigned char* p, std::size_t avail, std::uint64_t& value,
                  std::uint64_t record) const;
  void finish(std::uint64_t record);
  [[noreturn]] void fail_at(std::uint64_t offset, const std::string& message) const;

  std::uint64_t fetch_end_ = 0;  // where the previous instruction fetch ended
  std::uint64_t data_end_ = 0;   // where the previous data access ended
  bool done_ = false;
};

}  // namespace sttvp
