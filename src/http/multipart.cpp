#include "http/multipart.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <cctype>

namespace accord {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The value of `key=` in a header's parameters (`; name="files[0]"; filename="a.png"`), unquoted.
std::optional<std::string> parameter(std::string_view header, std::string_view key) {
  std::size_t position = 0;
  while ((position = header.find(';', position)) != std::string_view::npos) {
    ++position;
    auto rest = trim(header.substr(position));
    const auto equals = rest.find('=');
    if (equals == std::string_view::npos) continue;
    if (lowercase(trim(rest.substr(0, equals))) != key) continue;
    auto value = rest.substr(equals + 1);
    if (!value.empty() && value.front() == '"') {
      std::string out;
      for (std::size_t i = 1; i < value.size(); ++i) {
        // Only \" is an escape: browsers send Windows paths with their backslashes as they are.
        if (value[i] == '\\' && i + 1 < value.size() && value[i + 1] == '"') {
          out += value[++i];
        } else if (value[i] == '"') {
          return out;
        } else {
          out += value[i];
        }
      }
      return std::nullopt;  // unterminated quote
    }
    const auto end = value.find(';');
    return std::string(trim(value.substr(0, end)));
  }
  return std::nullopt;
}

}  // namespace

bool is_multipart(std::string_view content_type) {
  return lowercase(content_type.substr(0, 19)) == "multipart/form-data";
}

std::optional<std::vector<MultipartPart>> parse_multipart(std::string_view content_type,
                                                          std::string_view body) {
  const auto boundary = parameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 200) return std::nullopt;
  const std::string delimiter = "--" + *boundary;
  const std::string separator = "\r\n" + delimiter;

  // The preamble before the first delimiter is ignored, as RFC 2046 says.
  auto start = body.find(delimiter);
  if (start == std::string_view::npos) return std::nullopt;
  std::size_t position = start + delimiter.size();
  std::vector<MultipartPart> parts;
  for (;;) {
    if (body.substr(position, 2) == "--") return parts;  // the closing delimiter
    if (body.substr(position, 2) != "\r\n") return std::nullopt;
    position += 2;
    const auto headers_end = body.find("\r\n\r\n", position);
    if (headers_end == std::string_view::npos) return std::nullopt;
    MultipartPart part;
    auto headers = body.substr(position, headers_end - position);
    bool has_disposition = false;
    while (!headers.empty()) {
      const auto line_end = std::min(headers.find("\r\n"), headers.size());
      const auto line = headers.substr(0, line_end);
      headers.remove_prefix(std::min(line_end + 2, headers.size()));
      const auto colon = line.find(':');
      if (colon == std::string_view::npos) return std::nullopt;
      const auto name = lowercase(trim(line.substr(0, colon)));
      const auto value = trim(line.substr(colon + 1));
      if (name == "content-disposition") {
        if (lowercase(value.substr(0, 9)) != "form-data") return std::nullopt;
        auto field = parameter(value, "name");
        if (!field) return std::nullopt;
        part.name = std::move(*field);
        part.filename = parameter(value, "filename");
        has_disposition = true;
      } else if (name == "content-type") {
        part.content_type = std::string(value);
      }
    }
    if (!has_disposition) return std::nullopt;
    const auto content_start = headers_end + 4;
    const auto content_end = body.find(separator, content_start);
    if (content_end == std::string_view::npos) return std::nullopt;
    part.body = std::string(body.substr(content_start, content_end - content_start));
    parts.push_back(std::move(part));
    position = content_end + separator.size();
  }
}

}  // namespace accord
