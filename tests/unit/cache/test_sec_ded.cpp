#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "models/cache/SecDed.h"

namespace sttvp {
namespace {

using Bits = std::vector<std::uint32_t>;

constexpr std::uint32_t kData = 512;  // a 64-byte line's data bits; check bits at 512..575

TEST(SecDed, NoFlipsIsNoOutcome) {
  Bits visible{7};
  const SecDed::Outcome o = SecDed::decode({}, kData, visible);
  EXPECT_EQ(o.corrected + o.detected + o.silent, 0u);
  EXPECT_TRUE(visible.empty());  // the output is cleared, not appended to
}

TEST(SecDed, OneFlipPerWordIsCorrectedAndInvisible) {
  Bits visible;
  // One flip in each of words 0, 1, 7 of a 512-bit line, at the words' edges.
  const SecDed::Outcome o = SecDed::decode({0, 127, 448}, kData, visible);
  EXPECT_EQ(o.corrected, 3u);
  EXPECT_EQ(o.detected, 0u);
  EXPECT_EQ(o.silent, 0u);
  EXPECT_TRUE(visible.empty());
}

TEST(SecDed, TwoFlipsInAWordAreDetectedAndStayVisible) {
  Bits visible;
  const SecDed::Outcome o = SecDed::decode({64, 127}, kData, visible);
  EXPECT_EQ(o.detected, 1u);
  EXPECT_EQ(o.corrected, 0u);
  EXPECT_EQ(visible, (Bits{64, 127}));
}

TEST(SecDed, ThreeOrMoreFlipsInAWordAreSilentAndStayVisible) {
  Bits visible;
  const SecDed::Outcome o = SecDed::decode({1, 2, 3, 200, 201, 202, 203}, kData, visible);
  EXPECT_EQ(o.silent, 2u);
  EXPECT_EQ(o.detected, 0u);
  EXPECT_EQ(visible, (Bits{1, 2, 3, 200, 201, 202, 203}));
}

TEST(SecDed, WordsOfALineAreDecodedIndependently) {
  Bits visible;
  // Words 0 and 1: two flips each (detected); word 2: three (silent); word 5: one (corrected).
  const SecDed::Outcome o = SecDed::decode({5, 63, 74, 84, 128, 129, 130, 320}, kData, visible);
  EXPECT_EQ(o.detected, 2u);
  EXPECT_EQ(o.silent, 1u);
  EXPECT_EQ(o.corrected, 1u);
  EXPECT_EQ(visible, (Bits{5, 63, 74, 84, 128, 129, 130}));
}

TEST(SecDed, AdjacentBitsAcrossAWordBoundaryAreTwoCorrectableWords) {
  Bits visible;
  const SecDed::Outcome o =
      SecDed::decode({SecDed::kWordBits - 1, SecDed::kWordBits}, kData, visible);
  EXPECT_EQ(o.corrected, 2u);
  EXPECT_EQ(o.detected, 0u);
  EXPECT_TRUE(visible.empty());
}

TEST(SecDed, ALineHasEightCheckCellsPerWord) {
  EXPECT_EQ(SecDed::line_cells(512), 576u);
  EXPECT_EQ(SecDed::line_cells(1024), 1152u);
}

TEST(SecDed, AFlippedCheckBitIsCorrectedAndNeverSeen) {
  Bits visible;
  // Word 0's first check bit, word 7's last.
  const SecDed::Outcome o = SecDed::decode({kData, kData + 63}, kData, visible);
  EXPECT_EQ(o.corrected, 2u);
  EXPECT_TRUE(visible.empty());
}

TEST(SecDed, ADataAndACheckBitOfOneWordAreDetectedAndOnlyTheDataBitIsSeen) {
  Bits visible;
  // Word 2: data bit 130 and check bit 512 + 16; word 3: check bit only.
  const SecDed::Outcome o = SecDed::decode({130, kData + 16, kData + 24}, kData, visible);
  EXPECT_EQ(o.detected, 1u);
  EXPECT_EQ(o.corrected, 1u);
  EXPECT_EQ(visible, (Bits{130}));
}

TEST(SecDed, TwoCheckBitsOfAWordAreDetectedWithNothingToSee) {
  Bits visible;
  const SecDed::Outcome o = SecDed::decode({kData + 40, kData + 47}, kData, visible);
  EXPECT_EQ(o.detected, 1u);
  EXPECT_TRUE(visible.empty());
}

// A real SEC-DED decoder to check the model against: the extended Hamming (72,64) code. Data bit
// k sits at the k-th Hamming position that is not a power of two (3, 5, 6, 7, 9, ...), check bit
// j < 7 at position 2^j, check bit 7 is the overall parity (position 0). A set of flipped cells
// gives syndrome = XOR of their positions and parity = their count mod 2.
class ExtendedHamming {
 public:
  ExtendedHamming() {
    std::uint32_t k = 0;
    for (std::uint32_t pos = 3; k < 64; ++pos)
      if ((pos & (pos - 1)) != 0) position_[k++] = pos;
    for (std::uint32_t j = 0; j < 7; ++j) position_[64 + j] = 1u << j;
    position_[71] = 0;
  }
  enum class Result { Clean, Corrected, Detected, Wrong };
  // Cells 0..63 data, 64..71 check; what the decoder does with these flips.
  Result decode(const std::vector<std::uint32_t>& cells) const {
    std::uint32_t syndrome = 0;
    for (std::uint32_t c : cells) syndrome ^= position_[c];
    const bool odd = cells.size() % 2 == 1;
    if (!odd && syndrome == 0) return cells.empty() ? Result::Clean : Result::Wrong;  // unseen
    if (!odd) return Result::Detected;
    // Odd: the decoder flips the cell at `syndrome` back, if there is one.
    std::uint32_t fixed = 72;
    for (std::uint32_t c = 0; c < 72; ++c)
      if (position_[c] == syndrome) fixed = c;
    if (fixed == 72) return Result::Detected;
    return cells.size() == 1 && cells[0] == fixed ? Result::Corrected : Result::Wrong;
  }

