// A CLI11 check for options that name where to write (--out, --vcd): an empty value is an error,
// not the default place (leaving the option out gives that), and "-" (standard output) only where
// the option allows it. Where the path leads is checked by platform/OutputPath once the command
// knows it.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace sttvp {

class PathValidator : public CLI::Validator {
 public:
  explicit PathValidator(bool allow_stdout = false) : CLI::Validator("PATH") {
    func_ = [allow_stdout](std::string& value) -> std::string {
      if (value.empty()) return "empty path (leave the option out for the default)";
      if (value == "-" && !allow_stdout)
        return "\"-\" (standard output) cannot be written here; name a file or folder";
      return {};
    };
  }
};

}  // namespace sttvp
