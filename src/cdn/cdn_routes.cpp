#include "cdn/cdn_routes.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "cdn/content_type.hpp"
#include "cdn/images.hpp"
#include "core/api_error.hpp"

namespace accord::cdn {
namespace {

constexpr int largest_size = 4096;

struct File {
  std::string stem;  // the hash or id
  ImageFormat format;
};

// "a_1234.webp" -> stem and format; 404 for anything else.
File parse_file(std::string_view name) {
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) throw ApiError(404, 0, "404: Not Found");
  const auto format = image_format_from_extension(name.substr(dot + 1));
  if (!format) throw ApiError(415, 0, "Unsupported image format");
  const auto stem = name.substr(0, dot);
  for (unsigned char c : stem) {
    if (!std::isalnum(c) && c != '_') throw ApiError(404, 0, "404: Not Found");
  }
  return {std::string(stem), *format};
}

// ?size= must be a power of two from 16 to 4096, as on Discord; without it the image keeps its size.
std::optional<int> requested_size(const Request& request) {
  const auto text = request.query_value("size");
  if (!text) return std::nullopt;
  int size = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), size);
  if (error != std::errc{} || end != text->data() + text->size() || size < 16 || size > largest_size ||
      (size & (size - 1)) != 0) {
    throw ApiError(400, 0, "Invalid size");
  }
  return size;
}

Response bytes_response(std::string body, std::string content_type) {
  Response response;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  // Every CDN key names its content (a hash or a fresh id), so it never changes.
  response.headers = {{"Cache-Control", "public, max-age=31536000, immutable"},
                      {"X-Content-Type-Options", "nosniff"}};
  return response;
}

// The stored image at `key` in the format and size asked; conversions are kept beside the original.
Response serve_image(BlobStore& blobs, const std::string& key, const File& file, const Request& request,
                     bool square) {
  const auto size = requested_size(request);
  auto original = blobs.get(key);
  if (!original) throw ApiError(404, 0, "404: Not Found");
  const auto source = sniff_image(*original);
  if (!source) throw ApiError(404, 0, "404: Not Found");
  if (!size && *source == file.format)
    return bytes_response(std::move(*original), std::string(image_mime_type(file.format)));

  const auto cache_key = "cache/" + key + "/" + std::to_string(size.value_or(0)) + "." +
                         std::string(image_extension(file.format));
  if (auto cached = blobs.get(cache_key))
    return bytes_response(std::move(*cached), std::string(image_mime_type(file.format)));
  auto rendered =
      render_image(*original, file.format, size.value_or(largest_size), square && size.has_value());
  blobs.put(cache_key, rendered);
  return bytes_response(std::move(rendered), std::string(image_mime_type(file.format)));
}

std::string param(const Request& request, const char* name) {
  return request.params.at(name);
}

// Discord's default avatars are its logo on five colours (six with the newer pink); ours are the colours.
constexpr std::array<std::array<unsigned char, 3>, 6> default_colours{
    {{88, 101, 242}, {117, 126, 138}, {59, 165, 92}, {250, 166, 26}, {237, 66, 69}, {235, 69, 158}}};

}  // namespace

void add_cdn_routes(Router& router, BlobStore& blobs, const LiveConfig& config) {
  struct Folder {
    const char* path;
    bool square;
  };
  for (const auto folder :
       {Folder{"avatars", true}, Folder{"icons", true}, Folder{"banners", false}, Folder{"splashes", false},
        Folder{"role-icons", true}, Folder{"discovery-splashes", false}, Folder{"channel-icons", true}}) {
    const std::string name = folder.path;
    router.add_root("GET", "/" + name + "/:owner_id/:file", [&blobs, name, folder](Request& request) {
      const auto file = parse_file(param(request, "file"));
      const auto owner = param(request, "owner_id");
      if (!parse_snowflake(owner)) throw ApiError(404, 0, "404: Not Found");
      return serve_image(blobs, name + "/" + owner + "/" + file.stem, file, request, folder.square);
    });
  }
  // Guild member avatars: /guilds/:guild_id/users/:user_id/avatars/:file.
  router.add_root("GET", "/guilds/:guild_id/users/:user_id/avatars/:file", [&blobs](Request& request) {
    const auto file = parse_file(param(request, "file"));
    const auto key =
        "member-avatars/" + param(request, "guild_id") + "/" + param(request, "user_id") + "/" + file.stem;
    return serve_image(blobs, key, file, request, true);
  });
  for (const char* folder : {"emojis", "stickers"}) {
    const std::string name = folder;
    router.add_root("GET", "/" + name + "/:file", [&blobs, name](Request& request) {
      const auto file = parse_file(param(request, "file"));
      if (!parse_snowflake(file.stem)) throw ApiError(404, 0, "404: Not Found");
      return serve_image(blobs, name + "/" + file.stem, file, request, false);
    });
  }
  router.add_root("GET", "/embed/avatars/:file", [](Request& request) {
    const auto file = parse_file(param(request, "file"));
    int index = -1;
    std::from_chars(file.stem.data(), file.stem.data() + file.stem.size(), index);
    if (file.stem.size() != 1 || index < 0 || index >= static_cast<int>(default_colours.size()))
      throw ApiError(404, 0, "404: Not Found");
    const auto& colour = default_colours[static_cast<std::size_t>(index)];
    const auto size = requested_size(request).value_or(256);
    auto png = solid_png(size, colour[0], colour[1], colour[2]);
    if (file.format != ImageFormat::png) png = render_image(png, file.format, size, false);
    return bytes_response(std::move(png), std::string(image_mime_type(file.format)));
  });
  // The upload-URL flow: whoever holds the URL (made unguessable by its token) may PUT the file once.
  router.add_root("PUT", "/upload/:channel_id/:token/:filename", [&blobs, &config](Request& request) {
    const auto channel = param(request, "channel_id");
    const auto token = param(request, "token");
    const auto filename = param(request, "filename");
    const bool token_ok = token.size() == 32 && std::all_of(token.begin(), token.end(), [](unsigned char c) {
                            return std::isdigit(c) || (c >= 'a' && c <= 'f');
                          });
    if (!parse_snowflake(channel) || !token_ok || filename.empty() ||
        filename.find("..") != std::string::npos || filename.find('/') != std::string::npos)
      throw ApiError(404, 0, "404: Not Found");
    if (static_cast<std::int64_t>(request.body.size()) > config.get()->limits.max_attachment_bytes)
      throw ApiError(413, 40005, "Request entity too large");
    const auto key = "uploads/" + channel + "/" + token + "/" + filename;
    if (blobs.exists(key)) throw ApiError(409, 0, "Already uploaded");
    blobs.put(key, request.body);
    Response response;
    response.content_type.clear();
    return response;
  });
  router.add_root("GET", "/attachments/:channel_id/:attachment_id/:filename", [&blobs](Request& request) {
    const auto channel = param(request, "channel_id");
    const auto attachment = param(request, "attachment_id");
    const auto filename = param(request, "filename");
    if (!parse_snowflake(channel) || !parse_snowflake(attachment) || filename.find("..") != std::string::npos)
      throw ApiError(404, 0, "404: Not Found");
    auto bytes = blobs.get("attachments/" + channel + "/" + attachment + "/" + filename);
    if (!bytes) throw ApiError(404, 0, "404: Not Found");
    auto type = sniff_content_type(*bytes);
    return bytes_response(std::move(*bytes), std::move(type));
  });
}

}  // namespace accord::cdn
