// Every bit flip an open-loop injector applied, in the order it applied them, as a CSV that a
// later run can replay exactly (FaultInjector::set_replay applies a log instead of sampling).
//
//   step,layer,tensor,share,read,element,bit,before,after
//
// tensor: input, weights, bias, weight_gradient, bias_gradient, weight_state<s>, bias_state<s>
// (optimizer state vector s); share: the share whose read it was (-1: none, e.g. the weights'
// residency); read: forward, backward, residency or update (the hooked read, FaultConfig.h);
// element: index of the float in the tensor (inputs: sample-major within the share's buffer);
// bit: 0 (least significant mantissa bit) to 31 (sign); before / after: the value around the
// flip (%.9g, so that the printed value reads back as the same float). Replay uses the first
// seven columns.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "sw/nn/BufferInfo.h"

namespace sttvp::sw {

enum class ReadEvent : std::uint8_t { Forward, Backward, Residency, Update };

const char* read_event_name(ReadEvent event);

struct FlipRecord {
  std::uint64_t step = 0;
  int layer = 0;
  BufferKind kind = BufferKind::Input;
  int state = -1;  // optimizer state index for WeightState / BiasState
  int share = -1;
  ReadEvent read = ReadEvent::Forward;
  std::uint64_t element = 0;
  unsigned bit = 0;
  float before = 0.0f;
  float after = 0.0f;
};

// "input", "weights", "weight_state1", ...
std::string tensor_name(BufferKind kind, int state);

class FlipLog {
 public:
  static constexpr const char* kHeader = "step,layer,tensor,share,read,element,bit,before,after";

  void add(const FlipRecord& record) { records_.push_back(record); }
  const std::vector<FlipRecord>& records() const { return records_; }
  std::size_t size() const { return records_.size(); }
  void clear() { records_.clear(); }

  void write(std::ostream& out) const;
  std::string csv() const;
  // Reads a log written by write(). A malformed line is an InputError naming `file` and the line.
  static FlipLog read(std::istream& in, const std::string& file);
  static FlipLog load(const std::string& path);

 private:
  std::vector<FlipRecord> records_;
};

}  // namespace sttvp::sw
