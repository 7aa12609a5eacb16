#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace accord {

// One part of a multipart/form-data body, as bot libraries send files: `payload_json` plus
// `files[n]`. The part's own Content-Type is kept but never trusted.
struct MultipartPart {
  std::string name;
  std::optional<std::string> filename;
  std::string content_type;
  std::string body;
};

// Whether the request's Content-Type is multipart/form-data.
bool is_multipart(std::string_view content_type);
// The parts, or nothing when the body is not well-formed for the boundary in `content_type`.
std::optional<std::vector<MultipartPart>> parse_multipart(std::string_view content_type,
                                                          std::string_view body);

}  // namespace accord
