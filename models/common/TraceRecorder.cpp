#include "models/common/TraceRecorder.h"

#include <algorithm>
#include <map>
#include <ostream>

namespace sttvp {

TraceRecorder::TraceRecorder(std::uint64_t start_ps, std::uint64_t end_ps, std::size_t max_changes)
    : start_(start_ps), end_(end_ps), max_changes_(max_changes) {}

int TraceRecorder::add_signal(const std::string& scope, const std::string& name, Kind kind,
                              unsigned width) {
  signals_.push_back({scope, name, kind, kind == Kind::Busy ? 1u : width});
  return static_cast<int>(signals_.size() - 1);
}

void TraceRecorder::push(std::uint64_t time, int signal, std::uint64_t v) {
  if (changes_.size() >= max_changes_) {
    truncated_ = true;
    return;
  }
  changes_.push_back({time, signal, v, changes_.size()});
}

void TraceRecorder::value(int signal, std::uint64_t time_ps, std::uint64_t v) {
  if (in_window(time_ps)) push(time_ps, signal, v);
}

void TraceRecorder::event(int signal, std::uint64_t time_ps) {
  if (in_window(time_ps)) push(time_ps, signal, 1);
}

void TraceRecorder::busy(int signal, std::uint64_t start_ps, std::uint64_t end_ps) {
  if (end_ps <= start_ || start_ps >= end_) return;
  push(std::max(start_ps, start_), signal, 1);
  if (end_ps < end_) push(end_ps, signal, 0);
}

namespace {

// VCD identifier codes: printable ASCII 33..126, base 94.
std::string code(int index) {
  std::string s;
  do {
    s += static_cast<char>(33 + index % 94);
    index /= 94;
  } while (index > 0);
  return s;
}

std::string binary(std::uint64_t v, unsigned width) {
  std::string s;
  for (int b = static_cast<int>(width) - 1; b >= 0; --b) s += ((v >> b) & 1) ? '1' : '0';
  const auto first = s.find('1');
  return first == std::string::npos ? "0" : s.substr(first);
}

}  // namespace

void TraceRecorder::write_vcd(std::ostream& out, std::uint64_t final_ps) const {
  out << "$version sttvp $end\n$timescale 1ps $end\n";
  // Nested scopes from dotted paths, in order of first appearance.
  std::vector<std::string> open;
  for (std::size_t i = 0; i < signals_.size(); ++i) {
    std::vector<std::string> parts;
    std::string scope = signals_[i].scope;
    for (std::size_t p = 0; p <= scope.size();) {
      const std::size_t dot = std::min(scope.find('.', p), scope.size());
      parts.push_back(scope.substr(p, dot - p));
      p = dot + 1;
    }
    std::size_t common = 0;
    while (common < open.size() && common < parts.size() && open[common] == parts[common]) ++common;
    for (std::size_t k = open.size(); k > common; --k) out << "$upscope $end\n";
    open.resize(common);
    for (std::size_t k = common; k < parts.size(); ++k) {
      out << "$scope module " << parts[k] << " $end\n";
      open.push_back(parts[k]);
    }
    out << "$var wire " << signals_[i].width << ' ' << code(static_cast<int>(i)) << ' '
        << signals_[i].name << " $end\n";
  }
  for (std::size_t k = open.size(); k > 0; --k) out << "$upscope $end\n";
  out << "$enddefinitions $end\n";

  auto emit = [&](int s, std::uint64_t v) {
    if (signals_[s].width == 1)
      out << (v ? '1' : '0') << code(s) << '\n';
    else
      out << 'b' << binary(v, signals_[s].width) << ' ' << code(s) << '\n';
  };
  out << "#" << start_ << "\n$dumpvars\n";
  for (std::size_t s = 0; s < signals_.size(); ++s) emit(static_cast<int>(s), 0);
  out << "$end\n";

  std::vector<Change> sorted = changes_;
  std::sort(sorted.begin(), sorted.end(), [](const Change& a, const Change& b) {
    return a.time != b.time ? a.time < b.time : a.order < b.order;
  });
  std::vector<std::uint64_t> count(signals_.size(), 0);  // events so far / overlapping busy
  std::vector<std::uint64_t> shown(signals_.size(), 0);  // value last written
  std::uint64_t now = ~std::uint64_t{0};
  for (std::size_t i = 0; i < sorted.size();) {
    const std::uint64_t t = sorted[i].time;
    // Apply every change at time t, then write the signals whose value changed.
    std::map<int, std::uint64_t> at_t;
    for (; i < sorted.size() && sorted[i].time == t; ++i) {
      const Change& c = sorted[i];
      switch (signals_[c.signal].kind) {
        case Kind::Value:
          at_t[c.signal] = c.value;
          break;
        case Kind::Events:
          at_t[c.signal] = ++count[c.signal];
          break;
        case Kind::Busy:
          count[c.signal] = c.value ? count[c.signal] + 1 : count[c.signal] - 1;
          at_t[c.signal] = count[c.signal] > 0 ? 1 : 0;
          break;
      }
    }
    bool stamped = false;
    for (const auto& [s, v] : at_t) {
      if (v == shown[s]) continue;
      if (!stamped && t != now) {
        out << '#' << t << '\n';
        now = t;
        stamped = true;
      }
      emit(s, v);
      shown[s] = v;
    }
  }
  const std::uint64_t last = std::min(final_ps, end_);
  if (now == ~std::uint64_t{0} || last > now) out << '#' << std::max(last, start_) << '\n';
}

}  // namespace sttvp
