#include "voice/video_signal.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace accord::voice {
namespace {

boost::json::object parse_object(std::string_view text) {
  return boost::json::parse(text).as_object();
}

// Two members as IDENTIFY leaves them: each with the video streams it asked for.
class VideoSignalTest : public ::testing::Test {
 protected:
  VideoSignalTest() {
    std::unique_ptr<VoiceSession> replaced;
    alice = &sessions.add(1, 100, VoiceGrant{10, false, false, false, true}, replaced);
    bob = &sessions.add(1, 200, VoiceGrant{10, false, false, false, true}, replaced);
    const auto identify = parse_object(R"({"streams":[{"type":"video","rid":"100","quality":100}]})");
    sessions.add_streams(*alice, requested_streams(identify));
    sessions.add_streams(*bob, requested_streams(identify));
  }

  std::optional<VideoAnnouncement> announce(VoiceSession& from, std::uint32_t audio, std::uint32_t video,
                                            std::uint32_t rtx) {
    const auto d = boost::json::object{
        {"audio_ssrc", audio},
        {"video_ssrc", video},
        {"rtx_ssrc", rtx},
        {"streams",
         boost::json::array{boost::json::object{
             {"type", "video"},
             {"rid", "100"},
             {"ssrc", video},
             {"rtx_ssrc", rtx},
             {"active", video != 0},
             {"quality", 100},
             {"max_bitrate", 2500000},
             {"max_framerate", 30},
             {"max_resolution",
              boost::json::object{
                  {"type", "fixed"}, {"width", 1280}, {"height", 720}, {"nested", boost::json::array{}}}},
             {"extra", "dropped"}}}}};
    return video_announcement(from, d);
  }

  VoiceSessions sessions;
  VoiceSession* alice = nullptr;
  VoiceSession* bob = nullptr;
};

TEST_F(VideoSignalTest, ReadyAnswersEachRequestedStreamWithItsSsrcs) {
  const auto streams = ready_streams(*alice);
  ASSERT_EQ(streams.size(), 1u);
  const auto& stream = streams[0].as_object();
  EXPECT_EQ(stream.at("type").as_string(), "video");
  EXPECT_EQ(stream.at("rid").as_string(), "100");
  EXPECT_EQ(stream.at("quality").as_int64(), 100);
  EXPECT_EQ(stream.at("ssrc").to_number<std::uint32_t>(), alice->streams[0].ssrc);
  EXPECT_EQ(stream.at("rtx_ssrc").to_number<std::uint32_t>(), alice->streams[0].rtx_ssrc);
  EXPECT_FALSE(stream.at("active").as_bool());
  EXPECT_TRUE(requested_streams(parse_object(R"({"streams":null})")).empty());
}

TEST_F(VideoSignalTest, AnOp12WithItsOwnSsrcsIsRelayedWithItsUserId) {
  const auto& mine = alice->streams[0];
  const auto announcement = announce(*alice, alice->ssrc, mine.ssrc, mine.rtx_ssrc);
  ASSERT_TRUE(announcement);
  EXPECT_TRUE(announcement->active);
  const auto relayed = boost::json::parse(announcement->json).as_object();
  EXPECT_EQ(relayed.at("user_id").as_string(), "100");
  EXPECT_EQ(relayed.at("audio_ssrc").to_number<std::uint32_t>(), alice->ssrc);
  EXPECT_EQ(relayed.at("video_ssrc").to_number<std::uint32_t>(), mine.ssrc);
  EXPECT_EQ(relayed.at("rtx_ssrc").to_number<std::uint32_t>(), mine.rtx_ssrc);
  const auto& stream = relayed.at("streams").as_array().at(0).as_object();
  EXPECT_EQ(stream.at("ssrc").to_number<std::uint32_t>(), mine.ssrc);
  EXPECT_EQ(stream.at("max_bitrate").as_int64(), 2500000);
  EXPECT_EQ(stream.at("max_resolution").as_object().at("width").as_int64(), 1280);
  EXPECT_FALSE(stream.at("max_resolution").as_object().contains("nested")) << "only plain values";
  EXPECT_FALSE(stream.contains("extra")) << "only the fields receivers read";
  // Video off: zeros, still relayed, no longer active.
  const auto off = announce(*alice, alice->ssrc, 0, 0);
  ASSERT_TRUE(off);
  EXPECT_FALSE(off->active);
}

TEST_F(VideoSignalTest, AnOp12NamingSomeoneElsesSsrcIsRefused) {
  const auto& mine = alice->streams[0];
  const auto& theirs = bob->streams[0];
  EXPECT_FALSE(announce(*alice, alice->ssrc, theirs.ssrc, mine.rtx_ssrc)) << "another member's video SSRC";
  EXPECT_FALSE(announce(*alice, alice->ssrc, mine.ssrc, theirs.rtx_ssrc)) << "another member's RTX SSRC";
  EXPECT_FALSE(announce(*alice, bob->ssrc, mine.ssrc, mine.rtx_ssrc)) << "another member's audio SSRC";
  EXPECT_FALSE(announce(*alice, alice->ssrc, alice->ssrc, 0)) << "its own audio SSRC as video";
  EXPECT_FALSE(announce(*alice, alice->ssrc, 12345, 0)) << "an SSRC nobody was given";
  EXPECT_FALSE(video_announcement(*alice, parse_object(R"({"video_ssrc":"1"})"))) << "not a number";
  EXPECT_FALSE(video_announcement(*alice, parse_object(R"({"streams":{}})"))) << "not a list";
}

}  // namespace
}  // namespace accord::voice
