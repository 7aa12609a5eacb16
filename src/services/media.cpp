#include "services/media.hpp"

#include <sodium.h>

#include <cctype>

#include "cdn/content_type.hpp"
#include "cdn/images.hpp"
#include "core/api_error.hpp"
#include "core/base64.hpp"
#include "core/form.hpp"
#include "core/text.hpp"

namespace accord {
namespace {

std::string content_hash(std::string_view bytes) {
  unsigned char digest[16];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size(), nullptr, 0);
  return hex(digest, sizeof digest);
}

// Keeps a filename safe to put in a URL path and a blob key, as Discord does (spaces become _).
std::string clean_filename(std::string_view name) {
  if (const auto slash = name.find_last_of("/\\"); slash != std::string_view::npos)
    name.remove_prefix(slash + 1);
  std::string out;
  for (unsigned char c : name) {
    out += (std::isalnum(c) || c == '.' || c == '-' || c == '_') ? static_cast<char>(c) : '_';
  }
  while (out.starts_with('.')) out.erase(0, 1);
  if (out.empty()) out = "unknown";
  if (out.size() > 100) out.erase(0, out.size() - 100);
  return out;
}

[[noreturn]] void fail(const std::string& field, const char* code, const std::string& message) {
  throw ApiError::invalid_field(field, code, message);
}

// The image's facts, once it is known to be an image small enough; 50035 naming `field` otherwise.
cdn::ImageInfo checked_image(std::string_view bytes, const std::string& field, std::int64_t max_bytes,
                             std::int64_t max_pixels) {
  if (static_cast<std::int64_t>(bytes.size()) > max_bytes) {
    fail(field, "BINARY_TYPE_MAX_SIZE",
         "File cannot be larger than " + std::to_string(max_bytes / 1024) + ".0 kb.");
  }
  const auto info = cdn::probe_image(bytes, max_pixels);
  if (!info) fail(field, "IMAGE_INVALID", "Invalid image data");
  if (info->too_large)
    fail(field, "IMAGE_TOO_LARGE", "Image has more than " + std::to_string(max_pixels) + " pixels.");
  return *info;
}

}  // namespace

std::string MediaService::base_url() const {
  auto url = context_.config.get()->http.public_url;
  while (url.ends_with('/')) url.pop_back();
  return url;
}

std::string MediaService::decode_data_uri(std::string_view data_uri, const std::string& field) const {
  // data:[<type>][;base64],<data>; the declared type is ignored, the bytes decide.
  if (!data_uri.starts_with("data:")) fail(field, "IMAGE_INVALID", "Invalid image data");
  const auto comma = data_uri.find(',');
  if (comma == std::string_view::npos || data_uri.substr(0, comma).find(";base64") == std::string_view::npos)
    fail(field, "IMAGE_INVALID", "Invalid image data");
  auto bytes = base64_decode(data_uri.substr(comma + 1));
  if (!bytes) fail(field, "IMAGE_INVALID", "Invalid image data");
  return std::move(*bytes);
}

bool MediaService::save_image_at(const std::string& key, std::string_view bytes, const std::string& field,
                                 std::int64_t max_bytes) {
  const auto info = checked_image(bytes, field, max_bytes, context_.config.get()->limits.max_image_pixels);
  blobs_.put(key, bytes);
  return info.animated;
}

std::string MediaService::save_image(std::string_view folder, Snowflake owner, std::string_view data_uri,
                                     const std::string& field, std::int64_t max_bytes) {
  const auto bytes = decode_data_uri(data_uri, field);
  const auto info = checked_image(bytes, field, max_bytes, context_.config.get()->limits.max_image_pixels);
  auto hash = content_hash(bytes);
  if (info.animated) hash.insert(0, "a_");
  blobs_.put(std::string(folder) + "/" + to_string(owner) + "/" + hash, bytes);
  return hash;
}

boost::json::object MediaService::save_attachment(Snowflake channel_id, const UploadedFile& file,
                                                  const std::optional<std::string>& description) {
  const auto id = context_.ids.next();
  const auto filename = clean_filename(file.filename);
  const auto path = "attachments/" + to_string(channel_id) + "/" + to_string(id) + "/" + filename;
  const auto content_type = cdn::sniff_content_type(file.bytes);
  blobs_.put(path, file.bytes);
  const auto url = base_url() + "/" + path;
  boost::json::object json{
      {"id", to_string(id)}, {"filename", filename}, {"size", file.bytes.size()},
      {"url", url},          {"proxy_url", url},     {"content_type", content_type},
  };
  if (description) json["description"] = *description;
  if (content_type.starts_with("image/")) {
    // Attachments are stored as sent; their size is read from the header, never by decoding.
    if (const auto info = cdn::probe_image(file.bytes, 0)) {
      json["width"] = info->width;
      json["height"] = info->height;
    }
  }
  return json;
}

MediaService::PendingUpload MediaService::prepare_upload(Snowflake channel_id, const std::string& filename) {
  unsigned char token[16];
  randombytes_buf(token, sizeof token);
  const auto name = to_string(channel_id) + "/" + hex(token, sizeof token) + "/" + clean_filename(filename);
  return {base_url() + "/upload/" + name, name};
}

std::optional<std::string> MediaService::find_upload(Snowflake channel_id,
                                                     const std::string& upload_filename) {
  if (!upload_filename.starts_with(to_string(channel_id) + "/") ||
      upload_filename.find("..") != std::string::npos)
    return std::nullopt;
  return blobs_.get("uploads/" + upload_filename);
}

void MediaService::discard_upload(const std::string& upload_filename) {
  if (upload_filename.find("..") == std::string::npos) blobs_.remove("uploads/" + upload_filename);
}

void MediaService::remove_image(const std::string& key) {
  blobs_.remove(key);
}

void MediaService::remove_attachment(const boost::json::object& attachment) {
  const auto* url = attachment.if_contains("url");
  if (!url || !url->is_string()) return;
  const std::string_view text = url->get_string();
  const auto at = text.find("/attachments/");
  if (at != std::string_view::npos) blobs_.remove(std::string(text.substr(at + 1)));
}

}  // namespace accord
