#include "sw/fault/FaultConfig.h"

#include <stdexcept>

namespace sttvp::sw {

const char* fault_target_name(FaultTarget target) {
  switch (target) {
    case FaultTarget::None:
      return "none";
    case FaultTarget::Inputs:
      return "inputs";
    case FaultTarget::Weights:
      return "weights";
    case FaultTarget::Gradients:
      return "gradients";
    case FaultTarget::State:
      return "state";
  }
  return "unknown";
}

const char* fault_timing_name(FaultTiming timing) {
  return timing == FaultTiming::PerRead ? "per_read" : "per_residency";
}

const char* fault_persistence_name(FaultPersistence persistence) {
  return persistence == FaultPersistence::Persistent ? "persistent" : "transient";
}

bool parse_fault_target(const std::string& name, FaultTarget& out) {
  for (FaultTarget t : {FaultTarget::None, FaultTarget::Inputs, FaultTarget::Weights,
                        FaultTarget::Gradients, FaultTarget::State}) {
    if (name == fault_target_name(t)) {
      out = t;
      return true;
    }
  }
  return false;
}

bool parse_fault_timing(const std::string& name, FaultTiming& out) {
  for (FaultTiming t : {FaultTiming::PerRead, FaultTiming::PerResidency}) {
    if (name == fault_timing_name(t)) {
      out = t;
      return true;
    }
  }
  return false;
}

bool parse_fault_persistence(const std::string& name, FaultPersistence& out) {
  for (FaultPersistence t : {FaultPersistence::Persistent, FaultPersistence::Transient}) {
    if (name == fault_persistence_name(t)) {
      out = t;
      return true;
    }
  }
  return false;
}

void FaultConfig::validate(std::size_t layer_count) const {
  if (!(p >= 0.0 && p <= 1.0))
    throw std::invalid_argument("fault: p = " + std::to_string(p) + " is not in [0, 1]");
  if (bit_mask == 0) throw std::invalid_argument("fault: the bit mask selects no bit");
  if (forward_only && target == FaultTarget::Weights && timing == FaultTiming::PerResidency &&
      persistence == FaultPersistence::Transient) {
    throw std::invalid_argument(
        "fault: forward-only transient flips of the weights need per_read timing (a residency of "
        "the weights spans every share's forward and backward pass)");
  }
  for (std::size_t l : layers) {
    if (l >= layer_count)
      throw std::invalid_argument("fault: layer " + std::to_string(l) + " does not exist (the " +
                                  "network has " + std::to_string(layer_count) + " layers)");
  }
}

}  // namespace sttvp::sw
