// Uploaded images: probing and converting never crash, and what the CDN renders is an image again.
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "cdn/content_type.hpp"
#include "cdn/images.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char*** argv) {
  accord::cdn::start_images((*argv)[0]);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)accord::cdn::sniff_content_type(bytes);
  // A small pixel budget, as a tight instance would set: bombs must be refused from their header.
  const auto info = accord::cdn::probe_image(bytes, 1'000'000);
  if (!info || info->too_large) return 0;
  try {
    const auto rendered = accord::cdn::render_image(bytes, accord::cdn::ImageFormat::webp, 32, true);
    if (accord::cdn::sniff_image(rendered) != accord::cdn::ImageFormat::webp) std::abort();
  } catch (const std::runtime_error&) {
    // A header that probes but a body that does not decode: refused, not a crash.
  }
  return 0;
}
