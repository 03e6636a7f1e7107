// The trace readers and writers: every record kind, streaming across buffer refills, round trips
// through the binary format, and every malformed input (one line naming the file and the line or
// byte offset).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "models/common/InputError.h"
#include "models/trace/BinaryTraceFormat.h"
#include "models/trace/BinaryTraceReader.h"
#include "models/trace/BinaryTraceWriter.h"
#include "models/trace/LackeyTraceReader.h"
#include "models/trace/LackeyTraceWriter.h"
#include "tests/support/EnumTableChecks.h"
#include "tests/support/TempDir.h"

namespace sttvp {
namespace {

using test::TempDir;
using namespace std::string_literals;

std::vector<TraceAccess> read_all(TraceReader& r, std::size_t batch = 1000) {
  std::vector<TraceAccess> all, buf(batch);
  while (std::size_t n = r.read(buf.data(), buf.size()))
    all.insert(all.end(), buf.begin(), buf.begin() + n);
  return all;
}

std::vector<TraceAccess> read_file(const std::string& path, TraceFormat format) {
  auto r = TraceReader::open(path, format);
  return read_all(*r);
}

bool same(const TraceAccess& a, const TraceAccess& b) {
  return a.kind == b.kind && a.addr == b.addr && a.size == b.size;
}

// Expects reading `path` to throw one InputError line holding every fragment.
void expect_error(const std::string& path, TraceFormat format,
                  std::initializer_list<std::string> fragments,
                  std::pair<std::uint64_t, std::uint64_t> range = {0, 0}) {
  try {
    auto r = TraceReader::open(path, format);
    if (range.second != 0) r->restrict_addresses(range.first, range.second);
    read_all(*r);
    FAIL() << "expected an InputError for " << path;
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.rfind(path + ": ", 0), 0u) << "names the file first: " << msg;
    for (const auto& f : fragments) EXPECT_NE(msg.find(f), std::string::npos) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << "one line: " << msg;
  }
}

TraceAccess acc(AccessKind k, std::uint64_t addr, std::uint32_t size) {
  TraceAccess a;
  a.kind = k;
  a.addr = addr;
  a.size = size;
  return a;
}

// ---------------------------------------------------------------- Lackey text

TEST(LackeyTraceReader, ReadsEveryKindAndSkipsValgrindMessages) {
  TempDir dir;
  const auto f = dir.write("t.lackey",
                           "==123== Lackey, an example Valgrind tool\n"
                           "--123-- warning: something\n"
                           "I  0401ab70,3\n"
                           " L 1fff000718,8\n"
                           " S 1fff000710,8\n"
                           " M 0404e0a8,4\n"
                           "\n"
                           "I  ffffffffff600000,512\r\n"
                           "==123== \n"
                           " L 0,1");  // last line without a newline
  const auto all = read_file(f, TraceFormat::Lackey);
  ASSERT_EQ(all.size(), 6u);
  EXPECT_TRUE(same(all[0], acc(AccessKind::Fetch, 0x0401ab70, 3)));
  EXPECT_TRUE(same(all[1], acc(AccessKind::Load, 0x1fff000718, 8)));
  EXPECT_TRUE(same(all[2], acc(AccessKind::Store, 0x1fff000710, 8)));
  EXPECT_TRUE(same(all[3], acc(AccessKind::Modify, 0x0404e0a8, 4)));
  EXPECT_TRUE(same(all[4], acc(AccessKind::Fetch, 0xffffffffff600000, 512)));
  EXPECT_TRUE(same(all[5], acc(AccessKind::Load, 0, 1)));
}

TEST(LackeyTraceReader, EmptyFileHasNoRecords) {
  TempDir dir;
  EXPECT_TRUE(read_file(dir.write("e.lackey", ""), TraceFormat::Lackey).empty());
}

TEST(LackeyTraceReader, StreamsAcrossBufferRefillsInSmallBatches) {
  // About 5 MB of text: several 1 MiB refills, lines split across block boundaries.
  TempDir dir;
  std::string text;
  std::vector<TraceAccess> expected;
  std::mt19937_64 rng(7);
  for (int i = 0; i < 300000; ++i) {
    const auto k = static_cast<AccessKind>(rng() % 4);
    const std::uint64_t addr = rng() >> (rng() % 60);
    const auto size = static_cast<std::uint32_t>(1 + rng() % 64);
    expected.push_back(acc(k, addr, size));
    char line[64];
    static const char* prefix[] = {"I  ", " L ", " S ", " M "};
    std::snprintf(line, sizeof line, "%s%08llx,%u\n", prefix[static_cast<int>(k)],
                  static_cast<unsigned long long>(addr), size);
    text += line;
  }
  const auto f = dir.write("big.lackey", text);
  auto r = TraceReader::open(f, TraceFormat::Lackey);
  const auto all = read_all(*r, 777);
  ASSERT_EQ(all.size(), expected.size());
  for (std::size_t i = 0; i < all.size(); ++i) ASSERT_TRUE(same(all[i], expected[i])) << i;
  EXPECT_EQ(r->records(), expected.size());
  EXPECT_EQ(r->bytes_read(), text.size());
}

struct BadLine {
  const char* name;
  std::string line;
  std::string fragment;
};

void PrintTo(const BadLine& b, std::ostream* os) { *os << b.name; }

class LackeyMalformed : public ::testing::TestWithParam<BadLine> {};

TEST_P(LackeyMalformed, NamesFileAndLine) {
  TempDir dir;
  // Two good lines and a Valgrind message first: the bad line is line 4.
  const auto f = dir.write("bad.lackey", "==1== x\nI  0401ab70,3\n L 1fff000718,8\n" +
                                             GetParam().line + "\nI  0401ab73,5\n");
  expect_error(f, TraceFormat::Lackey, {"line 4", GetParam().fragment});
}

INSTANTIATE_TEST_SUITE_P(
    Cases, LackeyMalformed,
    ::testing::Values(BadLine{"UnknownKind", " X 0401,4", "access kind"},
                      BadLine{"ProgramOutput", "hello from the traced program", "access kind"},
                      BadLine{"NoBlankAfterKind", "I0401ab70,3", "blank after the access kind"},
                      BadLine{"MissingAddress", "I  ,3", "hexadecimal address"},
                      BadLine{"NonHexAddress", "I  04g1,3", "expected ','"},
                      BadLine{"AddressTooLong", " L 10000000000000000,8", "16 hexadecimal digits"},
                      BadLine{"MissingComma", "I  0401ab70 3", "expected ','"},
                      BadLine{"MissingSize", "I  0401ab70,", "decimal size"},
                      BadLine{"NegativeSize", " L 0401ab70,-8", "decimal size"},
                      BadLine{"SizeZero", " L 0401ab70,0", "size 0 is out of range"},
                      BadLine{"SizeTooLarge", " S 0401ab70,70000", "out of range"},
                      BadLine{"TrailingText", " S 0401ab70,8 extra", "after the size"},
                      BadLine{"WrapsAround", " L ffffffffffffffff,8", "wraps around"},
                      BadLine{"LineTooLong", " L " + std::string(5000, '1') + ",8", "longer than"},
                      BadLine{"BinaryGarbage", std::string("\0\x01\x02", 3), "access kind"}),
    [](const ::testing::TestParamInfo<BadLine>& p) { return p.param.name; });

TEST(LackeyTraceReader, OverlongLastLineWithoutNewline) {
  TempDir dir;
  expect_error(dir.write("long.lackey", "I  0401ab70,3\n" + std::string(300000, 'x')),
               TraceFormat::Lackey, {"line 2", "longer than"});
}

TEST(LackeyTraceReader, AccessOutsideTheAllowedRangeNamesTheLine) {
  TempDir dir;
  const auto f = dir.write("r.lackey", "I  1000,4\n L 1ffc,8\n");
  expect_error(f, TraceFormat::Lackey, {"line 2", "outside the simulated memory"},
               {0x1000, 0x2000});
  const auto g = dir.write("ok.lackey", "I  1000,4\n L 1ff8,8\n");
  auto r = TraceReader::open(g, TraceFormat::Lackey);
  r->restrict_addresses(0x1000, 0x2000);
  EXPECT_EQ(read_all(*r).size(), 2u);
}

TEST(LackeyTraceReader, MissingFileNamesIt) {
  try {
    TraceReader::open("/nonexistent/trace.lackey", TraceFormat::Lackey);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/trace.lackey: cannot open"),
              std::string::npos)
        << e.what();
  }
}

