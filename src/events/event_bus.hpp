#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <vector>

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

  // A bus shared by several nodes keeps a log of recent events, so a gateway session can resume on a
  // node other than the one that served it.
  virtual bool keeps_log() const { return false; }
  // The position of the newest logged event (0: none, or no log). Blocking.
  virtual std::uint64_t log_head() { return 0; }
  // Every logged event after `position`, oldest first; nullopt when the log no longer reaches back
  // that far (or there is no log). Blocking: for the blocking pool.
  virtual std::optional<std::vector<std::shared_ptr<const Event>>> log_after(std::uint64_t position) {
    (void)position;
    return std::nullopt;
  }

 protected:
  friend class Subscription;
  virtual void unsubscribe(std::uint64_t id) = 0;
};

}  // namespace accord
