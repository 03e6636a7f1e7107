// The sttvp binary trace format, version 1: compact, streamable and checked end to end.
//
//   header   16 bytes
//              magic    8 bytes  "STTVPTRC"
//              version  u32 little-endian, 1
//              flags    u32 little-endian, 0 (reserved; a reader rejects other values)
//   records  one per access, 1 to 21 bytes, starting with a tag byte:
//              bits 0-1  kind: 0 instruction fetch, 1 load, 2 store, 3 modify
//              bit  2    sequential: no address field follows; the access starts where the
//                        previous access of its stream ended
//              bits 3-7  size: 1..30 bytes; 31 means a varint size follows; 0 is not a record
//              [varint]  size, if bits 3-7 are 31 (1 to kMaxTraceAccessBytes)
//              [varint]  address, if bit 2 is clear: zigzag-encoded signed difference between
//                        the address and where the previous access of its stream ended
//   end      tag byte 0x00, then a varint count of the records; nothing may follow
//
// Streams: instruction fetches form one stream, loads/stores/modifies another; both start at 0.
// Straight-line code therefore costs one byte per instruction, and a stack or array walk a byte
// or two per access. Varints are unsigned LEB128 (7 bits per byte, low bits first, high bit set
// on every byte but the last, at most 10 bytes); zigzag maps 0,-1,1,-2,... to 0,1,2,3,...
// Accesses may not wrap around 2^64. A file without its end record is truncated: an error.
#pragma once

#include <cstdint>

namespace sttvp::bintrace {

inline constexpr char kMagic[8] = {'S', 'T', 'T', 'V', 'P', 'T', 'R', 'C'};
inline constexpr std::uint32_t kVersion = 1;
inline constexpr unsigned kHeaderBytes = 16;

inline constexpr unsigned kKindMask = 0x03;
inline constexpr unsigned kSequentialBit = 0x04;
inline constexpr unsigned kSizeShift = 3;
inline constexpr unsigned kMaxInlineSize = 30;
inline constexpr unsigned kVarintSize = 31;
inline constexpr unsigned char kEndTag = 0x00;

inline constexpr unsigned kMaxVarintBytes = 10;
// Longest record: tag, varint size, varint address.
inline constexpr unsigned kMaxRecordBytes = 1 + 2 * kMaxVarintBytes;

inline std::uint64_t zigzag(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
inline std::int64_t unzigzag(std::uint64_t u) {
  return static_cast<std::int64_t>(u >> 1) ^ -static_cast<std::int64_t>(u & 1);
}

// Writes `v` as a varint at `out`; returns the bytes written.
inline unsigned put_varint(unsigned char* out, std::uint64_t v) {
  unsigned n = 0;
  while (v >= 0x80) {
    out[n++] = static_cast<unsigned char>(v | 0x80);
    v >>= 7;
  }
  out[n++] = static_cast<unsigned char>(v);
  return n;
}

}  // namespace sttvp::bintrace
