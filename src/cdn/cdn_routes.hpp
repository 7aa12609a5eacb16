#pragma once

#include "cdn/blob_store.hpp"
#include "core/live_config.hpp"
#include "http/router.hpp"

namespace accord::cdn {

// The CDN paths Discord clients build URLs for, served by the same binary: /avatars, /icons,
// /banners, /splashes, /role-icons, /emojis, /stickers, /attachments, /embed/avatars.
void add_cdn_routes(Router& router, BlobStore& blobs, const LiveConfig& config);

}  // namespace accord::cdn
