// A CLI11 check for options that take a count or a seed: digits only, within [min, max] (by
// default any 64-bit value). Without it CLI11 converts "-1" into an unsigned option by wrapping
// it around to 2^64 - 1, and "18446744073709551616" (2^64) by saturating it to 2^64 - 1.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

namespace sttvp {

class UnsignedValidator : public CLI::Validator {
 public:
  explicit UnsignedValidator(std::uint64_t min = 0, std::uint64_t max = ~std::uint64_t{0})
      : CLI::Validator("UINT") {
    func_ = [min, max](std::string& value) -> std::string {
      const std::string range = std::to_string(min) + " to " + std::to_string(max);
      if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos)
        return "expected an integer from " + range + ", got \"" + value + "\"";
      // Compared as digit strings: the value may not fit in 64 bits.
      const std::string digits =
          value.substr(std::min(value.find_first_not_of('0'), value.size() - 1));
      const auto less = [](const std::string& a, const std::string& b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b;
      };
      if (less(digits, std::to_string(min)) || less(std::to_string(max), digits))
        return "value " + value + " is out of range (" + range + ")";
      return {};
    };
  }
};

}  // namespace sttvp
