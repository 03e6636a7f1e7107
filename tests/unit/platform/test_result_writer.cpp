// ResultWriter: the output folder appears whole or not at all (no SystemC kernel involved).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "platform/ResultWriter.h"
#include "tests/support/TempDir.h"

namespace sttvp {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> names(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ResultWriter, FolderAppearsOnlyAtCommit) {
  test::TempDir tmp;
  const std::string out = tmp.file("a/b/out");
  ResultWriter w(out + "/");
  w.prepare();
  w.write("x.json", "{}\n");
  w.write("y.csv", "a,b\n");
  EXPECT_FALSE(fs::exists(out));
  w.commit();
  EXPECT_EQ(names(out), (std::vector<std::string>{"x.json", "y.csv"}));
  EXPECT_EQ(names(tmp.file("a/b")), std::vector<std::string>{"out"});
}

TEST(ResultWriter, AnExceptionLeavesNothingBehind) {
  test::TempDir tmp;
  const std::string out = tmp.file("out");
  try {
    ResultWriter w(out);
    w.prepare();
    w.write("x.json", "{}\n");
    throw std::runtime_error("simulated failure");
  } catch (const std::runtime_error&) {
  }
  EXPECT_TRUE(fs::is_empty(tmp.path()));
}

TEST(ResultWriter, ExistingFolderKeepsOtherFiles) {
  test::TempDir tmp;
  const std::string out = tmp.file("job");
  fs::create_directory(out);
  std::ofstream(out + "/log.txt") << "log\n";
  std::ofstream(out + "/x.json") << "old\n";
  {
    ResultWriter w(out);
    w.prepare();
    w.write("x.json", "new\n");
    w.commit();
  }
  EXPECT_EQ(names(out), (std::vector<std::string>{"log.txt", "x.json"}));
  std::ifstream in(out + "/x.json");
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "new");
}

TEST(ResultWriter, StaleStagingOfADeadProcessIsRemoved) {
  test::TempDir tmp;
  // No process has pid 999999999 (above pid_max).
  fs::create_directory(tmp.file("out.partial-999999999"));
  ResultWriter w(tmp.file("out"));
  w.prepare();
  w.commit();
  EXPECT_EQ(names(tmp.path()), std::vector<std::string>{"out"});
}

TEST(ResultWriter, WriteFailureNamesTheFile) {
  test::TempDir tmp;
  ResultWriter w(tmp.file("missing-folder"));  // file mode: the folder must exist
  try {
    w.write("x.json", "{}");
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("missing-folder/x.json"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace sttvp
