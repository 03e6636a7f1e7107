// A CLI11 check for options that take a real number within [min, max], in sttvp's words
// (CLI11's own range check prints the largest double in full for an open upper end).
#pragma once

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <sstream>
#include <string>

namespace sttvp {

class NumberValidator : public CLI::Validator {
 public:
  explicit NumberValidator(double min, double max = std::numeric_limits<double>::infinity())
      : CLI::Validator("NUMBER") {
    func_ = [min, max](std::string& value) -> std::string {
      std::ostringstream range;
      range << (std::isinf(max) ? "at least " : "from ") << min;
      if (!std::isinf(max)) range << " to " << max;
      char* end = nullptr;
      const double x = std::strtod(value.c_str(), &end);
      if (value.empty() || end != value.c_str() + value.size() || !std::isfinite(x))
        return "expected a number " + range.str() + ", got \"" + value + "\"";
      if (x < min || x > max) return "value " + value + " is out of range (" + range.str() + ")";
      return {};
    };
  }
};

}  // namespace sttvp
