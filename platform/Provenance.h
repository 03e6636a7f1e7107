// What made a result folder: DIR/provenance.json holds the program's version and git commit and
// the command line and working folder that ran it. ResultWriter writes it into every folder it
// commits (run, replay, train, each run of inject and each job of sweep) with the result files
// the run wrote, so that a later run into the same folder knows which files to replace; sweep,
// inject and study write it, without a file list, into their folders when they start (the last
// invocation's).
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
  // provenance.json of a folder a command manages across invocations (no file list).
  static std::string json();
  // The result files listed in the provenance.json text `text`; empty if it is not one.
  static std::vector<std::string> files(const std::string& text);
};

}  // namespace sttvp
