// A JSON result a run wrote (stats.json, config.json), read by dotted key path
// ("energy_nj.total", "llc.retention.policy"). A key that is not there is an error naming the file
// and the key, so a statistic that was renamed or never registered stops the report instead of
// leaving "nan" in a table.
#pragma once

#include <string>

#include "models/common/ConfigNode.h"

namespace sttvp {

class ResultJson {
 public:
  // `text` is the content of `file`; throws std::runtime_error naming the file if it is not JSON.
  ResultJson(const std::string& text, std::string file);

  // A number; NaN for null (how JSON holds a statistic that is not a number, such as 0/0).
  // Throws std::runtime_error naming the file and the key if it is missing or not a number.
  double number(const std::string& path) const;
  // A string; throws std::runtime_error naming the file and the key if missing or not a string.
  std::string text(const std::string& path) const;

 private:
  const Json& at(const std::string& path) const;
  [[noreturn]] void fail(const std::string& path, const std::string& message) const;

  Json json_;
  std::string file_;
};

}  // namespace sttvp
