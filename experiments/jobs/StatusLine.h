// Messages and a progress line on stderr for the commands that run pools of children (sweep,
// inject, study): on a terminal the progress line is redrawn in place, elsewhere it is printed
// once per event, so logs stay readable.
#pragma once

#include <string>

namespace sttvp {

class StatusLine {
 public:
  // `prefix`: e.g. "sttvp sweep"; `quiet`: no progress line (messages still print).
  StatusLine(std::string prefix, bool quiet);

  void say(const std::string& message);
  // `event`: a job ended (printed off a terminal too); otherwise only a redraw.
  void progress(const std::string& line, bool event);
  // Erases the progress line.
  void clear();

 private:
  std::string prefix_;
  bool quiet_;
  bool tty_;
  bool shown_ = false;
};

}  // namespace sttvp
