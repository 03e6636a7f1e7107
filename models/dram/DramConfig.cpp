#include "models/dram/DramConfig.h"

namespace sttvp {

// User-space addresses on x86-64 Linux are below 2^47; the host store serves exactly that range,
// starting above the null page.
constexpr std::uint64_t kHostBase = 4096;
constexpr std::uint64_t kHostEnd = std::uint64_t{1} << 47;

DramConfig DramConfig::parse(ConfigNode node) {
  DramConfig c;
  c.latency_ns = node.real("latency_ns", 0, 1e6);
  c.channels = static_cast<unsigned>(node.u64("channels", 1, 64));
  c.transfer_rate_mts = node.real("transfer_rate_mts", 1, 1e6);
  c.bus_bytes = static_cast<unsigned>(node.u64("bus_bytes", 1, 1024));
  c.read_nj = node.real("read_nj", 0, 1e6);
  c.write_nj = node.real("write_nj", 0, 1e6);
  c.store = node.text("store", {"host", "sparse"}, "host");
  if (c.store == "host") {
    c.base = kHostBase;
    c.size_bytes = kHostEnd - kHostBase;
  } else {
    c.base = node.u64("base", 0, kHostEnd);
    c.size_bytes = node.u64("size_bytes", 1, kHostEnd);
  }
  node.finish();
  return c;
}

}  // namespace sttvp
