#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <stdexcept>
#include <vector>

#include "models/cache/CacheArray.h"
#include "models/cache/CacheConfig.h"

namespace sttvp {
namespace {

// Lines that map to set 0 of an array with `sets` sets.
std::uint64_t line_in_set0(std::uint64_t sets, std::uint64_t k) { return k * sets; }

TEST(CacheArray, MissThenHitAfterInstall) {
  CacheArray a(4, 2);
  EXPECT_EQ(a.find(8), -1);
  a.install(a.set_of(8), 0, 8, false);
  EXPECT_EQ(a.find(8), 0);
  EXPECT_TRUE(a.valid(0, 0));
  EXPECT_FALSE(a.valid(0, 1));
}

TEST(CacheArray, SetIsTheLowBitsOfTheLineNumber) {
  CacheArray a(8, 4);
  EXPECT_EQ(a.set_of(0), 0u);
  EXPECT_EQ(a.set_of(13), 5u);
  EXPECT_EQ(a.set_of(8), 0u);
}

TEST(CacheArray, VictimPrefersInvalidWays) {
  CacheArray a(1, 4);
  a.install(0, 0, 10, false);
  a.install(0, 2, 12, false);
  unsigned v = a.victim(0);
  EXPECT_TRUE(v == 1 || v == 3);
  EXPECT_FALSE(a.valid(0, v));
}

TEST(CacheArray, LeastRecentlyUsedIsEvicted) {
  const std::uint64_t sets = 4;
  CacheArray a(sets, 4);
  for (unsigned w = 0; w < 4; ++w) a.install(0, w, line_in_set0(sets, w), false);
  // Touch ways 0, 2, 3: way 1 is now least recently used.
  a.touch(0, 0);
  a.touch(0, 2);
  a.touch(0, 3);
  EXPECT_EQ(a.victim(0), 1u);
  a.touch(0, 1);
  EXPECT_EQ(a.victim(0), 0u);
}

TEST(CacheArray, VictimMatchesAReferenceLruForEveryWayCount) {
  // A reference keeps each way's last-use time; the victim among ways [first, end) is the first
  // invalid one, else the valid one used longest ago. Random touches, installs and invalidations.
  for (unsigned ways : {1u, 2u, 4u, 7u, 8u, 12u, 16u, 20u, 64u}) {
    CacheArray a(2, ways);
    std::vector<std::uint64_t> used(ways, 0);
    std::vector<bool> valid(ways, false);
    std::mt19937_64 rng(ways);
    std::uint64_t now = 0;
    for (int step = 0; step < 20000; ++step) {
      const unsigned w = static_cast<unsigned>(rng() % ways);
      switch (rng() % 4) {
        case 0:
          a.invalidate(1, w);
          valid[w] = false;
          break;
        case 1:
          a.install(1, w, 1 + 2 * (rng() % 1000), false);
          valid[w] = true;
          used[w] = ++now;
          break;
        default:
          if (valid[w]) {
            a.touch(1, w);
            used[w] = ++now;
          }
      }
      const auto reference = [&](unsigned first, unsigned end) {
        unsigned expected = first;
        for (unsigned v = first; v < end; ++v) {
          if (!valid[v]) return v;
          if (used[v] < used[expected]) expected = v;
        }
        return expected;
      };
      const unsigned first = static_cast<unsigned>(rng() % ways);
      const unsigned end = first + 1 + static_cast<unsigned>(rng() % (ways - first));
      ASSERT_EQ(a.victim(1, first, end), reference(first, end)) << ways << " ways, step " << step;
      ASSERT_EQ(a.victim(1), reference(0, ways)) << ways << " ways, step " << step;
      const std::uint64_t probe = 1 + 2 * (rng() % 1000);
      int holder = -1;
      for (unsigned v = 0; v < ways && holder < 0; ++v)
        if (valid[v] && a.line_at(1, v) == probe) holder = static_cast<int>(v);
      ASSERT_EQ(a.find(probe), holder) << ways << " ways, step " << step;
    }
  }
}

TEST(CacheArray, RejectsMoreThan64Ways) {
  EXPECT_THROW(CacheArray(4, 65), std::invalid_argument);
  EXPECT_THROW(CacheArray(4, 0), std::invalid_argument);
  EXPECT_THROW(CacheArray(3, 4), std::invalid_argument);
}

TEST(CacheArray, VictimIsTheFirstInvalidatedWayBeforeAnyValidOne) {
  CacheArray a(1, 4);
  for (unsigned w = 0; w < 4; ++w) a.install(0, w, w, false);
  a.touch(0, 0);  // way 1 is least recently used
  a.invalidate(0, 3);
  a.invalidate(0, 2);
  EXPECT_EQ(a.victim(0), 2u);  // the first invalid way, though way 1 is the LRU valid one
  a.install(0, 2, 7, false);
  EXPECT_EQ(a.victim(0), 3u);
  a.install(0, 3, 8, false);
  EXPECT_EQ(a.victim(0), 1u);  // all valid again: LRU
  EXPECT_EQ(a.victim(0, 2, 4), 2u);
  EXPECT_EQ(a.victim(0, 3, 3), 3u);  // an empty range gives its start
}

TEST(CacheArray, DirtyBitDoesNotChangeTheLineFoundOrReported) {
  CacheArray a(4, 2);
  const std::uint64_t line = (std::uint64_t{1} << 57) + 4;  // the largest line numbers work too
  a.install(a.set_of(line), 1, line, true);
  EXPECT_EQ(a.find(line), 1);
  EXPECT_EQ(a.line_at(a.set_of(line), 1), line);
  a.set_dirty(a.set_of(line), 1, false);
  EXPECT_EQ(a.find(line), 1);
  EXPECT_FALSE(a.dirty(a.set_of(line), 1));
  a.set_dirty(a.set_of(line), 0, true);  // an invalid way stays invalid and clean
  EXPECT_FALSE(a.valid(a.set_of(line), 0));
  EXPECT_FALSE(a.dirty(a.set_of(line), 0));
  EXPECT_EQ(a.line_at(a.set_of(line), 0), CacheArray::kInvalid);
}

TEST(CacheArray, VictimWithinAWayRange) {
  CacheArray a(1, 4);
  for (unsigned w = 0; w < 4; ++w) a.install(0, w, w, false);
  a.touch(0, 0);  // way 1 is LRU overall; within [2, 4) way 2 is
  EXPECT_EQ(a.victim(0, 2, 4), 2u);
}

TEST(CacheArray, DirtyBitFollowsWritesAndInvalidation) {
  CacheArray a(2, 2);
  a.install(1, 1, 3, true);
  EXPECT_TRUE(a.dirty(1, 1));
  a.set_dirty(1, 1, false);
  EXPECT_FALSE(a.dirty(1, 1));
  a.set_dirty(1, 1, true);
  a.invalidate(1, 1);
  EXPECT_FALSE(a.valid(1, 1));
  EXPECT_FALSE(a.dirty(1, 1));
  EXPECT_EQ(a.find(3), -1);
}

TEST(CacheArray, SequentialSweepLargerThanCacheAlwaysMisses) {
  // LRU with a cyclic working set one line larger than a set: every access misses.
  CacheArray a(1, 4);
  int misses = 0;
  for (int pass = 0; pass < 3; ++pass) {
    for (std::uint64_t line = 0; line < 5; ++line) {
      int w = a.find(line);
      if (w < 0) {
        ++misses;
        a.install(0, a.victim(0), line, false);
      } else {
        a.touch(0, static_cast<unsigned>(w));
      }
    }
  }
  EXPECT_EQ(misses, 15);
}

TEST(CacheArray, RejectsNonPowerOfTwoSets) {
  EXPECT_THROW(CacheArray(6, 2), std::invalid_argument);
  EXPECT_THROW(CacheArray(4, 0), std::invalid_argument);
}

TEST(CacheArray, MetadataFitsTheBudget) { EXPECT_LE(CacheArray::kMetadataBytesPerLine, 64u); }

ConfigNode node_of(std::shared_ptr<ConfigDocument>& doc, const std::string& json) {
  doc = ConfigDocument::from_json(Json::parse(json), "c.json");
  return ConfigNode(doc);
}

TEST(CacheGeometry, ComputesSets) {
  std::shared_ptr<ConfigDocument> doc;
  auto n = node_of(doc, R"({"size_bytes": 32768, "ways": 8})");
  CacheGeometry g = CacheGeometry::parse(n, 64);
  EXPECT_EQ(g.sets(), 64u);
}

TEST(CacheGeometry, RejectsNonPowerOfTwoSetCount) {
  std::shared_ptr<ConfigDocument> doc;
  auto n = node_of(doc, R"({"size_bytes": 24576, "ways": 8})");
  try {
    CacheGeometry::parse(n, 64);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("size_bytes: set count 48"), std::string::npos)
        << e.what();
  }
}

TEST(CacheGeometry, RejectsSizeNotAMultipleOfWaysTimesLine) {
  std::shared_ptr<ConfigDocument> doc;
  auto n = node_of(doc, R"({"size_bytes": 1000, "ways": 4})");
  EXPECT_THROW(CacheGeometry::parse(n, 64), InputError);
}

TEST(LlcConfig, BanksMustBeAPowerOfTwoAndNotExceedSets) {
  const std::string base =
      R"("size_bytes": 65536, "ways": 16, "clock_ghz": 4, "sram": {"read_cycles": 30,
         "write_cycles": 30, "bank_read_busy_cycles": 4, "bank_write_busy_cycles": 4,
         "read_nj": 1, "write_nj": 1, "leakage_mw_per_mib": 1})";
  auto parse = [&](const std::string& banks) {
    auto doc = ConfigDocument::from_json(Json::parse("{" + base + ", \"banks\": " + banks + "}"),
                                         "c.json");
    return LlcConfig::parse(ConfigNode(doc), 64, 1);
  };
  EXPECT_EQ(parse("4").banks, 4u);
  EXPECT_THROW(parse("3"), InputError);
  EXPECT_THROW(parse("128"), InputError);  // 64 sets
}

}  // namespace
}  // namespace sttvp
