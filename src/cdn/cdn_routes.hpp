#pragma once

#include "cdn/blob_store.hpp"
#include "http/router.hpp"

namespace accord::cdn {

// The CDN paths Discord clients build URLs for, served by the same binary: /avatars, /icons,
// /banners, /splashes, /role-icons, /emojis, /stickers, /attachments, /embed/avatars.
void add_cdn_routes(Router& router, BlobStore& blobs);

}  // namespace accord::cdn