// ---------------------------------------------------------------- binary format

std::vector<TraceAccess> sample_accesses() {
  std::vector<TraceAccess> v;
  std::uint64_t pc = 0x401000;
  for (int i = 0; i < 2000; ++i) {
    const std::uint32_t len = 1 + i % 15;
    v.push_back(acc(AccessKind::Fetch, pc, len));  // straight-line code
    pc += len;
    if (i % 97 == 0) pc = 0x7f0000000000 + static_cast<std::uint64_t>(i) * 4096;  // a far jump
    if (i % 3 == 0) v.push_back(acc(AccessKind::Load, 0x1ffefff000 - 8 * i, 8));  // stack, down
    if (i % 5 == 0) v.push_back(acc(AccessKind::Store, 0x600000 + 32 * i, 32));   // array, up
    if (i % 7 == 0) v.push_back(acc(AccessKind::Modify, 0x600000 + 32 * i, 4));
  }
  v.push_back(acc(AccessKind::Store, 0x1000, 64));
  v.push_back(acc(AccessKind::Load, 0x2000, 512));
  v.push_back(acc(AccessKind::Load, 0x3000, 30));
  v.push_back(acc(AccessKind::Load, 0x3000, 31));
  v.push_back(acc(AccessKind::Load, 0xffffffffffffff00, 255));  // highest addresses
  v.push_back(acc(AccessKind::Fetch, 0, 1));                    // and the lowest
  v.push_back(acc(AccessKind::Store, 0x1234, kMaxTraceAccessBytes));
  return v;
}

