#pragma once

#include <functional>
#include <memory>

#include "events/event.hpp"

namespace accord {

using EventHandler = std::function<void(const std::shared_ptr<const Event>&)>;

class EventBus;

// Unsubscribes when destroyed, so a closed session can never be called again.
class Subscription {
 public:
  Subscription() = default;
  Subscription(EventBus* bus, std::uint64_t id) : bus_(bus), id_(id) {}
  Subscription(Subscription&& other) noexcept;
  Subscription& operator=(Subscription&& other) noexcept;
  ~Subscription();

 private:
  void reset();
  EventBus* bus_ = nullptr;
  std::uint64_t id_ = 0;
};

// Services publish here; the gateway subscribes. In-process now, NATS across nodes later. Events
// are shared, never copied per subscriber.
class EventBus {
 public:
  virtual ~EventBus() = default;
  virtual void publish(Event event) = 0;
  [[nodiscard]] virtual Subscription subscribe(Audience audience, EventHandler handler) = 0;

 protected:
  friend class Subscription;
  virtual void unsubscribe(std::uint64_t id) = 0;
};

}  // namespace accord
