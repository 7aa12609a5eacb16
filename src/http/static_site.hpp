#pragma once

#include <filesystem>
#include <string>

#include "http/request.hpp"
#include "http/response.hpp"

namespace accord {

// The built web client and admin panel (web/dist) served from disk. Both are single-page apps that
// route on the client, so any GET outside the API that names no file gets the page's HTML:
// `/admin` and below get admin.html, everything else index.html.
class StaticSite {
 public:
  explicit StaticSite(std::filesystem::path root);

  // `configured` when set, else web/dist beside the build folder the binary sits in
  // (build/accord -> web/dist), else a `web` folder beside the binary (an installed layout).
  static std::filesystem::path locate(const std::string& configured, const std::filesystem::path& binary);

  Response serve(const Request& request) const;
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

}  // namespace accord