TEST(BinaryTrace, RoundTripKeepsEveryAccessAndIsCompact) {
  TempDir dir;
  const auto f = dir.file("t.bin");
  const auto v = sample_accesses();
  BinaryTraceWriter w(f);
  for (const auto& a : v) w.write(a);
  EXPECT_FALSE(std::filesystem::exists(f)) << "complete files only";
  const std::uint64_t bytes = w.finish();
  EXPECT_EQ(bytes, std::filesystem::file_size(f));
  EXPECT_FALSE(std::filesystem::exists(f + ".partial"));
  EXPECT_LT(bytes, 4 * v.size());
  const auto back = read_file(f, TraceFormat::Binary);
  ASSERT_EQ(back.size(), v.size());
  for (std::size_t i = 0; i < v.size(); ++i) ASSERT_TRUE(same(back[i], v[i])) << i;
}

TEST(BinaryTrace, StraightLineCodeCostsOneBytePerInstruction) {
  TempDir dir;
  BinaryTraceWriter w(dir.file("seq.bin"));
  for (std::uint64_t pc = 0; pc < 40000; pc += 4) w.write(acc(AccessKind::Fetch, pc, 4));
  // Header, 10000 one-byte records, end tag and a 2-byte count.
  EXPECT_EQ(w.finish(), bintrace::kHeaderBytes + 10000 + 1 + 2);
}

TEST(BinaryTrace, EmptyTraceHasHeaderAndEndRecordOnly) {
  TempDir dir;
  const auto f = dir.file("e.bin");
  BinaryTraceWriter w(f);
  EXPECT_EQ(w.finish(), bintrace::kHeaderBytes + 2);
  EXPECT_TRUE(read_file(f, TraceFormat::Binary).empty());
}

