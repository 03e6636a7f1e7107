// JSON text from a user, read and parsed within limits: every config, spec and --set value goes
// through here, so that no input can crash, hang or mislead the parser's callers.
//
//   - read(): regular files only (not /dev/zero, a FIFO or a folder), at most `max_bytes`;
//   - parse(): nlohmann's parser (iterative, so any depth parses), then a scan of the valid text
//     that rejects nesting deeper than `max_depth` (the code walking the document recurses) and
//     an object key given twice (nlohmann keeps the last silently).
//
// Errors are InputErrors naming the origin and "line L, column C" (for a duplicate key, its key
// path and both places) with the parser's own reason.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

namespace sttvp {

using Json = nlohmann::ordered_json;

struct JsonLimits {
  std::size_t max_bytes = std::size_t{16} << 20;  // configs and specs are a few kB
  unsigned max_depth = 64;                        // the deepest preset nests 6 levels
};

class JsonText {
 public:
  // The whole regular file `file`.
  static std::string read(const std::string& file, const JsonLimits& limits);
  // `text` as JSON; `origin` names it in errors, `path` is the key path of its top level (for a
  // --set value) that key paths in errors start with.
  static Json parse(const std::string& text, const std::string& origin, const JsonLimits& limits,
                    const std::string& path = "");
  // Like parse(), but returns false (and leaves `out` alone) when `text` is not JSON at all;
  // valid JSON that breaks a limit or repeats a key still throws.
  static bool try_parse(const std::string& text, const std::string& origin,
                        const JsonLimits& limits, const std::string& path, Json& out);
  // "line L, column C" of byte offset `offset` (0-based) of `text`.
  static std::string position(const std::string& text, std::size_t offset);
};

}  // namespace sttvp
