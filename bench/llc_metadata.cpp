// sttvp_bench_llc_metadata: bytes of model state the LLC keeps per line (bench/run.sh, item 4),
// from the sizes of the per-line structures.
//
// Prints one line: llc_metadata tag_array_bytes=A line_record_bytes=B total_bytes=C
#include <cstdio>

#include "models/cache/CacheArray.h"
#include "models/cache/Llc.h"

// SystemC's library supplies main() and calls sc_main(); nothing is simulated.
int sc_main(int, char**) {
  constexpr std::size_t total = sttvp::Llc::metadata_bytes_per_line();
  constexpr std::size_t tags = sttvp::CacheArray::kMetadataBytesPerLine;
  std::printf("llc_metadata tag_array_bytes=%zu line_record_bytes=%zu total_bytes=%zu\n", tags,
              total - tags, total);
  return 0;
}
