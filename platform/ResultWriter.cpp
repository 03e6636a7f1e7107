#include "platform/ResultWriter.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <stdexcept>

#include "models/common/InputError.h"
#include "models/common/JsonText.h"
#include "platform/Provenance.h"

namespace sttvp {
namespace fs = std::filesystem;

namespace {

const std::string kPartial = ".partial-";

// The folder as a path without a trailing separator ("out/" names the folder "out").
fs::path folder(const std::string& dir) {
  fs::path p = fs::path(dir).lexically_normal();
  if (p.filename().empty() && p.has_parent_path()) p = p.parent_path();
  return p;
}

std::string reason(int error) { return std::strerror(error); }

// The names in folder `dir` (not . and ..), listed with readdir: std::filesystem's iterator copies
// into stack memory that ASan wrongly finds poisoned after SystemC's coroutines ran (the listing
// happens after the simulation).
std::vector<std::string> entries(const fs::path& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr)
    throw std::runtime_error(dir.string() + ": cannot list the folder: " + reason(errno));
  std::vector<std::string> names;
  errno = 0;
  while (const dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  const int e = errno;
  ::closedir(d);
  if (e != 0) throw std::runtime_error(dir.string() + ": cannot list the folder: " + reason(e));
  return names;
}

// Writes `content` to `path`; errors name `shown` (the file's final name).
void write_file(const fs::path& path, const std::string& content, const std::string& shown) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error(shown + ": cannot create: " + reason(errno));
  const char* p = content.data();
  std::size_t n = content.size();
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      const int e = errno;
      ::close(fd);
      throw std::runtime_error(shown + ": cannot write: " + reason(e));
    }
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  if (::close(fd) != 0) throw std::runtime_error(shown + ": cannot write: " + reason(errno));
}

// The pid of a staging folder called `prefix`<pid>, or 0.
pid_t staging_pid(const std::string& name, const std::string& prefix) {
  if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return 0;
  const std::string digits = name.substr(prefix.size());
  if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 9) return 0;
  return static_cast<pid_t>(std::stol(digits));
}

// Removes the staging folders called `prefix`<pid> in `parent` whose process no longer exists;
// throws if one belongs to a live process that holds its lock (or, written by an older sttvp,
// has no lock): that process is writing results into the same folder.
void remove_stale(const fs::path& parent, const std::string& prefix, const std::string& dir) {
  std::error_code ec;
  for (fs::directory_iterator it(parent.empty() ? fs::path(".") : parent, ec), end;
       !ec && it != end; it.increment(ec)) {
    const pid_t pid = staging_pid(it->path().filename().string(), prefix);
    if (pid == 0 || pid == ::getpid()) continue;
    const int fd = ::open(it->path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    const bool locked = fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    const bool alive = ::kill(pid, 0) == 0 || errno != ESRCH;
    if (locked || alive) {
      if (fd >= 0) ::close(fd);
      throw std::runtime_error(dir + ": another sttvp (pid " + std::to_string(pid) +
                               ") is writing its results into this folder; wait for it to end "
                               "or choose another output folder");
    }
    std::error_code ignored;
    fs::remove_all(it->path(), ignored);
    if (fd >= 0) ::close(fd);
  }
}

}  // namespace

ResultWriter::ResultWriter(std::string dir) : dir_(std::move(dir)) {}

ResultWriter::~ResultWriter() {
  if (staging_.empty() || committed_) return;
  if (!prepared_ || std::uncaught_exceptions() > uncaught_at_prepare_) {
    abort();
    return;
  }
  // Left without commit() on a normal path: the results are complete, so publish them.
  try {
    commit();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sttvp: error: %s\n", e.what());
    abort();
  }
}

void ResultWriter::claim() {
  if (!staging_.empty()) return;
  uncaught_at_prepare_ = std::uncaught_exceptions();
  const fs::path target = folder(dir_);
  std::error_code ec;
  if (fs::exists(target, ec) && !fs::is_directory(target, ec))
    throw std::runtime_error(dir_ + ": cannot create output folder: a file of that name exists");
  for (fs::path p = target.parent_path(); !p.empty() && !fs::exists(fs::symlink_status(p, ec));
       p = p.parent_path())
    made_.push_back(p.string());
  if (target.has_parent_path()) {
    fs::create_directories(target.parent_path(), ec);
    if (ec) {
      abort();
      throw std::runtime_error(dir_ + ": cannot create output folder: " + ec.message());
    }
  }
  // Made under another name and locked before it is renamed into place, so that a staging
  // folder another process can see is locked while its owner lives.
  const std::string pid = std::to_string(::getpid());
  const std::string staging = target.string() + kPartial + pid;
  const std::string fresh = staging + ".new";
  fs::remove_all(fresh, ec);
  fs::remove_all(staging, ec);
  if (!fs::create_directory(fresh, ec) || ec) {
    const std::string why = ec ? ec.message() : "already exists";
    abort();
    throw std::runtime_error(dir_ + ": cannot create output folder: " + why);
  }
  lock_fd_ = ::open(fresh.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (lock_fd_ < 0 || ::flock(lock_fd_, LOCK_EX) != 0 ||
      std::rename(fresh.c_str(), staging.c_str()) != 0) {
    const std::string why = reason(errno);
    fs::remove_all(fresh, ec);
    abort();
    throw std::runtime_error(dir_ + ": cannot create output folder: " + why);
  }
  staging_ = staging;
  std::vector<std::string> cleanup{staging_};
  cleanup.insert(cleanup.end(), made_.begin(), made_.end());
  InterruptHandler::set_cleanup(cleanup);
  try {
    remove_stale(target.parent_path(), target.filename().string() + kPartial, dir_);
    if (fs::is_directory(target, ec)) remove_stale(target, kPartial, dir_);  // of an older sttvp
  } catch (...) {
    abort();
    throw;
  }
}

void ResultWriter::prepare() {
  claim();
  if (prepared_) return;
  prepared_ = true;
  deferral_ = std::make_unique<InterruptHandler::Deferral>();
}

void ResultWriter::write(const std::string& name, const std::string& content) {
  const std::string shown = (fs::path(dir_) / name).string();
  if (!staging_.empty()) {
    write_file(fs::path(staging_) / name, content, shown);
    names_.push_back(name);
    return;
  }
  // File mode: a temporary name next to the file, renamed into place; signals wait until it is
  // done. A symbolic link is written through; anything else that is not a regular file is left
  // alone.
  fs::path target = fs::path(dir_) / name;
  std::error_code ec;
  if (fs::is_symlink(fs::symlink_status(target, ec))) {
    const fs::path link = fs::read_symlink(target, ec);
    target = fs::weakly_canonical(link.is_absolute() ? link : target.parent_path() / link, ec);
  }
  const fs::file_status st = fs::status(target, ec);
  if (fs::exists(st) && !fs::is_regular_file(st))
    throw std::runtime_error(shown + ": not a regular file; not replaced");
  InterruptHandler::Deferral deferral;
  const fs::path tmp = target.parent_path() /
                       ("." + target.filename().string() + ".tmp" + std::to_string(::getpid()));
  try {
    write_file(tmp, content, shown);
  } catch (...) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw;
  }
  if (std::rename(tmp.c_str(), target.c_str()) != 0) {
    const int e = errno;
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw std::runtime_error(shown + ": cannot rename into place: " + reason(e));
  }
}

