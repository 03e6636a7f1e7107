#include <gtest/gtest.h>

#include <vector>

#include "models/cache/SecDed.h"

namespace sttvp {
namespace {

using Bits = std::vector<std::uint32_t>;

TEST(SecDed, NoFlipsIsNoOutcome) {
  Bits visible{7};
  const SecDed::Outcome o = SecDed::decode({}, visible);
  EXPECT_EQ(o.corrected + o.detected + o.silent, 0u);
  EXPECT_TRUE(visible.empty());  // the output is cleared, not appended to
}

TEST(SecDed, OneFlipPerWordIsCorrectedAndInvisible) {
  Bits visible;
  // One flip in each of words 0, 1, 7 of a 512-bit line, at the words' edges.
  const SecDed::Outcome o = SecDed::decode({0, 127, 448}, visible);
  EXPECT_EQ(o.corrected, 3u);
  EXPECT_EQ(o.detected, 0u);
  EXPECT_EQ(o.silent, 0u);
  EXPECT_TRUE(visible.empty());
}

TEST(SecDed, TwoFlipsInAWordAreDetectedAndStayVisible) {
  Bits visible;
  const SecDed::Outcome o = SecDed::decode({64, 127}, visible);
  EXPECT_EQ(o.detected, 1u);
  EXPECT_EQ(o.corrected, 0u);
  EXPECT_EQ(visible, (Bits{64, 127}));
}

TEST(SecDed, ThreeOrMoreFlipsInAWordAreSilentAndStayVisible) {
  Bits visible;
  const SecDed::Outcome o = SecDed::decode({1, 2, 3, 200, 201, 202, 203}, visible);
  EXPECT_EQ(o.silent, 2u);
  EXPECT_EQ(o.detected, 0u);
  EXPECT_EQ(visible, (Bits{1, 2, 3, 200, 201, 202, 203}));
}

TEST(SecDed, WordsOfALineAreDecodedIndependently) {
  Bits visible;
  // Words 0 and 1: two flips each (detected); word 2: three (silent); word 5: one (corrected).
  const SecDed::Outcome o = SecDed::decode({5, 63, 74, 84, 128, 129, 130, 320}, visible);
  EXPECT_EQ(o.detected, 2u);
  EXPECT_EQ(o.silent, 1u);
  EXPECT_EQ(o.corrected, 1u);
  EXPECT_EQ(visible, (Bits{5, 63, 74, 84, 128, 129, 130}));
}

TEST(SecDed, AdjacentBitsAcrossAWordBoundaryAreTwoCorrectableWords) {
  Bits visible;
  const SecDed::Outcome o = SecDed::decode({SecDed::kWordBits - 1, SecDed::kWordBits}, visible);
  EXPECT_EQ(o.corrected, 2u);
  EXPECT_EQ(o.detected, 0u);
  EXPECT_TRUE(visible.empty());
}

}  // namespace
}  // namespace sttvp
