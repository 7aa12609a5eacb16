#pragma once

#include <map>
#include <mutex>
#include <unordered_map>

#include "events/event_bus.hpp"

namespace accord {

// Delivers events to subscribers of the same process, synchronously on the publisher's thread.
// Handlers must be quick (queue and return): they run under no lock of ours but on a service thread.
class LocalEventBus final : public EventBus {
 public:
  void publish(Event event) override;
  Subscription subscribe(Audience audience, EventHandler handler) override;

 private:
  void unsubscribe(std::uint64_t id) override;

  struct Entry {
    Audience audience;
    std::shared_ptr<EventHandler> handler;
  };
  std::mutex mutex_;
  std::uint64_t next_id_ = 1;
  std::unordered_map<std::uint64_t, Entry> entries_;
  std::unordered_multimap<Audience, std::uint64_t> by_audience_;
};

}  // namespace accord
