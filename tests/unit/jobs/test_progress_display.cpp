// The progress line of `sttvp train` off a terminal (a Slurm or nohup log): plain lines, no
// cursor control, at most one per interval.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "experiments/jobs/ProgressDisplay.h"

namespace sttvp {
namespace {

std::string contents(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string text;
  for (int c; (c = std::fgetc(f)) != EOF;) text.push_back(static_cast<char>(c));
  return text;
}

sw::TrainingProgress step(std::uint64_t s) {
  sw::TrainingProgress p;
  p.step = s;
  p.total = 10;
  p.steps_per_epoch = 5;
  p.loss = 0.5;
  return p;
}

TEST(ProgressDisplay, OffATerminalPrintsPlainLines) {
  std::FILE* log = std::tmpfile();
  {
    ProgressDisplay d(true, 10, 10, log, 0);
    d.update(step(1));
    d.update(step(6));
    d.clear();
  }
  const std::string text = contents(log);
  EXPECT_EQ(text.find('\r'), std::string::npos) << text;
  EXPECT_EQ(text.find('\033'), std::string::npos) << text;
  EXPECT_EQ(text.rfind("train: step 1/10 (epoch 0.20)  loss 0.5000  0:00 elapsed, ETA ", 0), 0u)
      << text;
  EXPECT_NE(text.find("\ntrain: step 6/10 (epoch 1.20)"), std::string::npos) << text;
  EXPECT_EQ(text.back(), '\n');
  std::fclose(log);
}

TEST(ProgressDisplay, OffATerminalWaitsForTheIntervalAndQuietPrintsNothing) {
  std::FILE* log = std::tmpfile();
  {
    ProgressDisplay every_hour(true, 0, 0, log, 3600);
    for (std::uint64_t s = 1; s <= 10; ++s) every_hour.update(step(s));
    ProgressDisplay quiet(false, 0, 0, log, 0);
    quiet.update(step(1));
  }
  EXPECT_EQ(contents(log), "");
  std::fclose(log);
}

}  // namespace
}  // namespace sttvp