// A writer destroyed without finish() (an error while converting) leaves no file behind.
template <typename Writer>
void expect_abandoned_writer_leaves_nothing(const std::string& f) {
  {
    Writer w(f);
    w.write(acc(AccessKind::Load, 64, 8));
  }
  EXPECT_FALSE(std::filesystem::exists(f));
  EXPECT_FALSE(std::filesystem::exists(f + ".partial"));
}

TEST(BinaryTrace, WriterWithoutFinishLeavesNothing) {
  TempDir dir;
  expect_abandoned_writer_leaves_nothing<BinaryTraceWriter>(dir.file("abandoned.bin"));
}

TEST(LackeyTrace, WriterWithoutFinishLeavesNothingAndFinishMovesTheWholeFile) {
  TempDir dir;
  const auto f = dir.file("t.lackey");
  expect_abandoned_writer_leaves_nothing<LackeyTraceWriter>(f);
  // More than the 1 MiB buffer: the file is every line, flushed in pieces.
  LackeyTraceWriter w(f);
  for (std::uint64_t i = 0; i < 100000; ++i)
    w.write(acc(AccessKind::Store, 0x10000000 + 64 * i, 64));
  EXPECT_FALSE(std::filesystem::exists(f));
  const std::uint64_t bytes = w.finish();
  EXPECT_EQ(bytes, 100000u * std::string(" S 10000000,64\n").size());
  EXPECT_EQ(bytes, std::filesystem::file_size(f));
  EXPECT_EQ(read_file(f, TraceFormat::Lackey).size(), 100000u);
}

TEST(BinaryTrace, LackeyToBinaryToLackeyIsIdentical) {
  TempDir dir;
  const auto v = sample_accesses();
  LackeyTraceWriter lw(dir.file("a.lackey"));
  for (const auto& a : v) lw.write(a);
  lw.finish();
  BinaryTraceWriter bw(dir.file("a.bin"));
  for (const auto& a : read_file(dir.file("a.lackey"), TraceFormat::Lackey)) bw.write(a);
  bw.finish();
  LackeyTraceWriter lw2(dir.file("b.lackey"));
  for (const auto& a : read_file(dir.file("a.bin"), TraceFormat::Binary)) lw2.write(a);
  lw2.finish();
  std::ifstream fa(dir.file("a.lackey")), fb(dir.file("b.lackey"));
  std::stringstream sa, sb;
  sa << fa.rdbuf();
  sb << fb.rdbuf();
  EXPECT_FALSE(sa.str().empty());
  EXPECT_EQ(sa.str(), sb.str());
}

