#include "experiments/study/ResultJson.h"

#include <limits>
#include <sstream>
#include <stdexcept>

namespace sttvp {

ResultJson::ResultJson(const std::string& text, std::string file) : file_(std::move(file)) {
  try {
    json_ = Json::parse(text);
  } catch (const Json::exception&) {
    throw std::runtime_error(file_ + ": malformed JSON");
  }
}

void ResultJson::fail(const std::string& path, const std::string& message) const {
  throw std::runtime_error(file_ + ": " + path + ": " + message);
}

const Json& ResultJson::at(const std::string& path) const {
  const Json* node = &json_;
  std::stringstream s(path);
  std::string key;
  while (std::getline(s, key, '.')) {
    if (!node->is_object() || !node->contains(key)) fail(path, "no such key");
    node = &(*node)[key];
  }
  return *node;
}

double ResultJson::number(const std::string& path) const {
  const Json& v = at(path);
  if (v.is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (!v.is_number()) fail(path, "expected a number, got " + ConfigNode::type_name(v));
  return v.get<double>();
}

std::string ResultJson::text(const std::string& path) const {
  const Json& v = at(path);
  if (!v.is_string()) fail(path, "expected a string, got " + ConfigNode::type_name(v));
  return v.get<std::string>();
}

}  // namespace sttvp
