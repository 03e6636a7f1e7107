// Reader of Valgrind Lackey memory traces (`valgrind --tool=lackey --trace-mem=yes`):
//
//   I  04016b70,3        instruction fetch: hexadecimal address, decimal size in bytes
//    L 1ffefffb48,8      load
//    S 1ffefffb40,8      store
//    M 0404e0a8,4        modify: a load and a store of the same bytes by one instruction
//   ==12345== ...        Valgrind's own messages (also --12345-- and **12345**): skipped
//
// Leading and trailing blanks and blank lines are accepted; anything else is an error naming the
// line. Lines are parsed in place from the input buffer (no allocation per line).
#pragma once

#include <cstdint>
#include <string>

#include "models/trace/TraceReader.h"

namespace sttvp {

class LackeyTraceReader final : public TraceReader {
 public:
  // A text line longer than this is taken for a corrupted or binary file.
  static constexpr std::size_t kMaxLineBytes = 4096;

  explicit LackeyTraceReader(const std::string& path) : TraceReader(path) {}
  std::size_t read(TraceAccess* out, std::size_t max) override;
  // Lines consumed so far.
  std::uint64_t lines() const { return line_; }

 private:
  // Parses one line without its newline; returns false for a line that holds no access.
  bool parse_line(const char* p, const char* end, TraceAccess& a) const;
  [[noreturn]] void fail_line(const std::string& message) const;

  std::uint64_t line_ = 0;
};

}  // namespace sttvp
