#pragma once

#include <map>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "events/event_bus.hpp"
#include "events/subscriber_list.hpp"

namespace accord {

// Delivers events to subscribers of the same process, synchronously on the publisher's thread.
// Handlers must be quick (queue and return): they run under no lock of ours but on a service thread.
class LocalEventBus final : public EventBus {
 public:
  void publish(Event event) override;
  Subscription subscribe(Audience audience, EventHandler handler) override;

 private:
  void unsubscribe(std::uint64_t id) override;

  std::mutex mutex_;
  std::uint64_t next_id_ = 1;
  std::unordered_map<Audience, std::shared_ptr<const SubscriberList>> by_audience_;
  std::unordered_map<std::uint64_t, Audience> audience_of_;
};

}  // namespace accord
