#include "cdn/content_type.hpp"

#include "cdn/images.hpp"

namespace accord::cdn {
namespace {

bool starts_with(std::string_view bytes, std::string_view magic) {
  return bytes.substr(0, magic.size()) == magic;
}

bool is_utf8_text(std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c == 0) return false;
    std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (length == 0 || i + length > bytes.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(bytes[i + k]) >> 6) != 0x2) return false;
    }
    i += length;
  }
  return true;
}

}  // namespace

std::string sniff_content_type(std::string_view bytes) {
  if (auto image = sniff_image(bytes)) return std::string(image_mime_type(*image));
  if (starts_with(bytes, "%PDF-")) return "application/pdf";
  if (starts_with(bytes, "OggS")) return "audio/ogg";
  if (starts_with(bytes, "ID3") || starts_with(bytes, "\xff\xfb")) return "audio/mpeg";
  if (starts_with(bytes, "fLaC")) return "audio/flac";
  if (bytes.size() >= 12 && starts_with(bytes, "RIFF") && bytes.substr(8, 4) == "WAVE") return "audio/wav";
  if (bytes.size() >= 12 && bytes.substr(4, 4) == "ftyp") return "video/mp4";
  if (starts_with(bytes, "\x1a\x45\xdf\xa3")) return "video/webm";
  if (starts_with(bytes, "PK\x03\x04")) return "application/zip";
  if (starts_with(bytes, "\x1f\x8b")) return "application/gzip";
  if (is_utf8_text(bytes)) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

}  // namespace accord::cdn
