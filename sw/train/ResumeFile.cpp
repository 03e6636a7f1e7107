#include "sw/train/ResumeFile.h"

#include <cstring>

#include "models/common/InputError.h"

namespace sttvp::sw {

namespace {

constexpr char kMagic[8] = {'S', 'T', 'T', 'V', 'P', 'R', 'S', '1'};

std::uint64_t fnv1a(const char* p, std::size_t n) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (std::size_t i = 0; i < n; ++i) {
    h ^= static_cast<unsigned char>(p[i]);
    h *= 0x100000001b3ULL;
  }
  return h;
}

void put_u64(std::string& out, std::uint64_t v) {
  for (unsigned b = 0; b < 8; ++b) out += static_cast<char>((v >> (8 * b)) & 0xff);
}

// Reads the fields in order; every failure names the offset of the field.
class Reader {
 public:
  Reader(const std::string& bytes, const std::string& file) : bytes_(bytes), file_(file) {}

  std::uint64_t u64(const char* what) {
    need(8, what);
    std::uint64_t v = 0;
    for (unsigned b = 0; b < 8; ++b)
      v |= std::uint64_t{static_cast<unsigned char>(bytes_[pos_ + b])} << (8 * b);
    pos_ += 8;
    return v;
  }
  std::string text(const char* what) {
    const std::size_t at = pos_;  // a length beyond the end is blamed on the length
    const std::uint64_t n = u64(what);
    if (n > bytes_.size() - pos_)
      fail_at(at, std::string("truncated ") + what + " (" + std::to_string(n) +
                      " bytes announced, the file ends at byte " + std::to_string(bytes_.size()) +
                      ")");
    std::string s = bytes_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  void need(std::uint64_t n, const char* what) const {
    if (n > bytes_.size() - pos_)
      fail(std::string("truncated ") + what + " (the file ends at byte " +
           std::to_string(bytes_.size()) + ")");
  }
  [[noreturn]] void fail(const std::string& message) const { fail_at(pos_, message); }
  [[noreturn]] void fail_at(std::size_t pos, const std::string& message) const {
    throw InputError(file_, "offset " + std::to_string(pos),
                     message + "; delete the file to train from the start");
  }
  std::size_t pos() const { return pos_; }
  void skip(std::size_t n) { pos_ += n; }

 private:
  const std::string& bytes_;
  const std::string& file_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string ResumeFile::encode(const ResumeState& state) {
  std::string out(kMagic, sizeof kMagic);
  put_u64(out, state.key.size());
  out += state.key;
  put_u64(out, state.rows.size());
  out += state.rows;
  put_u64(out, state.step);
  put_u64(out, state.values.size());
  const std::size_t at = out.size();
  out.resize(at + state.values.size() * sizeof(float));
  // The host is little-endian (x86-64, as the platform it models).
  std::memcpy(out.data() + at, state.values.data(), state.values.size() * sizeof(float));
  put_u64(out, fnv1a(out.data(), out.size()));
  return out;
}

ResumeState ResumeFile::decode(const std::string& bytes, const std::string& file) {
  Reader in(bytes, file);
  in.need(sizeof kMagic, "magic");
  if (std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
    in.fail("not an sttvp resume file (magic STTVPRS1 expected)");
  in.skip(sizeof kMagic);
  ResumeState s;
  s.key = in.text("key");
  s.rows = in.text("epoch rows");
  s.step = in.u64("step");
  const std::uint64_t count = in.u64("value count");
  if (count > (bytes.size() - in.pos()) / sizeof(float))
    in.fail("truncated values (" + std::to_string(count) + " floats announced)");
  s.values.resize(count);
  std::memcpy(s.values.data(), bytes.data() + in.pos(), count * sizeof(float));
  in.skip(count * sizeof(float));
  const std::size_t end = in.pos();
  const std::uint64_t sum = in.u64("checksum");
  if (sum != fnv1a(bytes.data(), end)) in.fail_at(end, "checksum mismatch (the file is corrupted)");
  if (in.pos() != bytes.size()) in.fail("unexpected bytes after the checksum");
  return s;
}

}  // namespace sttvp::sw
