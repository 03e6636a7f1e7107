#include "models/trace/BinaryTraceReader.h"

#include <cstring>

#include "models/trace/BinaryTraceFormat.h"

namespace sttvp {

using namespace bintrace;

BinaryTraceReader::BinaryTraceReader(const std::string& path) : TraceReader(path) {
  in_.fill(kHeaderBytes);
  const unsigned char* h = in_.data();
  if (in_.size() < sizeof kMagic || std::memcmp(h, kMagic, sizeof kMagic) != 0)
    fail_at(0, "not an sttvp binary trace (no STTVPTRC magic)");
  if (in_.size() < kHeaderBytes) fail_at(in_.size(), "header truncated");
  auto u32 = [&](unsigned at) {
    return static_cast<std::uint32_t>(h[at]) | static_cast<std::uint32_t>(h[at + 1]) << 8 |
           static_cast<std::uint32_t>(h[at + 2]) << 16 |
           static_cast<std::uint32_t>(h[at + 3]) << 24;
  };
  if (u32(8) != kVersion)
    fail_at(8, "unsupported format version " + std::to_string(u32(8)) + " (this sttvp reads " +
                   std::to_string(kVersion) + ")");
  if (u32(12) != 0) fail_at(12, "unknown header flags " + std::to_string(u32(12)));
  in_.consume(kHeaderBytes);
}

void BinaryTraceReader::fail_at(std::uint64_t offset, const std::string& message) const {
  fail("offset " + std::to_string(offset), message);
}

unsigned BinaryTraceReader::varint(const unsigned char* p, std::size_t avail, std::uint64_t& value,
                                   std::uint64_t record) const {
  value = 0;
  for (unsigned i = 0;; ++i) {
    if (i == avail) fail_at(record, "record truncated (the file ends inside it)");
    const std::uint64_t b = p[i];
    // The 10th byte holds bit 63 only, and ends the varint.
    if (i == kMaxVarintBytes - 1 && b > 1) fail_at(record, "varint overflows 64 bits");
    value |= (b & 0x7f) << (7 * i);
    if ((b & 0x80) == 0) return i + 1;
  }
}

void BinaryTraceReader::finish(std::uint64_t record) {
  // End record: tag, varint count, then nothing.
  in_.fill(1 + kMaxVarintBytes + 1);
  std::uint64_t count = 0;
  const unsigned used = 1 + varint(in_.data() + 1, in_.size() - 1, count, record);
  if (count != records_)
    fail_at(record, "end record counts " + std::to_string(count) + " records, the file holds " +
                        std::to_string(records_));
  in_.consume(used);
  if (in_.fill(1) != 0) fail_at(in_.offset(), "data after the end record");
  done_ = true;
}

std::size_t BinaryTraceReader::read(TraceAccess* out, std::size_t max) {
  std::size_t n = 0;
  while (n < max && !done_) {
    if (in_.size() < kMaxRecordBytes && in_.fill(kMaxRecordBytes) == 0)
      fail_at(in_.offset(), "trace ends without its end record (truncated?)");
    const unsigned char* p = in_.data();
    const std::size_t avail = in_.size();
    const std::uint64_t record = in_.offset();
    const unsigned tag = p[0];
    if (tag == kEndTag) {
      records_ += n;
      finish(record);
      return n;
    }
    const unsigned size_code = tag >> kSizeShift;
    if (size_code == 0) fail_at(record, "invalid record tag " + std::to_string(tag));
    unsigned used = 1;
    std::uint64_t size = size_code;
    if (size_code == kVarintSize) {
      used += varint(p + used, avail - used, size, record);
      if (size == 0 || size > kMaxTraceAccessBytes)
        fail_at(record, "size " + std::to_string(size) + " is out of range [1, " +
                            std::to_string(kMaxTraceAccessBytes) + "]");
    }
    TraceAccess& a = out[n];
    a.kind = static_cast<AccessKind>(tag & kKindMask);
    std::uint64_t& stream_end = a.kind == AccessKind::Fetch ? fetch_end_ : data_end_;
    a.addr = stream_end;
    if ((tag & kSequentialBit) == 0) {
      std::uint64_t delta = 0;
      used += varint(p + used, avail - used, delta, record);
      a.addr += static_cast<std::uint64_t>(unzigzag(delta));  // modulo 2^64
    }
    if (a.addr > ~std::uint64_t{0} - size)
      fail_at(record, "access wraps around the 64-bit address space");
    a.size = static_cast<std::uint32_t>(size);
    stream_end = a.addr + size;
    check_range(a, [&] { return "offset " + std::to_string(record); });
    in_.consume(used);
    ++n;
  }
  records_ += n;
  return n;
}

}  // namespace sttvp
