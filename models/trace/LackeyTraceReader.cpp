#include "models/trace/LackeyTraceReader.h"

#include <cstring>

namespace sttvp {

namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string shown(char c) {
  if (c >= 0x20 && c < 0x7f) return std::string("'") + c + "'";
  static const char* digits = "0123456789abcdef";
  const auto u = static_cast<unsigned char>(c);
  return std::string("byte 0x") + digits[u >> 4] + digits[u & 15];
}

// "==123==", "--123--", "**123**": a message of Valgrind itself, not of the traced program.
bool valgrind_message(const char* p, const char* end) {
  if (end - p < 3 || p[0] != p[1]) return false;
  if (p[0] != '=' && p[0] != '-' && p[0] != '*') return false;
  return p[2] >= '0' && p[2] <= '9';
}

}  // namespace

void LackeyTraceReader::fail_line(const std::string& message) const {
  fail("line " + std::to_string(line_), message);
}

std::size_t LackeyTraceReader::read(TraceAccess* out, std::size_t max) {
  std::size_t n = 0;
  while (n < max) {
    if (in_.size() == 0 && in_.fill(1) == 0) break;
    const char* begin = reinterpret_cast<const char*>(in_.data());
    const auto* newline = static_cast<const char*>(std::memchr(begin, '\n', in_.size()));
    std::size_t length, consumed;
    if (newline != nullptr) {
      length = static_cast<std::size_t>(newline - begin);
      consumed = length + 1;
    } else if (!in_.at_eof() && in_.size() <= kMaxLineBytes) {
      in_.fill(in_.size() + 1);  // the line continues in the next block
      continue;
    } else {
      length = consumed = in_.size();  // the last line has no newline (or is far too long)
    }
    ++line_;
    if (length > kMaxLineBytes)
      fail_line("line longer than " + std::to_string(kMaxLineBytes) +
                " bytes (not a Lackey trace?)");
    if (parse_line(begin, begin + length, out[n])) {
      check_range(out[n], [&] { return "line " + std::to_string(line_); });
      ++n;
    }
    in_.consume(consumed);
  }
  records_ += n;
  return n;
}

bool LackeyTraceReader::parse_line(const char* p, const char* end, TraceAccess& a) const {
  if (valgrind_message(p, end)) return false;
  while (p < end && blank(*p)) ++p;
  if (p == end) return false;

  switch (*p) {
    case 'I':
      a.kind = AccessKind::Fetch;
      break;
    case 'L':
      a.kind = AccessKind::Load;
      break;
    case 'S':
      a.kind = AccessKind::Store;
      break;
    case 'M':
      a.kind = AccessKind::Modify;
      break;
    default:
      fail_line("expected an access kind I, L, S or M, got " + shown(*p));
  }
  ++p;
  if (p == end || !blank(*p)) fail_line("expected a blank after the access kind");
  while (p < end && blank(*p)) ++p;

  std::uint64_t addr = 0;
  int digits = 0;
  for (int v; p < end && (v = hex_value(*p)) >= 0; ++p, ++digits) addr = addr << 4 | v;
  if (digits == 0) fail_line("expected a hexadecimal address");
  if (digits > 16) fail_line("address has more than 16 hexadecimal digits");
  if (p == end || *p != ',')
    fail_line(p == end ? "expected ',' and a size after the address"
                       : "expected ',' after the address, got " + shown(*p));
  ++p;

  std::uint64_t size = 0;
  digits = 0;
  for (; p < end && *p >= '0' && *p <= '9' && digits < 12; ++p, ++digits)
    size = size * 10 + (*p - '0');
  if (digits == 0) fail_line("expected a decimal size after ','");
  while (p < end && blank(*p)) ++p;
  if (p != end) fail_line("unexpected " + shown(*p) + " after the size");
  if (size == 0 || size > kMaxTraceAccessBytes)
    fail_line("size " + std::to_string(size) + " is out of range [1, " +
              std::to_string(kMaxTraceAccessBytes) + "]");
  if (addr > ~std::uint64_t{0} - size) fail_line("access wraps around the 64-bit address space");
  a.addr = addr;
  a.size = static_cast<std::uint32_t>(size);
  return true;
}

}  // namespace sttvp
