#pragma once

#include <cstdint>
#include <vector>

namespace sttvp {

// SEC-DED ECC over 64-bit data words, the (72,64) Hsiao code of server cache lines: each word has
// 8 check bits, stored in cells like the data bits and exposed to the same retention flips. A
// codeword (72 bits) with one flipped bit, data or check, is corrected; one with two is detected
// (not corrected); one with three or more may be miscorrected or pass undetected. Only the
// outcome per codeword is modelled, not the check bits' values.
//
// Bit positions in a line of D data bits: data bits 0..D-1 (word w: 64w..64w+63), then the check
// bits D..D+D/8-1 (word w: D+8w..D+8w+7).
class SecDed {
 public:
  static constexpr std::uint32_t kWordBits = 64;  // data bits per codeword
  static constexpr std::uint32_t kCheckBits = 8;  // check bits per codeword

  // Cells of a line of `data_bits` data bits with its check bits.
  static constexpr std::uint32_t line_cells(std::uint32_t data_bits) {
    return data_bits + data_bits / kWordBits * kCheckBits;
  }

  struct Outcome {
    std::uint64_t corrected = 0;  // codewords with one flipped bit
    std::uint64_t detected = 0;   // codewords with two
    std::uint64_t silent = 0;     // codewords with three or more
  };

  // Decodes a line of `data_bits` data bits whose flipped cells are `bits` (positions as above,
  // ascending). The data bits a reader still sees (those of detected and silent words, ascending;
  // flipped check bits are never seen) go to `visible`.
  static Outcome decode(const std::vector<std::uint32_t>& bits, std::uint32_t data_bits,
                        std::vector<std::uint32_t>& visible);
};

}  // namespace sttvp
