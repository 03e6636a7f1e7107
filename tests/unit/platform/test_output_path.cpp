// OutputPath: where a command writes is checked before it runs (no SystemC kernel involved).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "models/common/InputError.h"
#include "platform/OutputPath.h"
#include "tests/support/TempDir.h"

namespace sttvp {
namespace {

namespace fs = std::filesystem;

// The message of the InputError `fn` throws ("" if none).
template <typename Fn>
std::string error_of(Fn fn) {
  try {
    fn();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(OutputPath, FolderMayBeNewOrExistingAndNotAnythingElse) {
  test::TempDir tmp;
  EXPECT_EQ(OutputPath::folder(tmp.file("a/b/out/"), "--out"), tmp.file("a/b/out"));
  EXPECT_EQ(OutputPath::folder(tmp.path(), "--out"), tmp.path());
  tmp.write("f", "x");
  EXPECT_EQ(error_of([&] { OutputPath::folder(tmp.file("f"), "--out"); }),
            "--out: " + tmp.file("f") + ": exists and is a file, not a folder");
  EXPECT_EQ(error_of([&] { OutputPath::folder(tmp.file("f/out"), "--out"); }),
            "--out: " + tmp.file("f/out") + ": " + tmp.file("f") + " is not a folder");
  EXPECT_NE(error_of([&] { OutputPath::folder("", "--out"); }).find("empty path"),
            std::string::npos);
  EXPECT_NE(error_of([&] { OutputPath::folder("-", "--out"); }).find("standard output"),
            std::string::npos);
  EXPECT_NE(error_of([&] { OutputPath::folder("/dev/null", "--out"); }).find("a device"),
            std::string::npos);
}

TEST(OutputPath, FolderLinkLeadsToItsTarget) {
  test::TempDir tmp;
  fs::create_directory(tmp.file("real"));
  fs::create_directory_symlink("real", tmp.file("link"));
  EXPECT_EQ(OutputPath::folder(tmp.file("link"), "--out"), tmp.file("real"));
}

TEST(OutputPath, FileMustBeRegularInAnExistingFolder) {
  test::TempDir tmp;
  EXPECT_EQ(OutputPath::file(tmp.file("t.vcd"), "--vcd", false), tmp.file("t.vcd"));
  EXPECT_TRUE(fs::is_empty(tmp.path())) << "the probe file is removed";
  EXPECT_NE(error_of([&] {
              OutputPath::file(tmp.file("no/t.vcd"), "--vcd", false);
            }).find("does not exist"),
            std::string::npos);
  EXPECT_NE(error_of([&] { OutputPath::file(tmp.path(), "--vcd", false); }).find("a folder"),
            std::string::npos);
  EXPECT_NE(error_of([&] { OutputPath::file("/dev/full", "--out", true); }).find("a device"),
            std::string::npos);
  EXPECT_EQ(OutputPath::file("-", "--out", true), "-");
  EXPECT_NE(error_of([&] { OutputPath::file("-", "--vcd", false); }).find("standard output"),
            std::string::npos);
}

TEST(OutputPath, FileLinkIsWrittenThrough) {
  test::TempDir tmp;
  fs::create_symlink("real.bin", tmp.file("link.bin"));  // to a file not made yet
  EXPECT_EQ(OutputPath::file(tmp.file("link.bin"), "--out", true), tmp.file("real.bin"));
  fs::create_symlink("/dev/full", tmp.file("dev"));
  EXPECT_NE(error_of([&] { OutputPath::file(tmp.file("dev"), "--out", true); }).find("a device"),
            std::string::npos);
}

}  // namespace
}  // namespace sttvp
