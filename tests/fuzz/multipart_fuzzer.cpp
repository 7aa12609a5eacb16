// Multipart bodies as uploads arrive: the first line is the Content-Type, the rest the body.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/multipart.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  const auto content_type = input.substr(0, newline == std::string_view::npos ? input.size() : newline);
  const auto body = newline == std::string_view::npos ? std::string_view{} : input.substr(newline + 1);
  if (!accord::is_multipart(content_type)) return 0;
  const auto parts = accord::parse_multipart(content_type, body);
  if (!parts) return 0;
  std::size_t total = 0;
  for (const auto& part : *parts) total += part.body.size();
  if (total > body.size()) std::abort();  // parts are slices of the body, never more
  return 0;
}
