// A CLI11 check for options that take one of a few words, in sttvp's words (CLI11's own says
// "z not in {lackey,bin}").
#pragma once

#include <CLI/CLI.hpp>
#include <algorithm>
#include <string>
#include <vector>

namespace sttvp {

class ChoiceValidator : public CLI::Validator {
 public:
  explicit ChoiceValidator(std::vector<std::string> choices) : CLI::Validator("WORD") {
    func_ = [choices](std::string& value) -> std::string {
      if (std::find(choices.begin(), choices.end(), value) != choices.end()) return {};
      std::string list;
      for (std::size_t i = 0; i < choices.size(); ++i)
        list += (i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ") + choices[i];
      return "unknown value \"" + value + "\" (expected " + list + ")";
    };
  }
};

}  // namespace sttvp
