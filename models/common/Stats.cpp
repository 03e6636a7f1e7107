#include "models/common/Stats.h"

#include <ostream>
#include <stdexcept>

namespace sttvp {

void Stats::add(const std::string& path, const std::uint64_t* counter, const std::string& unit,
                const std::string& description) {
  entries_.push_back({path, unit, description, [counter] { return Json(*counter); }});
}

void Stats::add(const std::string& path, const double* value, const std::string& unit,
                const std::string& description) {
  entries_.push_back({path, unit, description, [value] { return Json(*value); }});
}

void Stats::add(const std::string& path, std::function<double()> value, const std::string& unit,
                const std::string& description) {
  entries_.push_back({path, unit, description, [fn = std::move(value)] { return Json(fn()); }});
}

namespace {

// Walks "a.b[2].c" creating objects and arrays, returns the leaf slot.
Json& slot(Json& root, const std::string& path) {
  Json* node = &root;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    std::size_t dot = path.find('.', pos);
    std::string seg = path.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
    std::size_t br = seg.find('[');
    if (br != std::string::npos) {
      std::string name = seg.substr(0, br);
      std::size_t index = std::stoul(seg.substr(br + 1));
      Json& arr = (*node)[name];
      if (!arr.is_array()) arr = Json::array();
      while (arr.size() <= index) arr.push_back(Json::object());
      node = &arr[index];
    } else {
      node = &(*node)[seg];
    }
    if (dot == std::string::npos) break;
    pos = dot + 1;
  }
  return *node;
}

}  // namespace

Json Stats::to_json() const {
  Json root = Json::object();
  Json units = Json::object();
  for (const auto& e : entries_) {
    slot(root, e.path) = e.value();
    units[e.path] = {{"unit", e.unit}, {"description", e.description}};
  }
  root["_units"] = std::move(units);
  return root;
}

void Stats::write_csv(std::ostream& out) const {
  out << "stat,value,unit,description\n";
  for (const auto& e : entries_) {
    std::string desc = e.description;
    for (auto& c : desc)
      if (c == '"') c = '\'';
    out << e.path << ',' << e.value().dump() << ',' << e.unit << ",\"" << desc << "\"\n";
  }
}

double Stats::value(const std::string& path) const {
  for (const auto& e : entries_)
    if (e.path == path) return e.value().get<double>();
  throw std::out_of_range("no statistic " + path);
}

}  // namespace sttvp
