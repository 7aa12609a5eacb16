#include "events/local_event_bus.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace accord {
namespace {

TEST(LocalEventBus, DeliversOnlyToTheEventsAudience) {
  LocalEventBus bus;
  std::vector<std::string> alice_saw, guild_saw;
  auto alice = bus.subscribe(Audience::user(1), [&](const auto& event) { alice_saw.push_back(event->name); });
  auto guild =
      bus.subscribe(Audience::guild(1), [&](const auto& event) { guild_saw.push_back(event->name); });

  bus.publish({"USER_UPDATE", nullptr, Audience::user(1)});
  bus.publish({"GUILD_UPDATE", nullptr, Audience::guild(1)});
  bus.publish({"USER_UPDATE", nullptr, Audience::user(2)});

  EXPECT_EQ(alice_saw, std::vector<std::string>{"USER_UPDATE"});
  EXPECT_EQ(guild_saw, std::vector<std::string>{"GUILD_UPDATE"});
}

TEST(LocalEventBus, SharesOneEventAmongSubscribers) {
  LocalEventBus bus;
  const Event* first = nullptr;
  const Event* second = nullptr;
  auto a = bus.subscribe(Audience::channel(5), [&](const auto& event) { first = event.get(); });
  auto b = bus.subscribe(Audience::channel(5), [&](const auto& event) { second = event.get(); });
  bus.publish({"MESSAGE_CREATE", nullptr, Audience::channel(5)});
  EXPECT_NE(first, nullptr);
  EXPECT_EQ(first, second);
}

TEST(LocalEventBus, StopsDeliveringWhenTheSubscriptionIsDropped) {
  LocalEventBus bus;
  int calls = 0;
  {
    auto subscription = bus.subscribe(Audience::user(1), [&](const auto&) { ++calls; });
    bus.publish({"A", nullptr, Audience::user(1)});
  }
  bus.publish({"B", nullptr, Audience::user(1)});
  EXPECT_EQ(calls, 1);
}

TEST(LocalEventBus, LetsAHandlerUnsubscribeItself) {
  LocalEventBus bus;
  Subscription subscription;
  int calls = 0;
  subscription = bus.subscribe(Audience::user(1), [&](const auto&) {
    ++calls;
    subscription = Subscription();
  });
  bus.publish({"A", nullptr, Audience::user(1)});
  bus.publish({"B", nullptr, Audience::user(1)});
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace accord
