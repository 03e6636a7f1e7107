// Which input maps feed which output maps of a convolution (true: connected).
#pragma once

#include <cstddef>
#include <vector>

namespace sttvp::sw {

class ConnectionTable {
 public:
  // `connected[in * out_channels + out]`.
  ConnectionTable(std::size_t in_channels, std::size_t out_channels, std::vector<bool> connected);

  static ConnectionTable full(std::size_t in_channels, std::size_t out_channels);
  // LeNet-5's C3 (LeCun et al. 1998, Table I; the same table as tiny-dnn's MNIST example): 6 input
  // maps, 16 output maps, 60 of the 96 pairs. Output maps 0-5 read 3 cyclically consecutive input
  // maps, 6-11 read 4 consecutive ones, 12-14 read 4 non-consecutive ones, 15 reads all six.
  static ConnectionTable lenet_c3();

  std::size_t in_channels() const { return in_; }
  std::size_t out_channels() const { return out_; }
  bool connected(std::size_t in, std::size_t out) const { return connected_[in * out_ + out]; }
  std::size_t connections() const;

 private:
  std::size_t in_;
  std::size_t out_;
  std::vector<bool> connected_;
};

}  // namespace sttvp::sw