// A valid file's bytes, for corrupting.
std::string valid_binary(TempDir& dir, const std::vector<TraceAccess>& v) {
  BinaryTraceWriter w(dir.file("valid.bin"));
  for (const auto& a : v) w.write(a);
  w.finish();
  std::ifstream in(dir.file("valid.bin"), std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string header(std::uint32_t version = 1, std::uint32_t flags = 0) {
  std::string h("STTVPTRC");
  for (std::uint32_t v : {version, flags})
    for (int b = 0; b < 4; ++b) h += static_cast<char>((v >> (8 * b)) & 0xff);
  return h;
}

std::string tag(AccessKind k, bool sequential, unsigned size_code) {
  return std::string(
      1, static_cast<char>(static_cast<unsigned>(k) | (sequential ? 4u : 0u) | size_code << 3));
}

TEST(BinaryTrace, MalformedHeaders) {
  TempDir dir;
  expect_error(dir.write("empty.bin", ""), TraceFormat::Binary, {"offset 0", "magic"});
  expect_error(dir.write("text.bin", "I  0401ab70,3\n"), TraceFormat::Binary,
               {"offset 0", "not an sttvp binary trace"});
  expect_error(dir.write("short.bin", "STTVPTRC\x01"), TraceFormat::Binary,
               {"offset 9", "header truncated"});
  expect_error(dir.write("v2.bin", header(2) + "\0\0"s), TraceFormat::Binary,
               {"offset 8", "version 2"});
  expect_error(dir.write("flags.bin", header(1, 4) + "\0\0"s), TraceFormat::Binary,
               {"offset 12", "flags"});
}

TEST(BinaryTrace, MalformedRecords) {
  TempDir dir;
  const std::string h = header();                                      // records start at offset 16
  const std::string load8 = tag(AccessKind::Load, false, 8) + "\x10";  // 2 bytes
  struct Case {
    const char* name;
    std::string bytes;
    std::string where, fragment;
  };
  const std::vector<Case> cases = {
      {"NoEndRecord", h + load8, "offset 18", "without its end record"},
      {"HeaderOnly", h, "offset 16", "without its end record"},
      {"TruncatedDelta", h + load8 + tag(AccessKind::Load, false, 8), "offset 18",
       "record truncated"},
      {"TruncatedVarintSize", h + tag(AccessKind::Store, true, 31) + "\x80", "offset 16",
       "record truncated"},
      {"ReservedSizeCode", h + load8 + tag(AccessKind::Store, false, 0) + "\x01", "offset 18",
       "invalid record tag"},
      {"VarintSizeZero", h + tag(AccessKind::Load, true, 31) + "\x00"s + "\x00\x00"s, "offset 16",
       "size 0 is out of range"},
      {"VarintSizeTooLarge", h + tag(AccessKind::Load, true, 31) + "\x80\x80\x08" + "\x00\x00"s,
       "offset 16", "out of range"},
      {"VarintOverflow",
       h + tag(AccessKind::Load, false, 8) + std::string(9, '\xff') + "\x02" + "\x00\x00"s,
       "offset 16", "overflows 64 bits"},
      {"VarintTooLong",
       h + tag(AccessKind::Load, false, 8) + std::string(10, '\x80') + "\x01" + "\x00\x00"s,
       "offset 16", "varint"},
      {"WrapsAround", h + tag(AccessKind::Load, false, 8) + "\x0f" + "\x00\x01"s, "offset 16",
       "wraps around"},  // address -8
      {"CountMismatch", h + load8 + "\x00\x02"s, "offset 18", "counts 2 records"},
      {"TruncatedCount", h + load8 + "\x00\x81"s, "offset 18", "record truncated"},
      {"DataAfterEnd", h + load8 + "\x00\x01"s + "x", "offset 20", "after the end record"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    expect_error(dir.write(std::string(c.name) + ".bin", c.bytes), TraceFormat::Binary,
                 {c.where, c.fragment});
  }
}

TEST(BinaryTrace, TruncatedAtEveryByteIsAnError) {
  TempDir dir;
  const auto v = sample_accesses();
  const std::string good = valid_binary(dir, {v.begin(), v.begin() + 40});
  for (std::size_t cut = 0; cut < good.size(); ++cut) {
    const auto f = dir.write("cut.bin", good.substr(0, cut));
    EXPECT_THROW(read_file(f, TraceFormat::Binary), InputError) << "cut at " << cut;
  }
  EXPECT_EQ(read_file(dir.write("whole.bin", good), TraceFormat::Binary).size(), 40u);
}

TEST(BinaryTrace, AccessOutsideTheAllowedRangeNamesTheOffset) {
  TempDir dir;
  const std::string bytes =
      valid_binary(dir, {acc(AccessKind::Fetch, 0x1000, 4), acc(AccessKind::Load, 0x1ffc, 8)});
  // Header 16, fetch record 1 + 2-byte delta (0x1000 zigzag = 0x2000): the load is at 19.
  expect_error(dir.write("r.bin", bytes), TraceFormat::Binary,
               {"offset 19", "outside the simulated memory"}, {0x1000, 0x2000});
}

TEST(TraceFormat, EveryFormatHasOneName) {
  test::expect_complete_table(kTraceFormats, {TraceFormat::Lackey, TraceFormat::Binary});
  TraceFormat f = TraceFormat::Lackey;
  EXPECT_TRUE(parse_trace_format("bin", f));
  EXPECT_EQ(f, TraceFormat::Binary);
  EXPECT_FALSE(parse_trace_format("valgrind", f));
}

}  // namespace
}  // namespace sttvp
