// The command line's own errors in sttvp's words. A mistyped command or option is named as such,
// with the nearest real one ("unknown command 'rnu' (did you mean run?)"), before CLI11 parses
// (which would complain first about a required option, or that a command is missing); CLI11's
// messages that read like its internals ("1 required TEXT missing", "At Most 1 required but
// received 2") are said plainly.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
class ParseError;
}  // namespace CLI

namespace sttvp {

class CommandLine {
 public:
  // The first unknown command or long option in `args` (argv without the program name), as one
  // line; "" if every one is known.
  static std::string unknown_name(const CLI::App& app, const std::vector<std::string>& args);
  // One line for a CLI11 parse error of `app`.
  static std::string message(const CLI::App& app, const CLI::ParseError& error);
};

}  // namespace sttvp
