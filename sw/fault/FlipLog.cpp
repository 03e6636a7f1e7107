#include "sw/fault/FlipLog.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "models/common/InputError.h"

namespace sttvp::sw {

namespace {

constexpr BufferKind kTensorKinds[] = {BufferKind::Input,        BufferKind::Weights,
                                       BufferKind::Bias,         BufferKind::WeightGradient,
                                       BufferKind::BiasGradient, BufferKind::WeightState,
                                       BufferKind::BiasState};

bool parse_tensor(const std::string& name, BufferKind& kind, int& state) {
  for (BufferKind k : kTensorKinds) {
    const std::string base = buffer_kind_name(k);
    const bool stateful = k == BufferKind::WeightState || k == BufferKind::BiasState;
    if (!stateful && name == base) {
      kind = k;
      state = -1;
      return true;
    }
    if (stateful && name.size() > base.size() && name.compare(0, base.size(), base) == 0) {
      const std::string digits = name.substr(base.size());
      if (digits.size() > 2 || digits.find_first_not_of("0123456789") != std::string::npos)
        return false;
      kind = k;
      state = std::stoi(digits);
      return true;
    }
  }
  return false;
}

bool parse_read(const std::string& name, ReadEvent& out) {
  for (ReadEvent e :
       {ReadEvent::Forward, ReadEvent::Backward, ReadEvent::Residency, ReadEvent::Update}) {
    if (name == read_event_name(e)) {
      out = e;
      return true;
    }
  }
  return false;
}

}  // namespace

const char* read_event_name(ReadEvent event) {
  switch (event) {
    case ReadEvent::Forward:
      return "forward";
    case ReadEvent::Backward:
      return "backward";
    case ReadEvent::Residency:
      return "residency";
    case ReadEvent::Update:
      return "update";
  }
  return "unknown";
}

std::string tensor_name(BufferKind kind, int state) {
  std::string name = buffer_kind_name(kind);
  if (state >= 0) name += std::to_string(state);
  return name;
}

void FlipLog::write(std::ostream& out) const {
  out << kHeader << "\n";
  char buf[256];
  for (const FlipRecord& r : records_) {
    std::snprintf(buf, sizeof buf, "%llu,%d,%s,%d,%s,%llu,%u,%.9g,%.9g\n",
                  static_cast<unsigned long long>(r.step), r.layer,
                  tensor_name(r.kind, r.state).c_str(), r.share, read_event_name(r.read),
                  static_cast<unsigned long long>(r.element), r.bit, static_cast<double>(r.before),
                  static_cast<double>(r.after));
    out << buf;
  }
}

std::string FlipLog::csv() const {
  std::ostringstream out;
  write(out);
  return out.str();
}

FlipLog FlipLog::read(std::istream& in, const std::string& file) {
  FlipLog log;
  std::string line;
  std::size_t number = 0;
  const auto fail = [&](const std::string& message) {
    throw InputError(file, "line " + std::to_string(number), message);
  };
  if (!std::getline(in, line)) {
    number = 1;
    fail("empty file (expected the header " + std::string(kHeader) + ")");
  }
  ++number;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line != kHeader) fail("expected the header " + std::string(kHeader));
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> cells;
    std::stringstream parts(line);
    std::string cell;
    while (std::getline(parts, cell, ',')) cells.push_back(cell);
    if (cells.size() != 9)
      fail("expected 9 comma-separated values, got " + std::to_string(cells.size()));
    FlipRecord r;
    try {
      std::size_t used = 0;
      const auto whole = [&](const std::string& s, long long lo, long long hi) {
        const long long v = std::stoll(s, &used);
        if (used != s.size() || v < lo || v > hi) throw std::invalid_argument(s);
        return v;
      };
      r.step = static_cast<std::uint64_t>(whole(cells[0], 0, (1LL << 62)));
      r.layer = static_cast<int>(whole(cells[1], 0, 1 << 20));
      if (!parse_tensor(cells[2], r.kind, r.state)) fail("unknown tensor \"" + cells[2] + "\"");
      r.share = static_cast<int>(whole(cells[3], -1, 1 << 16));
      if (!parse_read(cells[4], r.read)) fail("unknown read \"" + cells[4] + "\"");
      r.element = static_cast<std::uint64_t>(whole(cells[5], 0, (1LL << 62)));
      r.bit = static_cast<unsigned>(whole(cells[6], 0, 31));
      r.before = std::strtof(cells[7].c_str(), nullptr);
      r.after = std::strtof(cells[8].c_str(), nullptr);
    } catch (const std::logic_error&) {
      fail("malformed number in \"" + line + "\"");
    }
    log.add(r);
  }
  return log;
}

FlipLog FlipLog::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path, "", "cannot open the flip log");
  return read(in, path);
}

}  // namespace sttvp::sw
