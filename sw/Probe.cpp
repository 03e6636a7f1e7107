#include "sw/Probe.h"

namespace sttvp::sw {

const char* phase_name(Phase phase) {
  switch (phase) {
    case Phase::None:
      return "none";
    case Phase::Forward:
      return "forward";
    case Phase::Backward:
      return "backward";
    case Phase::Update:
      return "update";
    case Phase::Other:
      return "other";
  }
  return "none";
}

}  // namespace sttvp::sw
