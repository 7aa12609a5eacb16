#include "events/nats_event_bus.hpp"

#include <nats/nats.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <chrono>
#include <thread>

#include "events/event_wire.hpp"

namespace accord {
namespace {

void check(natsStatus status, const std::string& what) {
  if (status == NATS_OK) return;
  const char* detail = nats_GetLastError(nullptr);
  throw NatsError(what + ": " + natsStatus_GetText(status) +
                  (detail && *detail ? std::string(" (") + detail + ")" : std::string()));
}

struct StreamInfo {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
};

StreamInfo stream_info(jsCtx* jetstream, const std::string& stream) {
  jsStreamInfo* info = nullptr;
  jsErrCode code{};
  check(js_GetStreamInfo(&info, jetstream, stream.c_str(), nullptr, &code), "reading the event stream");
  StreamInfo result{info->State.FirstSeq, info->State.LastSeq};
  jsStreamInfo_Destroy(info);
  return result;
}

}  // namespace

NatsEventBus::NatsEventBus(const std::string& url, const std::string& stream, std::int64_t log_seconds,
                           const std::string& node_name)
    : stream_(stream), log_prefix_(stream + ".log"), live_prefix_(stream + ".live") {
  natsOptions* options = nullptr;
  check(natsOptions_Create(&options), "NATS options");
  std::unique_ptr<natsOptions, decltype(&natsOptions_Destroy)> owned_options(options, natsOptions_Destroy);
  check(natsOptions_SetURL(options, url.c_str()), "NATS url");
  check(natsOptions_SetName(options, node_name.c_str()), "NATS name");
  // Every subscription's messages on one library thread, in the order they arrived: a thread per
  // audience would be thousands of threads, and one keeps the stream's order across audiences too.
  check(natsOptions_UseGlobalMessageDelivery(options, true), "NATS delivery");
  check(natsOptions_SetMaxReconnect(options, -1), "NATS reconnects");  // NATS restarts; we wait for it
  check(natsOptions_SetReconnectWait(options, 250), "NATS reconnect wait");
  check(natsOptions_SetRetryOnFailedConnect(options, true, nullptr, nullptr), "NATS retry");
  // Not yet connected is fine: the library keeps trying in the background, and creating the stream
  // below waits for it.
  const auto connected = natsConnection_Connect(&connection_, options);
  if (connected != NATS_NOT_YET_CONNECTED) check(connected, "connecting to NATS at " + url);
  check(natsConnection_JetStream(&jetstream_, connection_, nullptr), "NATS JetStream");

  const std::string subjects = log_prefix_ + ".>";
  const char* subject_list[] = {subjects.c_str()};
  const std::string live = live_prefix_ + ".>";
  jsRePublish republish;
  jsRePublish_Init(&republish);
  republish.Source = subjects.c_str();
  republish.Destination = live.c_str();
  jsStreamConfig config;
  jsStreamConfig_Init(&config);
  config.Name = stream_.c_str();
  config.Subjects = subject_list;
  config.SubjectsLen = 1;
  config.Storage = js_FileStorage;
  config.MaxAge = log_seconds * 1'000'000'000;
  config.RePublish = &republish;
  jsStreamInfo* info = nullptr;
  jsErrCode code{};
  // Several nodes start at once: whoever comes first creates the stream, the others update it to the
  // same settings. The server may still be starting (we retry the connection): wait a little for it.
  for (int attempt = 0;; ++attempt) {
    auto status = js_AddStream(&info, jetstream_, &config, nullptr, &code);
    if (status != NATS_OK && code == JSStreamNameExistErr)
      status = js_UpdateStream(&info, jetstream_, &config, nullptr, &code);
    if (status == NATS_OK) break;
    if (attempt == 40) check(status, "creating the JetStream stream (is nats-server running with -js?)");
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  jsStreamInfo_Destroy(info);
  spdlog::info("events: NATS {} stream {} ({} s of log)", url, stream_, log_seconds);
}

NatsEventBus::~NatsEventBus() {
  std::unordered_map<Audience, Interest> interests;
  {
    std::lock_guard lock(mutex_);
    interests.swap(by_audience_);
  }
  for (auto& [audience, interest] : interests) {
    natsSubscription_Unsubscribe(interest.subscription);
    natsSubscription_Destroy(interest.subscription);
  }
  jsCtx_Destroy(jetstream_);
  natsConnection_Close(connection_);
  natsConnection_Destroy(connection_);
}

void NatsEventBus::publish(Event event) {
  const auto subject = event_wire::subject(log_prefix_, event.audience);
  const auto body = event_wire::encode(event);
  // While NATS is away the library buffers publishes and sends them on reconnecting.
  const auto status =
      natsConnection_Publish(connection_, subject.c_str(), body.data(), static_cast<int>(body.size()));
  if (status != NATS_OK)
    spdlog::error("events: publishing {} failed: {}", event.name, natsStatus_GetText(status));
}

Subscription NatsEventBus::subscribe(Audience audience, EventHandler handler) {
  bool subscribed_now = false;
  std::uint64_t id = 0;
  {
    std::lock_guard lock(mutex_);
    id = next_id_++;
    auto& interest = by_audience_[audience];
    if (!interest.subscription) {
      const auto subject = event_wire::subject(live_prefix_, audience);
      check(natsConnection_Subscribe(&interest.subscription, connection_, subject.c_str(),
                                     &NatsEventBus::on_message, this),
            "subscribing");
      // Slow delivery must not drop events silently: generous per-audience backlog.
      natsSubscription_SetPendingLimits(interest.subscription, 1'000'000, 512 * 1024 * 1024);
      subscribed_now = true;
    }
    interest.subscribers = with_subscriber(interest.subscribers, id, std::move(handler));
    audience_of_.emplace(id, audience);
  }
  // The caller reads state next and relies on seeing every event published after this returns: the
  // server must have our interest first. A round trip, once per new audience on this node.
  if (subscribed_now) natsConnection_Flush(connection_);
  return Subscription(this, id);
}

void NatsEventBus::unsubscribe(std::uint64_t id) {
  natsSubscription* dropped = nullptr;
  {
    std::lock_guard lock(mutex_);
    auto audience = audience_of_.find(id);
    if (audience == audience_of_.end()) return;
    auto current = by_audience_.find(audience->second);
    audience_of_.erase(audience);
    if (current == by_audience_.end()) return;
    if (auto next = without_subscriber(*current->second.subscribers, id)) {
      current->second.subscribers = std::move(next);
    } else {
      dropped = current->second.subscription;
      by_audience_.erase(current);
    }
  }
  if (dropped) {
    natsSubscription_Unsubscribe(dropped);
    natsSubscription_Destroy(dropped);
  }
}

void NatsEventBus::on_message(natsConnection*, natsSubscription*, natsMsg* message, void* closure) {
  static_cast<NatsEventBus*>(closure)->deliver(message);
  natsMsg_Destroy(message);
}

void NatsEventBus::deliver(natsMsg* message) {
  const auto audience = event_wire::audience_of(natsMsg_GetSubject(message));
  if (!audience) return;
  const char* sequence = nullptr;
  std::uint64_t position = 0;
  if (natsMsgHeader_Get(message, "Nats-Sequence", &sequence) == NATS_OK && sequence) {
    std::from_chars(sequence, sequence + std::char_traits<char>::length(sequence), position);
  }
  std::shared_ptr<const SubscriberList> subscribers;
  {
    std::lock_guard lock(mutex_);
    auto found = by_audience_.find(*audience);
    if (found == by_audience_.end()) return;
    subscribers = found->second.subscribers;
  }
  auto event = event_wire::decode(
      std::string_view(natsMsg_GetData(message), static_cast<std::size_t>(natsMsg_GetDataLength(message))),
      *audience);
  if (!event) {
    spdlog::warn("events: unreadable event on {}", natsMsg_GetSubject(message));
    return;
  }
  event->log_position = position;
  auto shared = std::make_shared<const Event>(std::move(*event));
  for (const auto& subscriber : *subscribers) (*subscriber.handler)(shared);
}

std::uint64_t NatsEventBus::log_head() {
  return stream_info(jetstream_, stream_).last;
}

std::optional<std::vector<std::shared_ptr<const Event>>> NatsEventBus::log_after(std::uint64_t position) {
  const auto info = stream_info(jetstream_, stream_);
  if (position + 1 < info.first) return std::nullopt;  // what came after `position` has expired
  std::vector<std::shared_ptr<const Event>> events;
  if (position >= info.last) return events;

  jsSubOptions options;
  jsSubOptions_Init(&options);
  options.Stream = stream_.c_str();
  options.Ordered = true;
  options.Config.DeliverPolicy = js_DeliverByStartSequence;
  options.Config.OptStartSeq = position + 1;
  natsSubscription* reader = nullptr;
  jsErrCode code{};
  const auto subjects = log_prefix_ + ".>";
  check(js_SubscribeSync(&reader, jetstream_, subjects.c_str(), nullptr, &options, &code),
        "reading the event log");
  std::unique_ptr<natsSubscription, decltype(&natsSubscription_Destroy)> owned(reader,
                                                                               natsSubscription_Destroy);
  for (std::uint64_t seen = position; seen < info.last;) {
    natsMsg* message = nullptr;
    if (natsSubscription_NextMsg(&message, reader, 5000) != NATS_OK) {
      natsSubscription_Unsubscribe(reader);
      throw NatsError("the event log stopped before its end");
    }
    jsMsgMetaData* meta = nullptr;
    if (natsMsg_GetMetaData(&meta, message) == NATS_OK) {
      seen = meta->Sequence.Stream;
      jsMsgMetaData_Destroy(meta);
      if (auto audience = event_wire::audience_of(natsMsg_GetSubject(message))) {
        auto event =
            event_wire::decode(std::string_view(natsMsg_GetData(message),
                                                static_cast<std::size_t>(natsMsg_GetDataLength(message))),
                               *audience);
        if (event) {
          event->log_position = seen;
          events.push_back(std::make_shared<const Event>(std::move(*event)));
        }
      }
    }
    natsMsg_Destroy(message);
  }
  natsSubscription_Unsubscribe(reader);
  return events;
}

}  // namespace accord
