#include "models/dram/BackingStore.h"

#include <algorithm>
#include <cstring>

namespace sttvp {

void BackingStore::read(std::uint64_t addr, unsigned char* dst, std::uint64_t len) {
  while (len > 0) {
    std::uint64_t n = std::min(len, contiguous(addr));
    unsigned char* src = pointer(addr);
    if (src != dst) std::memcpy(dst, src, n);
    addr += n;
    dst += n;
    len -= n;
  }
}

void BackingStore::write(std::uint64_t addr, const unsigned char* src, std::uint64_t len) {
  while (len > 0) {
    std::uint64_t n = std::min(len, contiguous(addr));
    unsigned char* dst = pointer(addr);
    if (src != dst) std::memcpy(dst, src, n);
    addr += n;
    src += n;
    len -= n;
  }
}

unsigned char* SparseStore::pointer(std::uint64_t addr) {
  std::uint64_t page = addr / kPageBytes;
  auto& p = pages_[page];
  if (!p) p.reset(new unsigned char[kPageBytes]());
  return p.get() + addr % kPageBytes;
}

}  // namespace sttvp
