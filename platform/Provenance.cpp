#include "platform/Provenance.h"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "generated/Version.h"

namespace sttvp {

namespace {

std::vector<std::string>& command_line() {
  static std::vector<std::string> args;
  return args;
}

}  // namespace

void Provenance::set_command_line(int argc, const char* const* argv) {
  command_line().assign(argv, argv + argc);
}

namespace {

nlohmann::ordered_json record() {
  nlohmann::ordered_json j;
  j["program"] = std::string("sttvp ") + kVersion;
  j["command"] = command_line();
  std::error_code ec;
  j["working_directory"] = std::filesystem::current_path(ec).string();
  return j;
}

}  // namespace

std::string Provenance::json(const std::vector<std::string>& files) {
  nlohmann::ordered_json j = record();
  j["files"] = files;
  return j.dump(2) + "\n";
}

std::string Provenance::json() { return record().dump(2) + "\n"; }

std::vector<std::string> Provenance::files(const std::string& text) {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  std::vector<std::string> out;
  if (!j.is_object() || !j.contains("files") || !j["files"].is_array()) return out;
  for (const auto& f : j["files"]) {
    // Plain names only: the list says which entries of the folder itself to replace.
    if (!f.is_string()) continue;
    const std::string name = f.get<std::string>();
    if (!name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos)
      out.push_back(name);
  }
  return out;
}

}  // namespace sttvp
