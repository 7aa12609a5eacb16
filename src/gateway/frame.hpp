#pragma once

#include <memory>
#include <string>

namespace accord::gateway {

// A frame ready to send. A dispatch is `head` + `*data` + "}", where head is
// `{"op":0,"s":N,"t":"NAME","d":` (each session's own: the sequence differs) and data the event's
// JSON, shared by every session it goes to. Fan-out to N sessions then copies N short heads, not
// N payloads, and a replay buffer holds pointers rather than copies. Other frames are all head.
struct FrameText {
  std::string head;
  std::shared_ptr<const std::string> data;

  std::size_t size() const { return head.size() + (data ? data->size() + 1 : 0); }
  std::string joined() const { return data ? head + *data + "}" : head; }
};

using Frame = std::shared_ptr<const FrameText>;

inline Frame make_frame(std::string whole) {
  return std::make_shared<const FrameText>(FrameText{std::move(whole), nullptr});
}

}  // namespace accord::gateway
