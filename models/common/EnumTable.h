// The one mapping between an enum and the names configs and results use for it, both ways (what
// DRAMSys does with NLOHMANN_JSON_SERIALIZE_ENUM): a config parser reads a value through its
// table, so an unknown name gets ConfigNode's error naming the file, the key and every name.
//
//   enum class Fruit { Apple, Pear };
//   inline constexpr EnumTable<Fruit, 2> kFruits{
//       {{{Fruit::Apple, "apple"}, {Fruit::Pear, "pear"}}}};
//   Fruit f = kFruits.read(node, "fruit", Fruit::Apple);
#pragma once

#include <array>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/common/ConfigNode.h"

namespace sttvp {

template <typename E, std::size_t N>
struct EnumTable {
  struct Entry {
    E value;
    const char* name;
  };
  std::array<Entry, N> entries;

  // Every value of the enum is in its table (its unit test checks that).
  const char* name(E value) const {
    for (const Entry& e : entries)
      if (e.value == value) return e.name;
    throw std::logic_error("EnumTable: a value without a name");
  }
  // False, leaving `out` alone, when `name` is none of the table's names.
  bool parse(const std::string& name, E& out) const {
    for (const Entry& e : entries) {
      if (name == e.name) {
        out = e.value;
        return true;
      }
    }
    return false;
  }
  // The names in table order, for messages and for ConfigNode::text.
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const Entry& e : entries) out.emplace_back(e.name);
    return out;
  }
  // `key` of `node`, required or with a default (written into the resolved config by name).
  E read(ConfigNode& node, const std::string& key) const { return named(node.text(key, names())); }
  E read(ConfigNode& node, const std::string& key, E fallback) const {
    return named(node.text(key, names(), name(fallback)));
  }

 private:
  // A name ConfigNode::text has already checked against names().
  E named(const std::string& name) const {
    E value = entries[0].value;
    parse(name, value);
    return value;
  }
};

}  // namespace sttvp
