// EnumTable: one mapping between an enum and its names, both ways, read from configs with
// ConfigNode's checks.
#include <gtest/gtest.h>

#include <stdexcept>

#include "models/common/EnumTable.h"
#include "tests/support/EnumTableChecks.h"

namespace sttvp {
namespace {

enum class Fruit { Apple, Pear, Plum };
constexpr EnumTable<Fruit, 3> kFruits{
    {{{Fruit::Apple, "apple"}, {Fruit::Pear, "pear"}, {Fruit::Plum, "plum"}}}};

TEST(EnumTable, MapsNamesBothWays) {
  EXPECT_STREQ(kFruits.name(Fruit::Pear), "pear");
  Fruit f = Fruit::Apple;
  EXPECT_TRUE(kFruits.parse("plum", f));
  EXPECT_EQ(f, Fruit::Plum);
  EXPECT_EQ(kFruits.names(), (std::vector<std::string>{"apple", "pear", "plum"}));
}

TEST(EnumTable, UnknownNameLeavesTheValueAlone) {
  Fruit f = Fruit::Pear;
  EXPECT_FALSE(kFruits.parse("Pear", f));
  EXPECT_FALSE(kFruits.parse("", f));
  EXPECT_EQ(f, Fruit::Pear);
}

TEST(EnumTable, ValueMissingFromTheTableIsAProgramError) {
  constexpr EnumTable<Fruit, 2> partial{{{{Fruit::Apple, "apple"}, {Fruit::Pear, "pear"}}}};
  EXPECT_THROW(partial.name(Fruit::Plum), std::logic_error);
}

TEST(EnumTable, ReadsAConfigKeyAndWritesItsDefaultByName) {
  test::expect_complete_table(kFruits, {Fruit::Apple, Fruit::Pear, Fruit::Plum});
}

TEST(EnumTable, RequiredKeyMissingIsTheConfigError) {
  auto doc = ConfigDocument::from_json(Json::object(), "cfg.json");
  ConfigNode node(doc);
  try {
    kFruits.read(node, "fruit");
    FAIL() << "a missing key was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "cfg.json");
    EXPECT_EQ(e.where(), "fruit");
  }
}

}  // namespace
}  // namespace sttvp
