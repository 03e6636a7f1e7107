#include "models/trace/BinaryTraceWriter.h"

#include <cstring>

namespace sttvp {

using namespace bintrace;

BinaryTraceWriter::BinaryTraceWriter(std::string path) : file_(std::move(path)) {
  unsigned char* p = file_.room(kHeaderBytes);
  std::memcpy(p, kMagic, sizeof kMagic);
  const std::uint32_t header[2] = {kVersion, 0};
  for (unsigned i = 0; i < 2; ++i)
    for (unsigned b = 0; b < 4; ++b)
      p[sizeof kMagic + 4 * i + b] = static_cast<unsigned char>(header[i] >> (8 * b));
  file_.wrote(kHeaderBytes);
}

unsigned BinaryTraceWriter::encode(unsigned char* p, const TraceAccess& a) {
  std::uint64_t& stream_end = a.kind == AccessKind::Fetch ? fetch_end_ : data_end_;
  const bool sequential = a.addr == stream_end;
  const unsigned size_code = a.size <= kMaxInlineSize ? a.size : kVarintSize;
  unsigned n = 0;
  p[n++] = static_cast<unsigned char>(static_cast<unsigned>(a.kind) |
                                      (sequential ? kSequentialBit : 0u) | size_code << kSizeShift);
  if (size_code == kVarintSize) n += put_varint(p + n, a.size);
  if (!sequential) n += put_varint(p + n, zigzag(static_cast<std::int64_t>(a.addr - stream_end)));
  stream_end = a.addr + a.size;
  ++records_;
  return n;
}

std::uint64_t BinaryTraceWriter::finish() {
  unsigned char* p = file_.room(1 + kMaxVarintBytes);
  p[0] = kEndTag;
  file_.wrote(1 + put_varint(p + 1, records_));
  return file_.finish();
}

}  // namespace sttvp
