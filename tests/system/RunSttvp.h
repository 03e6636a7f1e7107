// Runs the real sttvp executable and reads what it wrote.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/system/SanitizerNoise.h"

namespace sttvp::test {

struct Outcome {
  int status = -1;
  std::string out;
  std::string err;
};

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `sttvp ARGS` from the source folder; captures stdout and stderr. `shell` runs first in
// the same shell (e.g. "ulimit -v N").
inline Outcome run_sttvp(const std::string& args, const std::string& scratch,
                         const std::string& shell = "") {
  const std::string err_file = scratch + "/.stderr";
  const std::string cmd = std::string("cd '") + STTVP_SOURCE_DIR + "' && " +
                          (shell.empty() ? "" : shell + " && ") + "'" + STTVP_EXE + "' " + args +
                          " 2>'" + err_file + "'";
  Outcome o;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return o;
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) o.out.append(buf.data(), n);
  const int raw = ::pclose(p);
  o.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  o.err = without_sanitizer_noise(slurp(err_file));
  std::remove(err_file.c_str());
  return o;
}

// The real MNIST split that scripts/fetch-mnist.sh writes; tests that train skip without it.
inline bool have_mnist() {
  const std::string dir = std::string(STTVP_SOURCE_DIR) + "/data/mnist/";
  return std::ifstream(dir + "train-images-idx3-ubyte").good() &&
         std::ifstream(dir + "t10k-images-idx3-ubyte").good();
}

#define REQUIRE_MNIST() \
  if (!have_mnist()) GTEST_SKIP() << "data/mnist is absent; run scripts/fetch-mnist.sh"

// The cells of every line of a CSV file (no quoting), header included.
inline std::vector<std::vector<std::string>> read_csv_rows(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(slurp(path));
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> cells;
    std::istringstream l(line);
    for (std::string cell; std::getline(l, cell, ',');) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

inline nlohmann::json read_json(const std::string& path) {
  return nlohmann::json::parse(slurp(path));
}

}  // namespace sttvp::test
