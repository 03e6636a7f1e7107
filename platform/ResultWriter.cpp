#include "platform/ResultWriter.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace sttvp {
namespace fs = std::filesystem;

void ResultWriter::prepare() const {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) throw std::runtime_error(dir_ + ": cannot create output folder: " + ec.message());
}

void ResultWriter::write(const std::string& name, const std::string& content) const {
  const fs::path final_path = fs::path(dir_) / name;
  const fs::path tmp = fs::path(dir_) / ("." + name + ".tmp" + std::to_string(::getpid()));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    if (!out) {
      std::error_code ignored;
      fs::remove(tmp, ignored);
      throw std::runtime_error(final_path.string() + ": write failed: " + std::strerror(errno));
    }
  }
  std::error_code ec;
  fs::rename(tmp, final_path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw std::runtime_error(final_path.string() + ": cannot rename into place");
  }
}

}  // namespace sttvp
