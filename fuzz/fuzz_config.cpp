// Fuzz target: platform configs. The input, up to its first NUL byte, is a config file (JSON with
// includes); each further NUL-separated part is a --set override. The file is loaded by
// ConfigDocument (includes resolve next to it: scripts/fuzz.sh puts a copy of configs/ there, so
// the presets' includes work), the overrides applied, and PlatformConfig::parse validates the
// whole. The file-size limit is lowered to 8 KiB (above the largest preset a config includes), so
// that inputs of scripts/fuzz.sh's max_len reach it; the nesting limit is the real one. Any outcome
// other than success or an InputError (one line, naming file and key) is a finding: an escaping
// exception aborts, sanitizers report the rest.
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/FuzzFile.h"
#include "models/common/InputError.h"
#include "platform/PlatformConfig.h"

// The SystemC library (linked through PlatformConfig's library) needs an sc_main; never called.
extern "C" int sc_main(int, char**) { return 0; }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const FuzzFile file("config.json");
  std::vector<std::string> parts(1);
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0) {
      if (parts.size() == 9) break;  // at most 8 overrides
      parts.emplace_back();
    } else {
      parts.back().push_back(static_cast<char>(data[i]));
    }
  }
  file.write(reinterpret_cast<const std::uint8_t*>(parts[0].data()), parts[0].size());
  try {
    const sttvp::JsonLimits limits{8192, sttvp::JsonLimits().max_depth};
    auto doc = sttvp::ConfigDocument::load(file.path(), limits);
    for (std::size_t i = 1; i < parts.size(); ++i) doc->set(parts[i]);
    const sttvp::PlatformConfig config = sttvp::PlatformConfig::parse(doc);
    (void)config;
  } catch (const sttvp::InputError& e) {
    if (std::string(e.what()).find('\n') != std::string::npos) __builtin_trap();  // one line
  }
  return 0;
}
