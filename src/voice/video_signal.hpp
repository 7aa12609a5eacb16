#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "voice/voice_sessions.hpp"

namespace accord::voice {

// The voice gateway's video signalling, without sockets: IDENTIFY's `streams`, READY's answer and
// op 12 VIDEO (discord.md §7). Media itself goes through the SFU like audio.

// A string field of a stream or codec, cut to 32 bytes: names are short, and longer ones are not
// echoed to other members.
std::string video_signal_text(const boost::json::object& object, const char* key);

// IDENTIFY's `streams`: [{type, rid, quality}], the video streams the client may send (at most
// max_video_streams; SSRCs still 0).
std::vector<VideoStream> requested_streams(const boost::json::object& identify);

// READY's `streams`: what was asked for with the SSRCs the server assigned, none active yet.
boost::json::array ready_streams(const VoiceSession& session);

// What an op 12 from `session` becomes for the others in its channel.
struct VideoAnnouncement {
  std::string json;  // {user_id, audio_ssrc, video_ssrc, rtx_ssrc, streams}
  bool active;       // video is on (a video SSRC or an active stream)
  VideoAnnouncement(std::string json_, bool active_) : json(std::move(json_)), active(active_) {}
};

// op 12's `d` from a client: {audio_ssrc, video_ssrc, rtx_ssrc, streams: [{type, rid, ssrc, rtx_ssrc,
// active, quality, max_bitrate, max_framerate, max_resolution}]}. nullopt when it names an SSRC the
// session does not own (its audio SSRC, or the video SSRCs READY gave it; 0 means none) or is not
// that shape. Only the fields above are relayed, with the session's user_id.
std::optional<VideoAnnouncement> video_announcement(const VoiceSession& session,
                                                    const boost::json::object& d);

}  // namespace accord::voice
