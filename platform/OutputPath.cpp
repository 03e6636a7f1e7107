#include "platform/OutputPath.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "models/common/InputError.h"

namespace sttvp {

namespace fs = std::filesystem;

namespace {

// What an existing non-regular file is, for messages.
std::string kind(const fs::file_status& s) {
  if (fs::is_regular_file(s)) return "a file";
  if (fs::is_directory(s)) return "a folder";
  if (fs::is_character_file(s) || fs::is_block_file(s)) return "a device";
  if (fs::is_fifo(s)) return "a FIFO";
  if (fs::is_socket(s)) return "a socket";
  return "not a regular file";
}

// `p` with a symbolic link at its end resolved (written through, the link stays; a link to a
// path that does not exist yet leads to where it will be made).
fs::path resolve(const fs::path& p) {
  std::error_code ec;
  if (!fs::is_symlink(fs::symlink_status(p, ec))) return p;
  const fs::path target = fs::read_symlink(p, ec);
  return fs::weakly_canonical(target.is_absolute() ? target : p.parent_path() / target, ec);
}

// The folder that will hold `p` (a new entry in it, or a replaced one) must exist (`exact`) or
// have an existing folder above it, and be writable.
void check_place(const fs::path& p, bool exact, const std::string& option,
                 const std::string& shown) {
  std::error_code ec;
  fs::path dir = fs::absolute(p, ec).parent_path();
  while (!exact && !dir.empty() && !fs::exists(fs::symlink_status(dir, ec)) &&
         dir != dir.root_path())
    dir = dir.parent_path();
  const fs::file_status s = fs::status(dir, ec);
  if (!fs::exists(s)) throw InputError(option, shown, "folder " + dir.string() + " does not exist");
  if (!fs::is_directory(s)) throw InputError(option, shown, dir.string() + " is not a folder");
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    throw InputError(option, shown,
                     "cannot write into " + dir.string() + ": " + std::strerror(errno));
}

}  // namespace

std::string OutputPath::folder(const std::string& path, const std::string& option) {
  if (path.empty())
    throw InputError(option, "", "empty path (leave the option out for the default)");
  if (path == "-")
    throw InputError(option, path, "a result folder cannot be standard output; name a folder");
  fs::path p = fs::path(path).lexically_normal();
  if (p.filename().empty() && p.has_parent_path()) p = p.parent_path();  // "out/" is "out"
  p = resolve(p);
  std::error_code ec;
  const fs::file_status s = fs::status(p, ec);
  if (fs::exists(s) && !fs::is_directory(s))
    throw InputError(option, path, "exists and is " + kind(s) + ", not a folder");
  if (fs::exists(s) && ::access(p.c_str(), W_OK | X_OK) != 0)
    throw InputError(option, path, std::string("cannot write into it: ") + std::strerror(errno));
  check_place(p, false, option, path);
  return p.string();
}

std::string OutputPath::file(const std::string& path, const std::string& option,
                             bool allow_stdout) {
  if (path.empty()) throw InputError(option, "", "empty path");
  if (path == "-") {
    if (allow_stdout) return path;
    throw InputError(option, path, "cannot be standard output here; name a file");
  }
  const fs::path p = resolve(fs::path(path));
  std::error_code ec;
  const fs::file_status s = fs::status(p, ec);
  if (fs::exists(s) && !fs::is_regular_file(s))
    throw InputError(option, path, "is " + kind(s) + ", not a regular file; name a file");
  check_place(p, true, option, path);
  // Permissions do not tell everything (a read-only or special file system, a full quota): a
  // file is made next to the target and removed again.
  const fs::path probe = fs::absolute(p, ec).parent_path() /
                         ("." + p.filename().string() + ".probe" + std::to_string(::getpid()));
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0)
    throw InputError(
        option, path,
        "cannot create a file in " + probe.parent_path().string() + ": " + std::strerror(errno));
  ::close(fd);
  ::unlink(probe.c_str());
  return p.string();
}

}  // namespace sttvp
