#include "models/trace/LackeyTraceWriter.h"

#include <cstdio>

namespace sttvp {

void LackeyTraceWriter::write(const TraceAccess& a) {
  // Lackey's own layout: "I  addr,size" and " K addr,size", at least 8 hex digits; a line is at
  // most 3 + 16 + 1 + 5 + 1 characters.
  constexpr std::size_t kLongestLine = 64;
  static const char* prefix[] = {"I  ", " L ", " S ", " M "};
  char* line = reinterpret_cast<char*>(file_.room(kLongestLine));
  const int n =
      std::snprintf(line, kLongestLine, "%s%08llx,%u\n", prefix[static_cast<unsigned>(a.kind)],
                    static_cast<unsigned long long>(a.addr), a.size);
  file_.wrote(static_cast<std::size_t>(n));
  ++records_;
}

}  // namespace sttvp
