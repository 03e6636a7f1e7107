// ResultWriter: the output folder appears whole or not at all (no SystemC kernel involved).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "platform/Provenance.h"
#include "platform/ResultWriter.h"
#include "tests/support/TempDir.h"

namespace sttvp {
namespace {

namespace fs = std::filesystem;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

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
  EXPECT_EQ(names(out), (std::vector<std::string>{"provenance.json", "x.json", "y.csv"}));
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
  EXPECT_EQ(names(out), (std::vector<std::string>{"log.txt", "provenance.json", "x.json"}));
  EXPECT_EQ(slurp(out + "/x.json"), "new\n");
}

// Writes `files` (name, content) into `dir` as one run's results.
void commit_run(const std::string& dir,
                const std::vector<std::pair<std::string, std::string>>& files) {
  ResultWriter w(dir);
  w.prepare();
  for (const auto& [name, content] : files) w.write(name, content);
  w.commit();
}

TEST(ResultWriter, ProvenanceListsTheResultFilesAndTheCommandLine) {
  test::TempDir tmp;
  const char* argv[] = {"sttvp", "run", "--out", "x"};
  Provenance::set_command_line(4, argv);
  commit_run(tmp.file("out"), {{"a.csv", "1\n"}, {"b.json", "{}\n"}});
  const auto j = nlohmann::json::parse(slurp(tmp.file("out/provenance.json")));
  EXPECT_EQ(j["files"], nlohmann::json::array({"a.csv", "b.json"}));
  EXPECT_EQ(j["command"], nlohmann::json::array({"sttvp", "run", "--out", "x"}));
  EXPECT_EQ(j["program"].get<std::string>().rfind("sttvp ", 0), 0u);
  EXPECT_EQ(Provenance::files(R"({"files": ["a", "../x", "b/c", "..", 3, "d"]})"),
            (std::vector<std::string>{"a", "d"}));
}

TEST(ResultWriter, ANewRunReplacesTheEarlierRunsResultsAsAWhole) {
  test::TempDir tmp;
  const std::string out = tmp.file("out");
  commit_run(out, {{"config.json", "sim\n"}, {"stats.json", "{}\n"}, {"flips.csv", "f\n"}});
  fs::create_directory(out + "/plots");
  std::ofstream(out + "/plots/p.txt") << "mine\n";
  std::ofstream(out + "/notes.txt") << "mine\n";
  fs::permissions(out, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
  commit_run(out, {{"config.json", "native\n"}, {"train.csv", "t\n"}});
  // Nothing of the earlier run is left beside the new results; what was not a result stays.
  EXPECT_EQ(names(out), (std::vector<std::string>{"config.json", "notes.txt", "plots",
                                                  "provenance.json", "train.csv"}));
  EXPECT_EQ(slurp(out + "/config.json"), "native\n");
  EXPECT_EQ(slurp(out + "/notes.txt"), "mine\n");
  EXPECT_EQ(slurp(out + "/plots/p.txt"), "mine\n");
  EXPECT_EQ(fs::status(out).permissions() & fs::perms::all,
            fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
  EXPECT_EQ(names(tmp.path()), std::vector<std::string>{"out"});
}

TEST(ResultWriter, AFileThatStaysKeepsItsIdentity) {
  // A sweep job's log.txt is open in the sweep while the job's results replace the folder's:
  // what is written to it afterwards lands in the new folder's log.txt.
  test::TempDir tmp;
  const std::string out = tmp.file("job");
  commit_run(out, {{"stats.json", "{}\n"}});
  std::ofstream log(out + "/log.txt");
  log << "before\n" << std::flush;
  commit_run(out, {{"stats.json", "{\"x\": 1}\n"}});
  log << "after\n" << std::flush;
  EXPECT_EQ(slurp(out + "/log.txt"), "before\nafter\n");
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
