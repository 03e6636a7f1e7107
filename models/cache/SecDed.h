#pragma once

#include <cstdint>
#include <vector>

namespace sttvp {

// SEC-DED ECC over 64-bit data words, the (72,64) Hsiao code of server cache lines: a word with
// one flipped bit is corrected, one with two is detected (not corrected), and one with three or
// more may be miscorrected or pass undetected. Only the outcome per word is modelled, not the
// check bits themselves.
class SecDed {
 public:
  static constexpr std::uint32_t kWordBits = 64;  // data bits per codeword

  struct Outcome {
    std::uint64_t corrected = 0;  // words with one flipped bit
    std::uint64_t detected = 0;   // words with two
    std::uint64_t silent = 0;     // words with three or more
  };

  // Decodes a line whose flipped data bits are `bits` (positions in the line, ascending). The
  // bits a reader still sees (those of detected and silent words, ascending) go to `visible`.
  static Outcome decode(const std::vector<std::uint32_t>& bits,
                        std::vector<std::uint32_t>& visible);
};

}  // namespace sttvp
