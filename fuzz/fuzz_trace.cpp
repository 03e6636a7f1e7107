// Fuzz target: memory-access traces (models/trace), Valgrind Lackey text or sttvp binary, chosen
// by the build (STTVP_FUZZ_TRACE_FORMAT), read to the end in batches, with an address restriction
// for odd-sized inputs. Success or an InputError naming the file and the line or offset are the
// only acceptable outcomes.
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/FuzzFile.h"
#include "models/common/InputError.h"
#include "models/trace/TraceReader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const FuzzFile file("trace");
  file.write(data, size);
  const sttvp::TraceFormat format = STTVP_FUZZ_TRACE_FORMAT;
  const char* where = format == sttvp::TraceFormat::Lackey ? "line " : "offset ";
  const bool restricted = size % 2 == 1;  // one reader per input: each open costs a 2 MiB buffer
  try {
    auto reader = sttvp::TraceReader::open(file.path(), format);
    if (restricted) reader->restrict_addresses(0x1000, std::uint64_t{1} << 47);
    std::vector<sttvp::TraceAccess> batch(size % 7 + 1);  // vary the batch boundaries
    std::uint64_t n = 0;
    while (const std::size_t got = reader->read(batch.data(), batch.size())) {
      for (std::size_t i = 0; i < got; ++i)
        if (batch[i].size == 0) __builtin_trap();  // a record is at least one byte
      n += got;
    }
    if (n != reader->records()) __builtin_trap();
  } catch (const sttvp::InputError& e) {
    const std::string what = e.what();
    if (what.find('\n') != std::string::npos) __builtin_trap();
    if (what.find(where) == std::string::npos && what.find("cannot open") == std::string::npos)
      __builtin_trap();  // every error names its place in the file
  }
  return 0;
}
