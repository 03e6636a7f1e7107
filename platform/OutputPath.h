// Where a command will write, checked before anything runs: a run must not end, after its whole
// simulation, in an error about its output path, and must never rename its results over
// something that is not a regular file (a device, a FIFO, a folder).
//
//   folder(): a result folder (--out): not empty, not "-"; an existing DIR must be a folder (a
//             symbolic link to one is written through: the link stays); the nearest existing
//             folder above it must be a folder this process can write into.
//   file():   an output file (--vcd, trace-convert --out): not empty; "-" is standard output
//             where the command allows it; an existing target must be a regular file (a
//             symbolic link to one is written through); its folder must exist and take a new
//             file (one is made there and removed).
//
// Both return the path to write to, with a symbolic link resolved, and throw InputError naming
// the option and the path.
#pragma once

#include <string>

namespace sttvp {

class OutputPath {
 public:
  static std::string folder(const std::string& path, const std::string& option);
  static std::string file(const std::string& path, const std::string& option, bool allow_stdout);
};

}  // namespace sttvp
