// Streaming reader of a memory-access trace. Subclasses parse one format; open() picks one.
//
// Records are delivered in batches (one virtual call per batch, not per record). Every malformed
// record is an InputError naming the file and the record's place: "line N" for text formats,
// "offset N" (bytes from the start of the file) for binary ones. The message is one line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "models/trace/TraceAccess.h"
#include "models/trace/TraceInput.h"

namespace sttvp {

class TraceReader {
 public:
  explicit TraceReader(const std::string& path) : in_(path) {}
  virtual ~TraceReader() = default;
  TraceReader(const TraceReader&) = delete;
  TraceReader& operator=(const TraceReader&) = delete;

  // Opens `path` ("-": standard input) in `format`. Throws InputError if it cannot be opened or,
  // for the binary format, if its header is wrong.
  static std::unique_ptr<TraceReader> open(const std::string& path, TraceFormat format);

  // Accesses outside [base, end) become input errors at the record that makes them (a replay
  // must not reach memory the platform does not simulate). Default: the whole 64-bit space.
  void restrict_addresses(std::uint64_t base, std::uint64_t end) {
    base_ = base;
    end_ = end;
    restricted_ = true;
  }

  // Reads up to `max` records into `out`; returns how many, 0 once the trace is over.
  virtual std::size_t read(TraceAccess* out, std::size_t max) = 0;

  const std::string& path() const { return in_.path(); }
  // Records delivered so far.
  std::uint64_t records() const { return records_; }
  // Bytes of the file consumed so far.
  std::uint64_t bytes_read() const { return in_.offset(); }

 protected:
  // Throws unless [addr, addr + size) lies inside the allowed range; `where` locates the record
  // (only built when needed). Readers have already rejected accesses that wrap around 2^64.
  template <typename Where>
  void check_range(const TraceAccess& a, Where&& where) const {
    if (restricted_ && (a.addr < base_ || a.addr + a.size > end_)) out_of_range(a, where());
  }
  [[noreturn]] void fail(const std::string& where, const std::string& message) const;
  [[noreturn]] void out_of_range(const TraceAccess& a, const std::string& where) const;

  TraceInput in_;
  std::uint64_t records_ = 0;

 private:
  bool restricted_ = false;
  std::uint64_t base_ = 0, end_ = 0;
};

}  // namespace sttvp
