#include "http/multipart.hpp"

#include <gtest/gtest.h>

namespace accord {
namespace {

const std::string form_type = "multipart/form-data; boundary=\"XyZ\"";

TEST(Multipart, ABotsMessageWithAFileComesApartIntoJsonAndFile) {
  const std::string body =
      "preamble is ignored\r\n--XyZ\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n"
      "Content-Type: application/json\r\n\r\n{\"content\":\"hi\"}\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"C:\\\\pics\\\\a "
      "\\\"b\\\".png\"\r\n"
      "Content-Type: image/png\r\n\r\n\x89PNG\r\n--XY\r\n--XyZ--\r\n";
  const auto parts = parse_multipart(form_type, body);
  ASSERT_TRUE(parts);
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "payload_json");
  EXPECT_EQ((*parts)[0].body, "{\"content\":\"hi\"}");
  EXPECT_FALSE((*parts)[0].filename);
  EXPECT_EQ((*parts)[1].name, "files[0]");
  // Backslashes stay (Windows paths); only \" is an escape.
  EXPECT_EQ((*parts)[1].filename, "C:\\\\pics\\\\a \"b\".png");
  EXPECT_EQ((*parts)[1].body, "\x89PNG\r\n--XY");
}

TEST(Multipart, BrokenBodiesAreRefusedNotGuessed) {
  EXPECT_FALSE(parse_multipart("multipart/form-data", "--XyZ--"));  // no boundary
  EXPECT_FALSE(parse_multipart(form_type, "no delimiter at all"));
  EXPECT_FALSE(
      parse_multipart(form_type, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated"));
  EXPECT_FALSE(
      parse_multipart(form_type, "--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--"));  // no disposition
  EXPECT_FALSE(
      parse_multipart(form_type, "--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--XyZ--"));
}

TEST(Multipart, OnlyFormDataIsMultipart) {
  EXPECT_TRUE(is_multipart("Multipart/Form-Data; boundary=a"));
  EXPECT_FALSE(is_multipart("application/json"));
  EXPECT_FALSE(is_multipart("multipart/mixed; boundary=a"));
}

}  // namespace
}  // namespace accord
