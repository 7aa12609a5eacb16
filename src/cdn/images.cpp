#include "cdn/images.hpp"

#include <vips/vips8>

#include <algorithm>
#include <mutex>
#include <stdexcept>

namespace accord::cdn {
namespace {

using vips::VImage;

bool starts_with(std::string_view bytes, std::string_view magic) {
  return bytes.substr(0, magic.size()) == magic;
}

std::string take_buffer(void* data, std::size_t size) {
  std::string out(static_cast<const char*>(data), size);
  g_free(data);
  return out;
}

}  // namespace

std::optional<ImageFormat> sniff_image(std::string_view bytes) {
  if (starts_with(bytes, "\x89PNG\r\n\x1a\n")) return ImageFormat::png;
  if (starts_with(bytes, "\xff\xd8\xff")) return ImageFormat::jpeg;
  if (starts_with(bytes, "GIF87a") || starts_with(bytes, "GIF89a")) return ImageFormat::gif;
  if (bytes.size() >= 12 && starts_with(bytes, "RIFF") && bytes.substr(8, 4) == "WEBP")
    return ImageFormat::webp;
  return std::nullopt;
}

std::string_view image_mime_type(ImageFormat format) {
  switch (format) {
    case ImageFormat::png:
      return "image/png";
    case ImageFormat::jpeg:
      return "image/jpeg";
    case ImageFormat::gif:
      return "image/gif";
    case ImageFormat::webp:
      return "image/webp";
  }
  return "application/octet-stream";
}

std::string_view image_extension(ImageFormat format) {
  switch (format) {
    case ImageFormat::png:
      return "png";
    case ImageFormat::jpeg:
      return "jpg";
    case ImageFormat::gif:
      return "gif";
    case ImageFormat::webp:
      return "webp";
  }
  return "bin";
}

std::optional<ImageFormat> image_format_from_extension(std::string_view extension) {
  if (extension == "png") return ImageFormat::png;
  if (extension == "jpg" || extension == "jpeg") return ImageFormat::jpeg;
  if (extension == "gif") return ImageFormat::gif;
  if (extension == "webp") return ImageFormat::webp;
  return std::nullopt;
}

std::optional<ImageInfo> probe_image(std::string_view bytes, std::int64_t max_pixels) {
  start_images("accord");
  if (!sniff_image(bytes)) return std::nullopt;
  try {
    auto image = VImage::new_from_buffer(bytes.data(), bytes.size(), "");
    ImageInfo info;
    info.width = image.width();
    info.height = image.height();
    const std::int64_t pages = image.get_typeof("n-pages") != 0 ? image.get_int("n-pages") : 1;
    info.animated = pages > 1;
    if (static_cast<std::int64_t>(info.width) * info.height * std::max<std::int64_t>(pages, 1) > max_pixels) {
      info.too_large = true;
      return info;
    }
    // Decoding a pixel proves the body is more than a valid header.
    image.getpoint(0, 0);
    return info;
  } catch (const vips::VError&) {
    return std::nullopt;
  }
}

std::string render_image(std::string_view bytes, ImageFormat format, int size, bool square) {
  start_images("accord");
  const auto source = sniff_image(bytes);
  if (!source) throw std::runtime_error("not an image");
  const bool keep_animation = (*source == ImageFormat::gif || *source == ImageFormat::webp) &&
                              (format == ImageFormat::gif || format == ImageFormat::webp);
  try {
    // A square is cut from the middle at the short side, then shrunk to `size` if larger: never
    // enlarged, but always square.
    if (square) {
      const auto header = VImage::new_from_buffer(bytes.data(), bytes.size(), "");
      size = std::min({size, header.width(), header.height()});
    }
    VipsBlob* blob = vips_blob_new(nullptr, bytes.data(), bytes.size());
    auto options = VImage::option()->set("height", size)->set("size", VIPS_SIZE_DOWN);
    if (square) options->set("crop", VIPS_INTERESTING_CENTRE);
    if (keep_animation) options->set("option_string", "n=-1");
    VImage image;
    try {
      image = VImage::thumbnail_buffer(blob, size, options);
    } catch (...) {
      vips_area_unref(VIPS_AREA(blob));
      throw;
    }
    vips_area_unref(VIPS_AREA(blob));
    void* out = nullptr;
    std::size_t out_size = 0;
    const std::string suffix = "." + std::string(image_extension(format));
    image.write_to_buffer(suffix.c_str(), &out, &out_size);
    return take_buffer(out, out_size);
  } catch (const vips::VError& error) {
    throw std::runtime_error(std::string("image conversion failed: ") + error.what());
  }
}

std::string solid_png(int size, unsigned char red, unsigned char green, unsigned char blue) {
  start_images("accord");
  auto image =
      VImage::black(size, size).new_from_image(std::vector<double>{double(red), double(green), double(blue)});
  image =
      image.cast(VIPS_FORMAT_UCHAR).copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
  void* out = nullptr;
  std::size_t out_size = 0;
  image.write_to_buffer(".png", &out, &out_size);
  return take_buffer(out, out_size);
}

void start_images(const char* program) {
  static std::once_flag started;
  std::call_once(started, [program] {
    if (VIPS_INIT(program) != 0) throw std::runtime_error("libvips failed to start");
    // Every conversion is cached as a file by the CDN; vips' own operation cache would only hold memory.
    vips_cache_set_max(0);
    vips_concurrency_set(1);
    // Bodies are sniffed as PNG, JPEG, GIF or WebP before vips sees them; refusing the loaders vips
    // marks untrusted (ImageMagick, PDF, ...) keeps it that way whatever a file claims to be.
    vips_block_untrusted_set(TRUE);
  });
}

}  // namespace accord::cdn