 private:
  std::uint32_t position_[72];
};

TEST(SecDed, ModelAgreesWithARealDecoderOverManyRandomLines) {
  const ExtendedHamming code;
  std::mt19937_64 rng(42);
  std::uint64_t lines_with_each[3] = {};
  for (int line = 0; line < 20000; ++line) {
    // From sparse to dense flips, so that words with 1, 2 and 3+ flipped cells all occur.
    std::bernoulli_distribution flip(line % 2 == 0 ? 0.004 : 0.03);
    Bits bits;
    for (std::uint32_t c = 0; c < SecDed::line_cells(kData); ++c)
      if (flip(rng)) bits.push_back(c);
    Bits visible;
    const SecDed::Outcome o = SecDed::decode(bits, kData, visible);

    SecDed::Outcome want;
    Bits want_visible;
    for (std::uint32_t w = 0; w < kData / 64; ++w) {
      Bits cells, data;
      for (std::uint32_t b : bits) {
        if (b < kData && b / 64 == w) {
          cells.push_back(b % 64);
          data.push_back(b);
        } else if (b >= kData && (b - kData) / 8 == w) {
          cells.push_back(64 + (b - kData) % 8);
        }
      }
      if (cells.empty()) continue;
      const ExtendedHamming::Result r = code.decode(cells);
      if (cells.size() == 1) {
        ASSERT_EQ(r, ExtendedHamming::Result::Corrected);
        ++want.corrected;
        continue;
      }
      if (cells.size() == 2) {
        ASSERT_EQ(r, ExtendedHamming::Result::Detected);
        ++want.detected;
      } else {
        // Three or more: the decoder detects, miscorrects or misses them, never corrects them;
        // the model calls them silent (possibly unseen).
        ASSERT_NE(r, ExtendedHamming::Result::Corrected);
        ++want.silent;
      }
      want_visible.insert(want_visible.end(), data.begin(), data.end());
    }
    ASSERT_EQ(o.corrected, want.corrected) << line;
    ASSERT_EQ(o.detected, want.detected) << line;
    ASSERT_EQ(o.silent, want.silent) << line;
    ASSERT_EQ(visible, want_visible) << line;
    lines_with_each[0] += o.corrected > 0;
    lines_with_each[1] += o.detected > 0;
    lines_with_each[2] += o.silent > 0;
  }
  for (std::uint64_t n : lines_with_each) EXPECT_GT(n, 100u);
}

}  // namespace
}  // namespace sttvp
