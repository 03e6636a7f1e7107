// The resume file of an interrupted `sttvp train`: what is written is read back exactly, and a
// file that is not one, cut short or damaged is an InputError naming the file and the offset.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "models/common/InputError.h"
#include "sw/train/ResumeFile.h"

namespace sttvp::sw {
namespace {

ResumeState sample() {
  return {"{\"workload\":{\"kind\":\"mlp\"}}",
          "1,0.9,0.7,0.88,0.97,0\n",
          125,
          {1.5f, -0.0f, 3.25e-7f, -2.0f}};
}

std::string error_of(const std::string& bytes) {
  try {
    ResumeFile::decode(bytes, "out.resume");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(ResumeFile, ReadsBackWhatItWrote) {
  const ResumeState in = sample();
  const ResumeState out = ResumeFile::decode(ResumeFile::encode(in), "out.resume");
  EXPECT_EQ(out.key, in.key);
  EXPECT_EQ(out.rows, in.rows);
  EXPECT_EQ(out.step, 125u);
  ASSERT_EQ(out.values.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i)
    EXPECT_EQ(std::to_string(out.values[i]), std::to_string(in.values[i]));
  EXPECT_TRUE(std::signbit(out.values[1]));
}

TEST(ResumeFile, EveryTruncationNamesTheFileAndAnOffset) {
  const std::string bytes = ResumeFile::encode(sample());
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    const std::string e = error_of(bytes.substr(0, n));
    ASSERT_NE(e, "") << "cut at " << n;
    EXPECT_EQ(e.rfind("out.resume: offset ", 0), 0u) << e;
  }
}

TEST(ResumeFile, RejectsAnotherFileADamagedOneAndTrailingBytes) {
  const std::string bytes = ResumeFile::encode(sample());
  EXPECT_NE(error_of("{\"not\": \"a resume file\"}").find("offset 0: not an sttvp resume file"),
            std::string::npos);
  std::string damaged = bytes;
  damaged[bytes.size() - 12] ^= 0x04;  // a bit of the last value
  EXPECT_NE(error_of(damaged).find("checksum mismatch"), std::string::npos) << error_of(damaged);
  EXPECT_NE(error_of(bytes + "x").find("unexpected bytes"), std::string::npos);
  // A length field that announces more than the file holds.
  std::string huge = bytes;
  huge[8 + 7] = '\x7f';
  EXPECT_NE(error_of(huge).find("offset 8: truncated key"), std::string::npos) << error_of(huge);
}

}  // namespace
}  // namespace sttvp::sw
