#include "events/event_wire.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace accord {
namespace {

TEST(EventWire, AMessageCrossesToAnotherNodeWithEverythingItsFiltersNeed) {
  Event sent{"MESSAGE_CREATE", boost::json::parse(R"({"id":"9","content":"hi"})"), Audience::guild(42)};
  sent.channel_id = 7;
  sent.intent = intent::guild_messages;
  sent.required_permission = 1ull << 40;
  sent.session_id = "abc";

  const auto subject = event_wire::subject("ACCORD_EVENTS.live", sent.audience);
  EXPECT_EQ(subject, "ACCORD_EVENTS.live.g.42");
  const auto audience = event_wire::audience_of(subject);
  ASSERT_TRUE(audience);
  const auto received = event_wire::decode(event_wire::encode(sent), *audience);

  ASSERT_TRUE(received);
  EXPECT_EQ(received->name, "MESSAGE_CREATE");
  EXPECT_EQ(received->payload, sent.payload);
  EXPECT_EQ(received->audience, Audience::guild(42));
  EXPECT_EQ(received->channel_id, std::optional<Snowflake>(7));
  EXPECT_EQ(received->intent, intent::guild_messages);
  EXPECT_EQ(received->required_permission, 1ull << 40);
  EXPECT_EQ(received->session_id, "abc");
}

TEST(EventWire, EachAudienceKindHasItsOwnSubject) {
  EXPECT_EQ(event_wire::audience_of(event_wire::subject("p", Audience::user(1))), Audience::user(1));
  EXPECT_EQ(event_wire::audience_of(event_wire::subject("p", Audience::channel(2))), Audience::channel(2));
  EXPECT_EQ(event_wire::audience_of(event_wire::subject("p", Audience::guild(3))), Audience::guild(3));
}

TEST(EventWire, ForeignSubjectsAndBodiesAreDroppedNotThrown) {
  EXPECT_FALSE(event_wire::audience_of("p.x.5"));
  EXPECT_FALSE(event_wire::audience_of("p.g.notanumber"));
  EXPECT_FALSE(event_wire::audience_of("g"));
  const auto audience = Audience::user(1);
  EXPECT_FALSE(event_wire::decode("not json", audience));
  EXPECT_FALSE(event_wire::decode(R"({"d":{}})", audience));
  EXPECT_FALSE(event_wire::decode(R"({"t":"X","d":{},"intent":-1})", audience));
  EXPECT_FALSE(event_wire::decode(R"({"t":"X","d":{},"channel_id":5})", audience));
}

}  // namespace
}  // namespace accord
