#include "cdn/content_type.hpp"

#include <gtest/gtest.h>

#include "cdn/images.hpp"

namespace accord::cdn {
namespace {

TEST(ContentType, TheBytesDecideNeverTheName) {
  EXPECT_EQ(sniff_content_type("\x89PNG\r\n\x1a\nrest"), "image/png");
  EXPECT_EQ(sniff_content_type(std::string("\xff\xd8\xff\xe0", 4)), "image/jpeg");
  EXPECT_EQ(sniff_content_type("GIF89a...."), "image/gif");
  EXPECT_EQ(sniff_content_type(std::string("RIFF\x10\x00\x00\x00WEBPVP8 ", 16)), "image/webp");
  EXPECT_EQ(sniff_content_type("%PDF-1.7"), "application/pdf");
  EXPECT_EQ(sniff_content_type("OggS\x00"), "audio/ogg");
  EXPECT_EQ(sniff_content_type("plain words, caf\xc3\xa9"), "text/plain; charset=utf-8");
  EXPECT_EQ(sniff_content_type(std::string("\x00\x01\x02", 3)), "application/octet-stream");
}

TEST(ContentType, PagesAreServedAsTextSoTheyNeverRunOnOurOrigin) {
  EXPECT_EQ(sniff_content_type("<!doctype html><script>alert(1)</script>"), "text/plain; charset=utf-8");
  EXPECT_EQ(sniff_content_type("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), "text/plain; charset=utf-8");
}

TEST(ContentType, TheCdnServesTheFormatsDiscordClientsAskFor) {
  EXPECT_EQ(image_format_from_extension("jpeg"), ImageFormat::jpeg);
  EXPECT_EQ(image_format_from_extension("webp"), ImageFormat::webp);
  EXPECT_FALSE(image_format_from_extension("bmp"));
  EXPECT_FALSE(image_format_from_extension("svg"));
}

}  // namespace
}  // namespace accord::cdn
