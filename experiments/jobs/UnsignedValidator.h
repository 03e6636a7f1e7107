// A CLI11 check for options that take a count or a seed: digits only. Without it CLI11 converts
// "-1" into an unsigned option by wrapping it around to 2^64 - 1.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace sttvp {

class UnsignedValidator : public CLI::Validator {
 public:
  UnsignedValidator() : CLI::Validator("UINT") {
    func_ = [](std::string& value) -> std::string {
      if (!value.empty() && value.find_first_not_of("0123456789") == std::string::npos) return {};
      return "expected a non-negative integer, got \"" + value + "\"";
    };
  }
};

}  // namespace sttvp
