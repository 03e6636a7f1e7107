// sttvp_bench_llc_metadata: bytes of model state the LLC keeps per line (bench/run.sh, item 4),
// from the sizes of the per-line structures.
//
// Prints one line: llc_metadata tag_array_bytes=A line_record_bytes=B total_bytes=C
// variation_cells_bytes=D (with process variation on, at the presets' 8 weak cells: the cell
// rates and positions kept per line once derived, RetentionEngine; not part of the 64-byte budget,
// see models/cache/README.md)
#include <cstdio>

#include "models/cache/CacheArray.h"
#include "models/cache/Llc.h"
#include "models/cache/RetentionEngine.h"

// SystemC's library supplies main() and calls sc_main(); nothing is simulated.
int sc_main(int, char**) {
  constexpr std::size_t total = sttvp::Llc::metadata_bytes_per_line();
  constexpr std::size_t tags = sttvp::CacheArray::kMetadataBytesPerLine;
  constexpr std::size_t rates = sttvp::RetentionEngine::cell_cache_bytes_per_line(8);
  std::printf(
      "llc_metadata tag_array_bytes=%zu line_record_bytes=%zu total_bytes=%zu "
      "variation_cells_bytes=%zu\n",
      tags, total - tags, total, rates);
  return 0;
}
