// Sanitizer builds (scripts/test.sh --sanitize): AddressSanitizer prints a three-line warning on
// stderr the first time an exception unwinds inside a SystemC thread, because SystemC's
// coroutines switch stacks behind its back ("ASan is ignoring requested
// __asan_handle_no_return"). Those lines are the runtime's, not sttvp's: tests that count the
// program's error lines remove them first.
#pragma once

#include <sstream>
#include <string>

namespace sttvp::test {

inline std::string without_sanitizer_noise(const std::string& err) {
  std::istringstream in(err);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    if (line.find("ASan is ignoring requested __asan_handle_no_return") != std::string::npos ||
        line == "False positive error reports may follow" ||
        line.rfind("For details see https://github.com/google/sanitizers/issues/189", 0) == 0)
      continue;
    out += line + "\n";
  }
  if (!err.empty() && err.back() != '\n' && !out.empty()) out.pop_back();
  return out;
}

}  // namespace sttvp::test
