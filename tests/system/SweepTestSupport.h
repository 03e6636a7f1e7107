// Helpers for the sweep system tests: specs, job folders, and running sttvp in the background.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/system/RunSttvp.h"

namespace sttvp::test {

// A spec over the real skylake-sram config with a tiny single-core stream workload.
inline std::string tiny_spec(const std::string& grid_json, const std::string& extra = "",
                             std::uint64_t bytes = 1048576) {
  return std::string(R"({"config": ")") + STTVP_SOURCE_DIR + R"(/configs/skylake-sram.json",)" +
         R"("grid": )" + grid_json + R"(, "set": {"workload.bytes": )" + std::to_string(bytes) +
         R"(, "workload.passes": 1, "cores.count": 1})" + extra + "}";
}

inline std::vector<std::string> job_ids(const std::string& sweep_dir) {
  std::vector<std::string> ids;
  const auto list = read_json(sweep_dir + "/sweep.json");
  for (const auto& j : list["jobs"]) ids.push_back(j["id"].get<std::string>());
  return ids;
}

inline std::vector<std::string> csv_lines(const std::string& file) {
  std::vector<std::string> out;
  std::stringstream s(slurp(file));
  for (std::string l; std::getline(s, l);) out.push_back(l);
  return out;
}

inline void write_file(const std::string& file, const std::string& content) {
  std::ofstream(file, std::ios::binary) << content;
}

// The identity of a file's contents: a rewrite (even of the same bytes) changes it.
struct FileStamp {
  ino_t inode = 0;
  std::int64_t mtime_ns = 0;
  bool operator==(const FileStamp& o) const { return inode == o.inode && mtime_ns == o.mtime_ns; }
};

inline FileStamp stamp(const std::string& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return {};
  return {st.st_ino,
          static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

// Starts `sttvp ARGS...` from the source folder, stdout and stderr to `log`.
inline pid_t start_sttvp(const std::vector<std::string>& args, const std::string& log) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (::chdir(STTVP_SOURCE_DIR) != 0) ::_exit(126);
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    std::vector<char*> argv{const_cast<char*>(STTVP_EXE)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(STTVP_EXE, argv.data());
    ::_exit(127);
  }
  return pid;
}

// Processes whose command line mentions `text` (other than this test process).
inline std::vector<int> processes_mentioning(const std::string& text) {
  std::vector<int> out;
  for (const auto& e : std::filesystem::directory_iterator("/proc")) {
    const std::string name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    const int pid = std::stoi(name);
    if (pid == ::getpid()) continue;
    std::string cmd = slurp(e.path().string() + "/cmdline");
    const std::string stat = slurp(e.path().string() + "/stat");
    const auto paren = stat.rfind(')');
    if (paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] == 'Z')
      continue;  // ended, just not reaped yet
    if (cmd.find(text) != std::string::npos) out.push_back(pid);
  }
  return out;
}

}  // namespace sttvp::test
