// SIGINT and SIGTERM during `sttvp run`, `replay` and `train`: the process ends at once with status
// 128 + signal (130, 143) and one line on stderr saying whether results were written, e.g.
//
//   sttvp: interrupted by SIGINT; no results written
//   sttvp: interrupted by SIGTERM; results complete in results/skylake-sram
//
// A simulation holds nothing worth saving half-way, so a signal during it ends the process
// directly (from the handler, with async-signal-safe calls only). While result files are being
// written (ResultWriter) the signal is deferred instead: the handler only notes it, and the writer
// acts on it once its folder is either complete or removed. So a reader never finds a
// half-written result, whichever thread the signal is delivered to.
#pragma once

#include <string>
#include <vector>

namespace sttvp {

class InterruptHandler {
 public:
  // Installs the handlers for SIGINT and SIGTERM (idempotent).
  static void install();
  static bool installed();
  // Empty folders removed (in this order) when a signal ends the process outside a deferral: a
  // result folder's staging folder claimed before the run, and the folders made to hold it. At
  // most 8; an empty list clears it.
  static void set_cleanup(const std::vector<std::string>& folders);

  // While a Deferral lives, a signal is only recorded. The first deferral in a process must be
  // created by the thread that later ends it.
  class Deferral {
   public:
    Deferral();
    ~Deferral();
    Deferral(const Deferral&) = delete;
    Deferral& operator=(const Deferral&) = delete;
    // The results are complete in `dir`: what the message says from now on.
    void results_complete(const std::string& dir);
    // Ends the deferral now; if a signal arrived meanwhile, prints the line and exits.
    void end();

   private:
    bool active_ = true;
  };
};

}  // namespace sttvp
