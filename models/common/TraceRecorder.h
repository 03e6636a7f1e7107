// Value-change recording for VCD traces under temporal decoupling.
//
// Models report changes at their decoupled times (sc_time_stamp() + local delay), which reach the
// recorder out of time order across initiators. The recorder keeps the changes inside a time
// window and sorts them when the trace is written, so the VCD is exact at picosecond resolution,
// unlike sampling signals with sc_trace at simulation-time granularity. Three kinds of signal:
//   value:    a value that holds until the next change (e.g. a core's phase),
//   events:   a cumulative count of events (e.g. LLC hits), written as a counter,
//   busy:     a 1-bit signal that is 1 inside occupancy intervals (e.g. a bank).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace sttvp {

class TraceRecorder {
 public:
  enum class Kind { Value, Events, Busy };

  // Records only changes in [start_ps, end_ps); stops recording after `max_changes`.
  TraceRecorder(std::uint64_t start_ps, std::uint64_t end_ps, std::size_t max_changes);

  // `scope` is a dotted module path ("platform.llc"), `name` the signal name in it.
  int add_signal(const std::string& scope, const std::string& name, Kind kind, unsigned width);

  void value(int signal, std::uint64_t time_ps, std::uint64_t v);
  void event(int signal, std::uint64_t time_ps);
  void busy(int signal, std::uint64_t start_ps, std::uint64_t end_ps);

  bool truncated() const { return truncated_; }
  std::size_t changes() const { return changes_.size(); }

  // Writes a VCD file (timescale 1 ps) ending at `final_ps` (e.g. the simulation's end).
  void write_vcd(std::ostream& out, std::uint64_t final_ps) const;

 private:
  struct Signal {
    std::string scope, name;
    Kind kind;
    unsigned width;
  };
  struct Change {
    std::uint64_t time;
    int signal;
    std::uint64_t value;  // value; 1 = event; busy: 1 = begin, 0 = end
    std::uint64_t order;  // insertion order, for a stable sort
  };
  bool in_window(std::uint64_t t) const { return t >= start_ && t < end_; }
  void push(std::uint64_t time, int signal, std::uint64_t v);

  std::uint64_t start_, end_;
  std::size_t max_changes_;
  bool truncated_ = false;
  std::vector<Signal> signals_;
  std::vector<Change> changes_;
};

}  // namespace sttvp
