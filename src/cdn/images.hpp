#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace accord::cdn {

enum class ImageFormat { png, jpeg, gif, webp };

// What the bytes are, from their magic numbers: a client's Content-Type is never believed.
std::optional<ImageFormat> sniff_image(std::string_view bytes);
std::string_view image_mime_type(ImageFormat format);
std::string_view image_extension(ImageFormat format);
// png, jpg, jpeg, webp, gif: the formats the CDN serves by extension.
std::optional<ImageFormat> image_format_from_extension(std::string_view extension);

struct ImageInfo {
  int width = 0;
  int height = 0;
  bool animated = false;
  bool too_large = false;  // more pixels than allowed: reported from the header, never decoded
};
// Reads the header, then (when within `max_pixels`, all frames counted) decodes a pixel to prove
// the body is real; nothing when the bytes are not an image libvips can read. The pixel limit is
// what stops a small file that unpacks to gigabytes (a decompression bomb).
std::optional<ImageInfo> probe_image(std::string_view bytes, std::int64_t max_pixels);

// Scaled so neither side exceeds `size` (never enlarged; cropped to a centred square when `square`),
// encoded as `format`. Animation is kept when both the source and the format can carry it.
// Throws std::runtime_error when the bytes cannot be decoded.
std::string render_image(std::string_view bytes, ImageFormat format, int size, bool square);

// A plain coloured square PNG: Discord's default avatars, /embed/avatars/N.png.
std::string solid_png(int size, unsigned char red, unsigned char green, unsigned char blue);

// Starts libvips once per process. The functions above call it themselves: starting it loads vips'
// modules (ImageMagick, poppler, ...), tens of milliseconds and megabytes that a server which never
// sees an image should not pay at start-up.
void start_images(const char* program);

}  // namespace accord::cdn
