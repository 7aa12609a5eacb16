#pragma once

#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "events/event_bus.hpp"
#include "events/subscriber_list.hpp"

struct __natsConnection;
struct __natsSubscription;
struct __natsMsg;
struct __jsCtx;

namespace accord {

struct NatsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The bus of a cluster: events travel through NATS, so every node's sessions see what any node's
// services publish. Publishing is a plain NATS publish to "<stream>.log.<audience>"; the JetStream
// stream of that name stores it, numbers it, and republishes it to "<stream>.live.<audience>" with
// its sequence. Nodes subscribe to the live subjects of the audiences their sessions hold, so every
// node sees every audience's events in the one order the stream gave them, numbered, and a
// session can later resume anywhere by reading the stream from where its client stopped.
class NatsEventBus final : public EventBus {
 public:
  // Connects (retrying for a few seconds) and creates or updates the stream. Throws NatsError.
  NatsEventBus(const std::string& url, const std::string& stream, std::int64_t log_seconds,
               const std::string& node_name);
  ~NatsEventBus() override;
  NatsEventBus(const NatsEventBus&) = delete;
  NatsEventBus& operator=(const NatsEventBus&) = delete;

  void publish(Event event) override;
  Subscription subscribe(Audience audience, EventHandler handler) override;
  bool keeps_log() const override { return true; }
  std::uint64_t log_head() override;
  std::optional<std::vector<std::shared_ptr<const Event>>> log_after(std::uint64_t position) override;

 private:
  void unsubscribe(std::uint64_t id) override;
  static void on_message(__natsConnection* connection, __natsSubscription* subscription, __natsMsg* message,
                         void* closure);
  void deliver(__natsMsg* message);

  // One NATS subscription per audience, shared by every local subscriber of it; copied on write as
  // in LocalEventBus.
  struct Interest {
    std::shared_ptr<const SubscriberList> subscribers;
    __natsSubscription* subscription = nullptr;
  };

  std::string stream_;
  std::string log_prefix_;   // "<stream>.log"
  std::string live_prefix_;  // "<stream>.live"
  __natsConnection* connection_ = nullptr;
  __jsCtx* jetstream_ = nullptr;

  std::mutex mutex_;
  std::uint64_t next_id_ = 1;
  std::unordered_map<Audience, Interest> by_audience_;
  std::unordered_map<std::uint64_t, Audience> audience_of_;
};

}  // namespace accord
