// What made a result folder: DIR/provenance.json, written by ResultWriter into every folder it
// commits, holds the program's version and git commit, the command line and working folder that
// ran it, and the result files the run wrote (so that a later run into the same folder knows
// which files to replace).
#pragma once

#include <string>
#include <vector>

namespace sttvp {

class Provenance {
 public:
  static constexpr const char* kFile = "provenance.json";

  // Records this process's command line (main calls it once).
  static void set_command_line(int argc, const char* const* argv);
  // provenance.json listing `files`.
  static std::string json(const std::vector<std::string>& files);
  // The result files listed in the provenance.json text `text`; empty if it is not one.
  static std::vector<std::string> files(const std::string& text);
};

}  // namespace sttvp