void ResultWriter::commit() {
  if (staging_.empty() || committed_) return;
  write_file(fs::path(staging_) / Provenance::kFile, Provenance::json(names_),
             (fs::path(dir_) / Provenance::kFile).string());
  // The whole folder appears at once, unless DIR exists (and is not empty).
  if (std::rename(staging_.c_str(), folder(dir_).c_str()) != 0) {
    if (errno != EEXIST && errno != ENOTEMPTY)
      throw std::runtime_error(dir_ + ": cannot rename the results into place: " + reason(errno));
    replace_existing();
  }
  committed_ = true;
  release();
  if (deferral_) {
    deferral_->results_complete(dir_);
    deferral_.reset();  // a signal that arrived while writing ends the process now
  }
}

void ResultWriter::replace_existing() {
  const fs::path target = folder(dir_), staging = staging_;
  std::vector<std::string> old;  // the earlier run's results
  try {
    old = Provenance::files(JsonText::read((target / Provenance::kFile).string(),
                                           JsonLimits{std::size_t{1} << 20, 64}));
  } catch (const InputError&) {
    // None (an empty folder, a sweep job's, or one written by an older sttvp): nothing to drop.
  }
  const auto listed = [](const std::vector<std::string>& list, const std::string& name) {
    return std::find(list.begin(), list.end(), name) != list.end();
  };
  // Everything else stays: files gain a second name in the staging folder, folders move there.
  std::vector<std::string> moved;
  for (const std::string& name : entries(target)) {
    if (name == Provenance::kFile || listed(old, name) || listed(names_, name)) continue;
    const fs::path from = target / name, to = staging / name;
    if (::link(from.c_str(), to.c_str()) == 0) continue;
    if (std::rename(from.c_str(), to.c_str()) != 0)
      throw std::runtime_error(from.string() +
                               ": cannot keep it in the new results: " + reason(errno));
    moved.push_back(name);
  }
  struct stat st {};
  if (::stat(target.c_str(), &st) == 0) ::chmod(staging.c_str(), st.st_mode & 07777);

  std::error_code ec;
  if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) {
    fs::remove_all(staging, ec);  // the earlier results (and second names of what stayed)
    return;
  }
  const int e = errno;
  for (const std::string& name : moved)
    std::rename((staging / name).c_str(), (target / name).c_str());
  if (e != EINVAL && e != ENOSYS)
    throw std::runtime_error(dir_ + ": cannot replace the earlier results: " + reason(e));
  // No exchange on this file system: one file at a time, the list of results last.
  for (const std::string& name : names_) {
    if (std::rename((staging / name).c_str(), (target / name).c_str()) != 0)
      throw std::runtime_error((target / name).string() +
                               ": cannot rename into place: " + reason(errno));
  }
  for (const std::string& name : old)
    if (!listed(names_, name)) fs::remove_all(target / name, ec);
  if (std::rename((staging / Provenance::kFile).c_str(), (target / Provenance::kFile).c_str()) != 0)
    throw std::runtime_error((target / Provenance::kFile).string() +
                             ": cannot rename into place: " + reason(errno));
  fs::remove_all(staging, ec);
}

void ResultWriter::release() noexcept {
  InterruptHandler::set_cleanup({});
  if (lock_fd_ >= 0) ::close(lock_fd_);
  lock_fd_ = -1;
}

void ResultWriter::abort() noexcept {
  std::error_code ignored;
  if (!staging_.empty()) fs::remove_all(staging_, ignored);
  staging_.clear();
  release();
  for (const std::string& p : made_) ::rmdir(p.c_str());  // only if still empty
  made_.clear();
  deferral_.reset();  // a signal that arrived while writing ends the process now
}

}  // namespace sttvp
