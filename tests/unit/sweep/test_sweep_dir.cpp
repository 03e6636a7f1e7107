// Job folders: what counts as done, failed or missing, and preparing a rerun.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "experiments/sweep/SweepDir.h"
#include "tests/support/TempDir.h"

namespace sttvp {
namespace {

using test::TempDir;
const std::string kId = "0003-0123abcd";

TEST(SweepDir, StatesFollowTheFilesAJobLeaves) {
  TempDir tmp;
  SweepDir d(tmp.file("s"));
  d.create();
  EXPECT_EQ(d.state(kId), SweepDir::State::missing);
  d.prepare_job(kId, {"run", "--config", "a b.json"});
  EXPECT_EQ(d.state(kId), SweepDir::State::missing);
  d.record_exit(kId, 1);
  EXPECT_EQ(d.state(kId), SweepDir::State::failed);
  SweepDir::write_atomically(d.job_file(kId, "stats.json"), "{}");
  EXPECT_EQ(d.state(kId), SweepDir::State::done);
  EXPECT_STREQ(SweepDir::state_name(SweepDir::State::done), "done");
}

TEST(SweepDir, PrepareWritesArgsOnePerLineAndClearsAnEarlierAttempt) {
  TempDir tmp;
  SweepDir d(tmp.file("s"));
  d.create();
  d.prepare_job(kId, {"run"});
  std::ofstream(d.job_file(kId, "config.json")) << "{}";
  d.record_exit(kId, 3);
  d.prepare_job(kId, {"run", "--set", "a=\"x y\""});
  EXPECT_FALSE(std::filesystem::exists(d.job_file(kId, "config.json")));
  EXPECT_FALSE(std::filesystem::exists(d.job_file(kId, "exit_status")));
  std::ifstream in(d.job_file(kId, "args"));
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(all, "run\n--set\na=\"x y\"\n");
}

TEST(SweepDir, NeverTouchesADoneJob) {
  TempDir tmp;
  SweepDir d(tmp.file("s"));
  d.create();
  d.prepare_job(kId, {"run"});
  SweepDir::write_atomically(d.job_file(kId, "stats.json"), "{\"x\": 1}");
  struct stat before {};
  ::stat(d.job_file(kId, "stats.json").c_str(), &before);
  d.prepare_job(kId, {"other"});
  struct stat after {};
  ASSERT_EQ(::stat(d.job_file(kId, "stats.json").c_str(), &after), 0);
  EXPECT_EQ(before.st_ino, after.st_ino);
}

TEST(SweepDir, RefusesIdsThatCouldEscapeTheJobsFolder) {
  TempDir tmp;
  SweepDir d(tmp.file("s"));
  d.create();
  EXPECT_THROW(d.prepare_job("..", {}), std::logic_error);
  EXPECT_THROW(d.prepare_job("", {}), std::logic_error);
  EXPECT_TRUE(std::filesystem::exists(tmp.file("s/jobs")));
}

TEST(SweepDir, AtomicWriteLeavesNoTemporaryFile) {
  TempDir tmp;
  SweepDir::write_atomically(tmp.file("f.txt"), "hello");
  std::size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(tmp.path())) {
    (void)e;
    ++files;
  }
  EXPECT_EQ(files, 1u);
  EXPECT_THROW(SweepDir::write_atomically(tmp.file("no/such/dir/f"), "x"), std::runtime_error);
}

}  // namespace
}  // namespace sttvp
