// Writes a run's result files so that a reader never sees a partial one.
//
// Folder mode (prepare, write..., commit): the files are written into a staging folder and appear
// together when commit() is called. If DIR does not exist yet, the staging folder is its sibling
// DIR.partial-<pid> and commit() renames it to DIR, so the whole folder appears at once. If DIR
// exists (e.g. a sweep's job folder holding its args and log), the staging folder is
// DIR/.partial-<pid> and commit() renames each file into DIR (each file appears atomically; only
// SIGKILL between two renames can leave some of them). Destroyed without commit() because an
// exception is propagating, the writer removes the staging folder: nothing is left behind.
// Stale staging folders of processes that no longer exist are removed by prepare().
//
// SIGINT and SIGTERM are deferred from prepare() to commit() or cleanup (InterruptHandler), so an
// interrupted run leaves either no result or a complete one.
//
// File mode (write without prepare): DIR must exist; each file is written under a temporary name
// in DIR and renamed into place.
//
// Every failure (cannot create, disk full, cannot rename) throws std::runtime_error with one line
// naming the file and the reason.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "platform/InterruptHandler.h"

namespace sttvp {

class ResultWriter {
 public:
  explicit ResultWriter(std::string dir);
  ~ResultWriter();
  ResultWriter(const ResultWriter&) = delete;
  ResultWriter& operator=(const ResultWriter&) = delete;

  const std::string& dir() const { return dir_; }
  // Starts folder mode: creates the staging folder (and DIR's parents).
  void prepare();
  // Writes `content` to DIR/name (through the staging folder in folder mode).
  void write(const std::string& name, const std::string& content);
  // Folder mode: makes every written file appear in DIR.
  void commit();

 private:
  void abort() noexcept;

  std::string dir_;
  std::string staging_;  // empty: file mode
  bool staging_is_sibling_ = false;
  bool committed_ = false;
  int uncaught_at_prepare_ = 0;
  std::vector<std::string> names_;
  std::unique_ptr<InterruptHandler::Deferral> deferral_;
};

}  // namespace sttvp
