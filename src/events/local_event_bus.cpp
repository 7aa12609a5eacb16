#include "events/local_event_bus.hpp"

#include <vector>

namespace accord {

void LocalEventBus::publish(Event event) {
  auto shared = std::make_shared<const Event>(std::move(event));
  std::vector<std::shared_ptr<EventHandler>> handlers;
  {
    std::lock_guard lock(mutex_);
    auto [begin, end] = by_audience_.equal_range(shared->audience);
    for (auto it = begin; it != end; ++it) handlers.push_back(entries_.at(it->second).handler);
  }
  // Called outside the lock so a handler may subscribe or unsubscribe.
  for (const auto& handler : handlers) (*handler)(shared);
}

Subscription LocalEventBus::subscribe(Audience audience, EventHandler handler) {
  std::lock_guard lock(mutex_);
  const auto id = next_id_++;
  entries_.emplace(id, Entry{audience, std::make_shared<EventHandler>(std::move(handler))});
  by_audience_.emplace(audience, id);
  return Subscription(this, id);
}

void LocalEventBus::unsubscribe(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  auto entry = entries_.find(id);
  if (entry == entries_.end()) return;
  auto [begin, end] = by_audience_.equal_range(entry->second.audience);
  for (auto it = begin; it != end; ++it) {
    if (it->second == id) {
      by_audience_.erase(it);
      break;
    }
  }
  entries_.erase(entry);
}

}  // namespace accord
