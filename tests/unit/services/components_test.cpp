#include "services/components.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace accord {
namespace {

// What a bot would send, and what a client would be told about it.
struct Checked {
  boost::json::array stored;
  std::string errors;  // the 50035 body's `errors`, serialized; empty when valid
};

Checked check(const char* components, bool modal = false) {
  FormErrors errors;
  Checked checked;
  checked.stored = read_components(boost::json::parse(components), errors, modal);
  if (!errors.empty()) checked.errors = boost::json::serialize(errors.to_api_error().errors());
  return checked;
}

TEST(Components, ARowOfButtonsAndALinkIsKept) {
  const auto checked = check(R"([{"type":1,"components":[
      {"type":2,"style":1,"custom_id":"yes","label":"Yes"},
      {"type":2,"style":4,"custom_id":"no","label":"No"},
      {"type":2,"style":5,"url":"https://example.org","label":"Docs"}]}])");
  EXPECT_EQ(checked.errors, "");
  ASSERT_EQ(checked.stored.size(), 1u);
  EXPECT_EQ(checked.stored[0].at("components").as_array().size(), 3u);
  EXPECT_NE(find_component(checked.stored, "no"), nullptr);
  EXPECT_EQ(find_component(checked.stored, "maybe"), nullptr);
}

TEST(Components, AButtonWithoutCustomIdIsNamedInTheError) {
  const auto checked = check(R"([{"type":1,"components":[{"type":2,"style":1,"label":"Yes"}]}])");
  EXPECT_NE(checked.errors.find(R"("components":{"0":{"components":{"0":{"custom_id")"), std::string::npos)
      << checked.errors;
}

TEST(Components, ALinkButtonMayNotCarryACustomId) {
  const auto checked = check(
      R"([{"type":1,"components":[{"type":2,"style":5,"url":"https://a.b","custom_id":"x","label":"L"}]}])");
  EXPECT_NE(checked.errors.find("COMPONENT_CUSTOM_ID_NOT_ALLOWED"), std::string::npos) << checked.errors;
}

TEST(Components, CustomIdsAreUniqueAcrossRows) {
  const auto checked = check(R"([
      {"type":1,"components":[{"type":2,"style":1,"custom_id":"same","label":"A"}]},
      {"type":1,"components":[{"type":2,"style":2,"custom_id":"same","label":"B"}]}])");
  EXPECT_NE(checked.errors.find("COMPONENT_CUSTOM_ID_DUPLICATED"), std::string::npos) << checked.errors;
}

TEST(Components, ASixthButtonOrASelectBesideButtonsIsTooWide) {
  std::string six = R"([{"type":1,"components":[)";
  for (int i = 0; i < 6; ++i) {
    six += (i ? "," : "") + std::string(R"({"type":2,"style":1,"label":"b","custom_id":"b)") +
           std::to_string(i) + "\"}";
  }
  six += "]}]";
  EXPECT_NE(check(six.c_str()).errors.find("COMPONENT_LAYOUT_WIDTH_EXCEEDED"), std::string::npos);
  const auto mixed = check(R"([{"type":1,"components":[
      {"type":2,"style":1,"custom_id":"b","label":"B"},
      {"type":3,"custom_id":"s","options":[{"label":"L","value":"v"}]}]}])");
  EXPECT_NE(mixed.errors.find("COMPONENT_LAYOUT_WIDTH_EXCEEDED"), std::string::npos) << mixed.errors;
}

TEST(Components, SixRowsAreTooMany) {
  std::string rows = "[";
  for (int i = 0; i < 6; ++i) {
    rows += (i ? "," : "") +
            std::string(R"({"type":1,"components":[{"type":2,"style":1,"label":"b","custom_id":"r)") +
            std::to_string(i) + "\"}]}";
  }
  rows += "]";
  EXPECT_NE(check(rows.c_str()).errors.find("BASE_TYPE_MAX_LENGTH"), std::string::npos);
}

TEST(Components, AStringSelectNeedsOptionsWithLabelsAndValues) {
  const auto empty = check(R"([{"type":1,"components":[{"type":3,"custom_id":"s","options":[]}]}])");
  EXPECT_NE(empty.errors.find("options"), std::string::npos) << empty.errors;
  const auto unlabeled =
      check(R"([{"type":1,"components":[{"type":3,"custom_id":"s","options":[{"value":"v"}]}]}])");
  EXPECT_NE(unlabeled.errors.find("label"), std::string::npos) << unlabeled.errors;
}

TEST(Components, TextInputsBelongInModalsOnly) {
  const char* input = R"([{"type":1,"components":[{"type":4,"custom_id":"why","style":2,"label":"Why?"}]}])";
  EXPECT_EQ(check(input, true).errors, "");
  EXPECT_NE(check(input, false).errors.find("type"), std::string::npos);
  const char* button = R"([{"type":1,"components":[{"type":2,"style":1,"custom_id":"b","label":"B"}]}])";
  EXPECT_NE(check(button, true).errors.find("type"), std::string::npos);
}

TEST(Components, NotAnArrayIsRefusedAndNullMeansNone) {
  EXPECT_NE(check(R"({"type":1})").errors.find("BASE_TYPE_ARRAY"), std::string::npos);
  const auto none = check("null");
  EXPECT_EQ(none.errors, "");
  EXPECT_TRUE(none.stored.empty());
}

}  // namespace
}  // namespace accord
