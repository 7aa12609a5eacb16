#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "events/event_bus.hpp"

namespace accord {

// The subscribers of one audience, copied on subscribe and unsubscribe so that publishing takes
// one pointer under a lock rather than a copy per subscriber: fan-out to thousands of sessions is
// the hot path, (un)subscribing is not. Both buses keep one per audience.
struct Subscriber {
  std::uint64_t id;
  std::shared_ptr<EventHandler> handler;
};
using SubscriberList = std::vector<Subscriber>;

inline std::shared_ptr<const SubscriberList> with_subscriber(
    const std::shared_ptr<const SubscriberList>& list, std::uint64_t id, EventHandler handler) {
  auto next = list ? std::make_shared<SubscriberList>(*list) : std::make_shared<SubscriberList>();
  next->push_back({id, std::make_shared<EventHandler>(std::move(handler))});
  return next;
}

// nullptr when `id` was the last one.
inline std::shared_ptr<const SubscriberList> without_subscriber(const SubscriberList& list,
                                                                std::uint64_t id) {
  auto next = std::make_shared<SubscriberList>();
  next->reserve(list.size());
  for (const auto& subscriber : list) {
    if (subscriber.id != id) next->push_back(subscriber);
  }
  return next->empty() ? nullptr : std::move(next);
}

}  // namespace accord
