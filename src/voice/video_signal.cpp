#include "voice/video_signal.hpp"

#include <boost/json/serialize.hpp>

#include <initializer_list>

namespace accord::voice {
namespace {

constexpr std::size_t max_text = 32;

// An SSRC field into `out`: absent, null and 0 all mean none. False when it is no SSRC.
bool ssrc_field(const boost::json::object& object, const char* key, std::uint32_t& out) {
  out = 0;
  const auto* value = object.if_contains(key);
  if (!value || value->is_null()) return true;
  // Parsed JSON holds integers as int64; built JSON may hold them as uint64.
  std::int64_t number = -1;
  if (value->is_int64()) number = value->as_int64();
  if (value->is_uint64() && value->as_uint64() <= 0xffffffffULL)
    number = static_cast<std::int64_t>(value->as_uint64());
  if (number < 0 || number > 0xffffffffLL) return false;
  out = static_cast<std::uint32_t>(number);
  return true;
}

// Copies the named fields that are plain values (short string, number, bool): what receivers
// read, and nothing a client could nest into it.
void copy_scalars(const boost::json::object& from, boost::json::object& to,
                  std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    const auto* value = from.if_contains(key);
    if (!value) continue;
    if ((value->is_string() && value->as_string().size() <= max_text) || value->is_number() ||
        value->is_bool())
      to[key] = *value;
  }
}

}  // namespace

std::string video_signal_text(const boost::json::object& object, const char* key) {
  const auto* value = object.if_contains(key);
  if (!value || !value->is_string()) return {};
  std::string text(value->as_string());
  if (text.size() > max_text) text.resize(max_text);
  return text;
}

std::vector<VideoStream> requested_streams(const boost::json::object& identify) {
  std::vector<VideoStream> result;
  const auto* value = identify.if_contains("streams");
  const auto* list = value ? value->if_array() : nullptr;
  if (!list) return result;
  for (const auto& item : *list) {
    const auto* stream = item.if_object();
    if (!stream) continue;
    auto type = video_signal_text(*stream, "type");
    const auto* quality = stream->if_contains("quality");
    result.emplace_back(type.empty() ? std::string("video") : std::move(type),
                        video_signal_text(*stream, "rid"),
                        quality && quality->is_int64() ? quality->as_int64() : 100);
    if (result.size() == max_video_streams) break;
  }
  return result;
}

boost::json::array ready_streams(const VoiceSession& session) {
  boost::json::array list;
  for (const auto& stream : session.streams) {
    list.push_back(boost::json::object{{"type", stream.type},
                                       {"rid", stream.rid},
                                       {"quality", stream.quality},
                                       {"ssrc", stream.ssrc},
                                       {"rtx_ssrc", stream.rtx_ssrc},
                                       {"active", false}});
  }
  return list;
}

std::optional<VideoAnnouncement> video_announcement(const VoiceSession& session,
                                                    const boost::json::object& d) {
  const auto own_video = [&session](std::uint32_t ssrc) {
    return ssrc == 0 || session.owns_video_ssrc(ssrc);
  };
  std::uint32_t audio_ssrc = 0;
  std::uint32_t video_ssrc = 0;
  std::uint32_t rtx_ssrc = 0;
  if (!ssrc_field(d, "audio_ssrc", audio_ssrc) || (audio_ssrc != 0 && !session.is_audio(audio_ssrc)) ||
      !ssrc_field(d, "video_ssrc", video_ssrc) || !own_video(video_ssrc) ||
      !ssrc_field(d, "rtx_ssrc", rtx_ssrc) || !own_video(rtx_ssrc))
    return std::nullopt;
  bool active = video_ssrc != 0;
  boost::json::array streams;
  if (const auto* list_value = d.if_contains("streams"); list_value && !list_value->is_null()) {
    const auto* list = list_value->if_array();
    if (!list || list->size() > max_video_streams) return std::nullopt;
    for (const auto& item : *list) {
      const auto* stream = item.if_object();
      std::uint32_t stream_ssrc = 0;
      std::uint32_t stream_rtx_ssrc = 0;
      if (!stream || !ssrc_field(*stream, "ssrc", stream_ssrc) || !own_video(stream_ssrc) ||
          !ssrc_field(*stream, "rtx_ssrc", stream_rtx_ssrc) || !own_video(stream_rtx_ssrc))
        return std::nullopt;
      boost::json::object relayed{{"ssrc", stream_ssrc}, {"rtx_ssrc", stream_rtx_ssrc}};
      copy_scalars(*stream, relayed, {"type", "rid", "active", "quality", "max_bitrate", "max_framerate"});
      if (const auto* resolution = stream->if_contains("max_resolution");
          resolution && resolution->is_object()) {
        boost::json::object copied;
        copy_scalars(resolution->as_object(), copied, {"type", "width", "height"});
        relayed["max_resolution"] = std::move(copied);
      }
      if (const auto* on = stream->if_contains("active");
          on && on->is_bool() && on->as_bool() && stream_ssrc != 0)
        active = true;
      streams.push_back(std::move(relayed));
    }
  }
  auto json = boost::json::serialize(boost::json::object{{"user_id", std::to_string(session.user_id)},
                                                         {"audio_ssrc", session.ssrc},
                                                         {"video_ssrc", video_ssrc},
                                                         {"rtx_ssrc", rtx_ssrc},
                                                         {"streams", std::move(streams)}});
  return VideoAnnouncement(std::move(json), active);
}

}  // namespace accord::voice
