#include "models/trace/TraceReader.h"

#include <cstdio>

#include "models/common/InputError.h"
#include "models/trace/BinaryTraceReader.h"
#include "models/trace/LackeyTraceReader.h"

namespace sttvp {

namespace {
std::string hex(std::uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}
}  // namespace

std::unique_ptr<TraceReader> TraceReader::open(const std::string& path, TraceFormat format) {
  if (format == TraceFormat::Lackey) return std::make_unique<LackeyTraceReader>(path);
  return std::make_unique<BinaryTraceReader>(path);
}

void TraceReader::out_of_range(const TraceAccess& a, const std::string& where) const {
  fail(where, "access " + hex(a.addr) + "+" + std::to_string(a.size) +
                  " lies outside the simulated memory [" + hex(base_) + ", " + hex(end_) + ")");
}

void TraceReader::fail(const std::string& where, const std::string& message) const {
  throw InputError(in_.path(), where, message);
}

}  // namespace sttvp
