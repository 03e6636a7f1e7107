// `sttvp trace-convert --in FILE --from lackey|bin --out FILE [--to bin|lackey] [--quiet]`:
// converts a memory-access trace between Valgrind Lackey text and sttvp's binary format
// (models/trace/BinaryTraceFormat.h), streaming: neither file is ever held in memory. The output
// appears only when complete; a malformed input record is an input error (exit 2) that leaves
// no output behind.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace sttvp {

struct TraceConvertOptions {
  std::string in;  // "-": standard input
  std::string from = "lackey";
  std::string out;
  std::string to = "bin";
  bool quiet = false;
};

// Registers `trace-convert` on the command line.
CLI::App* add_trace_convert_command(CLI::App& app, TraceConvertOptions& options);

// Returns the process exit status. Throws InputError for a malformed input trace.
int trace_convert_command(const TraceConvertOptions& options);

}  // namespace sttvp
