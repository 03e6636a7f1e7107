// Writes a run's result files so that a reader never sees a partial one, nor a mix of two runs.
//
// Folder mode (prepare, write..., commit): the files are written into the staging folder
// DIR.partial-<pid>, a sibling of DIR, with DIR/provenance.json (Provenance: program, command
// line, and the list of result files). commit() makes them appear at once: if DIR does not exist
// (or is empty), the staging folder is renamed to DIR. If DIR exists, the new results replace the
// earlier run's as a whole: every other entry of DIR (a sweep job's args and log, a user's notes;
// everything its provenance.json does not list as results) is linked (a folder: moved) into the
// staging folder, which then trades places with DIR in one rename (RENAME_EXCHANGE); the earlier
// results are then removed. (On a file system without that rename, such as NFS, the files are
// renamed in one by one, the earlier run's stale files removed and provenance.json renamed last.)
// Destroyed without commit() because an exception is propagating, the writer removes the staging
// folder: nothing is left behind. Stale staging folders of processes that no longer exist are
// removed by prepare().
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
  // DIR exists: the staging folder takes its place, with DIR's entries that are not results.
  void replace_existing();

  std::string dir_;
  std::string staging_;  // empty: file mode
  bool committed_ = false;
  int uncaught_at_prepare_ = 0;
  std::vector<std::string> names_;
  std::unique_ptr<InterruptHandler::Deferral> deferral_;
};

}  // namespace sttvp
