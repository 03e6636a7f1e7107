// The readers under test take file paths, so each fuzz input is written to a scratch file first:
// FOLDER/NAME, with FOLDER from $STTVP_FUZZ_DIR (scripts/fuzz.sh points it at a tmpfs-backed
// scratch folder) or a fresh temporary folder. One file per process, rewritten for every input.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

class FuzzFile {
 public:
  explicit FuzzFile(const std::string& name) {
    namespace fs = std::filesystem;
    const char* dir = std::getenv("STTVP_FUZZ_DIR");
    fs::path folder;
    if (dir != nullptr && *dir != '\0') {
      folder = dir;
    } else {
      std::string pattern = (fs::temp_directory_path() / "sttvp-fuzz-XXXXXX").string();
      folder = ::mkdtemp(pattern.data());
    }
    path_ = (folder / (std::to_string(::getpid()) + "-" + name)).string();
  }

  const std::string& path() const { return path_; }

  // Replaces the file's content with `size` bytes at `data`.
  const std::string& write(const std::uint8_t* data, std::size_t size) const {
    std::FILE* f = std::fopen(path_.c_str(), "wb");
    if (f == nullptr) std::abort();
    if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
    std::fclose(f);
    return path_;
  }

 private:
  std::string path_;
};
