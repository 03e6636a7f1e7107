#include "sw/nn/ConnectionTable.h"

#include <stdexcept>
#include <string>
#include <utility>

namespace sttvp::sw {

ConnectionTable::ConnectionTable(std::size_t in_channels, std::size_t out_channels,
                                 std::vector<bool> connected)
    : in_(in_channels), out_(out_channels), connected_(std::move(connected)) {
  if (connected_.size() != in_ * out_) {
    throw std::invalid_argument("ConnectionTable: expected " + std::to_string(in_ * out_) +
                                " entries, got " + std::to_string(connected_.size()));
  }
}

ConnectionTable ConnectionTable::full(std::size_t in_channels, std::size_t out_channels) {
  return ConnectionTable(in_channels, out_channels,
                         std::vector<bool>(in_channels * out_channels, true));
}

ConnectionTable ConnectionTable::lenet_c3() {
  // Rows: input maps 0-5; columns: output maps 0-15 ('X' = connected).
  static const char* const kRows[6] = {
      "X...XXX..XXXX.XX",  //
      "XX...XXX..XXXX.X",  //
      "XXX...XXX..X.XXX",  //
      ".XXX..XXXX..X.XX",  //
      "..XXX..XXXX.XX.X",  //
      "...XXX..XXXX.XXX",  //
  };
  std::vector<bool> connected;
  for (const char* row : kRows) {
    for (int o = 0; o < 16; ++o) connected.push_back(row[o] == 'X');
  }
  return ConnectionTable(6, 16, std::move(connected));
}

std::size_t ConnectionTable::connections() const {
  std::size_t count = 0;
  for (bool c : connected_) count += c ? 1 : 0;
  return count;
}

}  // namespace sttvp::sw
