// Request bodies: any bytes become either Discord's 50109/50035 errors or values within their schema.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/api_error.hpp"
#include "core/form.hpp"

namespace {

// Limits count characters (code points), as Discord's do, not bytes.
std::size_t characters(const std::string& text) {
  std::size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  try {
    const auto value = accord::parse_json_body(body);
    accord::FormReader form(value);
    // The shapes of real schemas: a message, a guild, a role, a channel.
    auto content = form.optional_string("content", 0, 2000);
    auto name = form.required_string("name", 2, 100);
    auto flags = form.optional_int("flags", 0, 1 << 16);
    auto tts = form.optional_bool("tts");
    auto position = form.optional_int("position", -1000, 1000);
    form.finish();
    if (content && characters(*content) > 2000) std::abort();
    if (name && (characters(*name) < 2 || characters(*name) > 100)) std::abort();
    if (flags && (*flags < 0 || *flags > (1 << 16))) std::abort();
    if (position && (*position < -1000 || *position > 1000)) std::abort();
    (void)tts;
  } catch (const accord::ApiError& error) {
    if (error.http_status() != 400 && error.http_status() != 413) std::abort();
    (void)error.to_json();
  }
  return 0;
}
