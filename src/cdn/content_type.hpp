#pragma once

#include <string>
#include <string_view>

namespace accord::cdn {

// The Content-Type to serve an upload with, from its bytes alone. Never text/html or anything a
// browser would run: an attachment must not become a page on our origin.
std::string sniff_content_type(std::string_view bytes);

}  // namespace accord::cdn
