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
// folder and the parents it made: nothing is left behind. claim() does all that can fail before
// the run (the staging folder, its parents, the lock against a second process writing into DIR),
// and removes stale staging folders of processes that no longer exist.
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
  // Claims DIR before a run: creates DIR's parents and the staging folder, which holds a lock
  // (flock) while this writer lives. A live staging folder of another process means another
  // sttvp is writing results into DIR: refused (std::runtime_error). If a signal ends the
  // process before prepare(), the handler removes the (empty) staging folder and the parents
  // made for it.
  void claim();
  // Starts folder mode (claiming DIR first if needed): signals are deferred from here on.
  void prepare();
  // Writes `content` to DIR/name (through the staging folder in folder mode).
  void write(const std::string& name, const std::string& content);
  // Folder mode: makes every written file appear in DIR.
  void commit();

 private:
  void abort() noexcept;
  // Unlocks the staging folder and forgets it in the signal handler.
  void release() noexcept;
  // DIR exists: the staging folder takes its place, with DIR's entries that are not results.
  void replace_existing();

  std::string dir_;
  std::string staging_;            // empty: file mode
  int lock_fd_ = -1;               // the staging folder, locked
  std::vector<std::string> made_;  // parents of DIR created by claim(), deepest first
  bool prepared_ = false;
  bool committed_ = false;
  int uncaught_at_prepare_ = 0;
  std::vector<std::string> names_;
  std::unique_ptr<InterruptHandler::Deferral> deferral_;
};

}  // namespace sttvp
