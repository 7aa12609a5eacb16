#include "events/local_event_bus.hpp"

namespace accord {

void LocalEventBus::publish(Event event) {
  auto shared = std::make_shared<const Event>(std::move(event));
  std::shared_ptr<const SubscriberList> subscribers;
  {
    std::lock_guard lock(mutex_);
    auto found = by_audience_.find(shared->audience);
    if (found == by_audience_.end()) return;
    subscribers = found->second;
  }
  // Called outside the lock so a handler may subscribe or unsubscribe.
  for (const auto& subscriber : *subscribers) (*subscriber.handler)(shared);
}

Subscription LocalEventBus::subscribe(Audience audience, EventHandler handler) {
  std::lock_guard lock(mutex_);
  const auto id = next_id_++;
  auto& current = by_audience_[audience];
  current = with_subscriber(current, id, std::move(handler));
  audience_of_.emplace(id, audience);
  return Subscription(this, id);
}

void LocalEventBus::unsubscribe(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  auto audience = audience_of_.find(id);
  if (audience == audience_of_.end()) return;
  auto current = by_audience_.find(audience->second);
  audience_of_.erase(audience);
  if (current == by_audience_.end()) return;
  if (auto next = without_subscriber(*current->second, id)) {
    current->second = std::move(next);
  } else {
    by_audience_.erase(current);
  }
}

}  // namespace accord
