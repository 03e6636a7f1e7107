// Checks of an EnumTable (models/common/EnumTable.h) for the unit tests of each config area.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <set>
#include <string>

#include "models/common/ConfigNode.h"
#include "models/common/EnumTable.h"

namespace sttvp::test {

// `values` is every value of the enum: each maps to a name and back, names are unique, the table
// holds nothing else; a config naming none of them gets ConfigNode's error (file, key, the wrong
// name, every right one); a default is written into the resolved config by name.
template <typename E, std::size_t N>
void expect_complete_table(const EnumTable<E, N>& table, std::initializer_list<E> values) {
  EXPECT_EQ(values.size(), N) << "the table holds other values than the enum's";
  std::set<std::string> names;
  for (E v : values) {
    const std::string name = table.name(v);
    EXPECT_TRUE(names.insert(name).second) << "two values named " << name;
    E back = *values.begin() == v ? *(values.end() - 1) : *values.begin();
    ASSERT_TRUE(table.parse(name, back)) << name;
    EXPECT_TRUE(back == v) << name;
  }

  auto doc = ConfigDocument::from_json(Json{{"kind", "no-such-name"}}, "cfg.json");
  ConfigNode node(doc);
  try {
    table.read(node, "kind");
    ADD_FAILURE() << "an unknown name was accepted";
  } catch (const InputError& e) {
    const std::string message = e.what();
    for (const std::string& part :
         {std::string("cfg.json"), std::string("kind"), std::string("\"no-such-name\"")})
      EXPECT_NE(message.find(part), std::string::npos) << message;
    for (const std::string& name : names)
      EXPECT_NE(message.find(name), std::string::npos) << message;
  }

  const E last = *(values.end() - 1);
  auto empty = ConfigDocument::from_json(Json::object(), "cfg.json");
  ConfigNode defaults(empty);
  EXPECT_TRUE(table.read(defaults, "kind", last) == last);
  EXPECT_EQ(empty->json()["kind"], table.name(last));
}

}  // namespace sttvp::test
