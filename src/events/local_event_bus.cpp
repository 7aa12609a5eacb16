#include "events/local_event_bus.hpp"

namespace accord {

void LocalEventBus::publish(Event event) {
  auto shared = std::make_shared<const Event>(std::move(event));
  std::shared_ptr<const Subscribers> subscribers;
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
  auto next = current ? std::make_shared<Subscribers>(*current) : std::make_shared<Subscribers>();
  next->push_back({id, std::make_shared<EventHandler>(std::move(handler))});
  current = std::move(next);
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
  auto next = std::make_shared<Subscribers>();
  next->reserve(current->second->size());
  for (const auto& subscriber : *current->second) {
    if (subscriber.id != id) next->push_back(subscriber);
  }
  if (next->empty()) {
    by_audience_.erase(current);
  } else {
    current->second = std::move(next);
  }
}

}  // namespace accord
