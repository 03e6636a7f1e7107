#include "experiments/sweep/SweepDir.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "experiments/sweep/SweepJob.h"

namespace sttvp {
namespace fs = std::filesystem;

SweepDir::SweepDir(std::string root) : root_(std::move(root)) {}

std::string SweepDir::path(const std::string& name) const {
  return (fs::path(root_) / name).string();
}

std::string SweepDir::job_dir(const std::string& id) const {
  return (fs::path(root_) / "jobs" / id).string();
}

std::string SweepDir::job_file(const std::string& id, const std::string& name) const {
  return (fs::path(root_) / "jobs" / id / name).string();
}

SweepDir::State SweepDir::state(const std::string& id) const {
  std::string stats;
  // Renamed into place complete, so it parses; parsing anyway guards against a file that was
  // copied or truncated by hand.
  if (read_file(job_file(id, "stats.json"), stats) && nlohmann::json::accept(stats))
    return State::done;
  std::error_code ec;
  return fs::exists(job_file(id, "exit_status"), ec) ? State::failed : State::missing;
}

const char* SweepDir::state_name(State s) {
  switch (s) {
    case State::done:
      return "done";
    case State::failed:
      return "failed";
    case State::missing:
      return "missing";
  }
  return "missing";
}

void SweepDir::create() const {
  std::error_code ec;
  fs::create_directories(fs::path(root_) / "jobs", ec);
  if (ec) throw std::runtime_error(root_ + ": cannot create sweep folder: " + ec.message());
}

void SweepDir::prepare_job(const std::string& id, const std::vector<std::string>& args) const {
  // The id comes from SweepJob::make_id; checking it keeps remove_all inside DIR/jobs.
  if (!SweepJob::valid_id(id)) throw std::logic_error("malformed job id " + id);
  if (done(id)) return;
  const fs::path dir = job_dir(id);
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir, ec);
  if (ec) throw std::runtime_error(dir.string() + ": cannot create job folder: " + ec.message());
  std::string text;
  for (const auto& a : args) text += a + "\n";
  write_atomically((dir / "args").string(), text);
}

void SweepDir::record_exit(const std::string& id, int status) const {
  write_atomically(job_file(id, "exit_status"), std::to_string(status) + "\n");
}

void SweepDir::append_log(const std::string& line) const {
  std::ofstream out(path("sweep.log"), std::ios::app);
  char stamp[32];
  const std::time_t now = std::time(nullptr);
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", std::localtime(&now));
  out << stamp << "  " << line << "\n";
}

bool SweepDir::read_file(const std::string& file, std::string& text) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::stringstream s;
  s << in.rdbuf();
  text = s.str();
  return true;
}

void SweepDir::write_atomically(const std::string& file, const std::string& content) {
  const fs::path final_path(file);
  const fs::path tmp = final_path.parent_path() /
                       ("." + final_path.filename().string() + ".tmp" + std::to_string(::getpid()));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    if (!out) {
      const std::string why = std::strerror(errno);
      std::error_code ignored;
      fs::remove(tmp, ignored);
      throw std::runtime_error(file + ": write failed: " + why);
    }
  }
  std::error_code ec;
  fs::rename(tmp, final_path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw std::runtime_error(file + ": cannot rename into place: " + ec.message());
  }
}

}  // namespace sttvp
