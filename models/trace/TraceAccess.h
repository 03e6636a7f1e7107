// One memory access of a trace, and the trace file formats sttvp reads.
//
// A trace is the access stream of one thread as a tracer saw it: instruction fetches, loads,
// stores and modifies (a load and a store of the same bytes by one instruction), each with its
// byte address and size. How the accesses become cache-line traffic is the core's business
// (models/core/Core); how the trace maps onto the core is the replay driver's
// (platform/TraceWorkload).
#pragma once

#include <cstdint>
#include <string>

#include "models/common/EnumTable.h"

namespace sttvp {

enum class AccessKind : std::uint8_t { Fetch = 0, Load = 1, Store = 2, Modify = 3 };

struct TraceAccess {
  std::uint64_t addr = 0;
  std::uint32_t size = 0;  // bytes, >= 1; addr + size never wraps around 2^64
  AccessKind kind = AccessKind::Load;
};

// Largest access a trace may describe. Valgrind reports at most 512 bytes (an FXSAVE); a bigger
// size is taken to be a corrupted record.
inline constexpr std::uint32_t kMaxTraceAccessBytes = 65536;

enum class TraceFormat { Lackey, Binary };

// The formats by their names in configs and on the command line.
inline constexpr EnumTable<TraceFormat, 2> kTraceFormats{
    {{{TraceFormat::Lackey, "lackey"}, {TraceFormat::Binary, "bin"}}}};

// "lackey" or "bin"; anything else returns false.
inline bool parse_trace_format(const std::string& name, TraceFormat& format) {
  return kTraceFormats.parse(name, format);
}

}  // namespace sttvp
