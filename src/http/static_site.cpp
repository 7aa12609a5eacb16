#include "http/static_site.hpp"

#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>

#include "core/api_error.hpp"

namespace accord {
namespace {

std::string_view content_type_for(std::string_view extension) {
  if (extension == ".html") return "text/html; charset=utf-8";
  if (extension == ".js" || extension == ".mjs") return "text/javascript; charset=utf-8";
  if (extension == ".css") return "text/css; charset=utf-8";
  if (extension == ".json" || extension == ".map") return "application/json";
  if (extension == ".svg") return "image/svg+xml";
  if (extension == ".png") return "image/png";
  if (extension == ".jpg" || extension == ".jpeg") return "image/jpeg";
  if (extension == ".webp") return "image/webp";
  if (extension == ".gif") return "image/gif";
  if (extension == ".ico") return "image/x-icon";
  if (extension == ".woff2") return "font/woff2";
  if (extension == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) return std::nullopt;
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return std::move(bytes).str();
}

// A path made only of plain names: no `..`, no `.`, no empty or hidden segments, no backslashes.
bool is_plain_path(std::string_view path) {
  if (path.empty() || path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos)
    return false;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const auto segment = path.substr(start, end - start);
    if (segment.empty() || segment.front() == '.') return false;
    start = end + 1;
  }
  return true;
}

Response file_response(std::string body, std::string_view extension, bool immutable) {
  Response response;
  response.content_type = std::string(content_type_for(extension));
  response.body = std::move(body);
  // Vite names built assets by their content hash; the HTML pages must be asked for every time.
  response.headers = {{"Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache"},
                      {"X-Content-Type-Options", "nosniff"},
                      {"Referrer-Policy", "no-referrer"}};
  return response;
}

}  // namespace

StaticSite::StaticSite(std::filesystem::path root) : root_(std::move(root)) {}

std::filesystem::path StaticSite::locate(const std::string& configured, const std::filesystem::path& binary) {
  if (!configured.empty()) return configured;
  std::error_code error;
  const auto binary_dir = std::filesystem::weakly_canonical(binary, error).parent_path();
  const auto beside_build = binary_dir.parent_path() / "web" / "dist";
  if (std::filesystem::is_directory(beside_build, error)) return beside_build;
  return binary_dir / "web";
}

Response StaticSite::serve(const Request& request) const {
  std::string_view path = request.path;
  while (path.starts_with('/')) path.remove_prefix(1);
  if (!path.empty() && is_plain_path(path)) {
    const auto file = root_ / std::string(path);
    if (auto body = read_file(file)) {
      return file_response(std::move(*body), file.extension().string(), path.starts_with("assets/"));
    }
    // A missing asset is a 404, not the app: a stale page asking for an old bundle must see it fail.
    if (path.starts_with("assets/")) throw ApiError(404, 0, "404: Not Found");
  }
  const bool admin = path == "admin" || path.starts_with("admin/");
  auto page = read_file(root_ / (admin ? "admin.html" : "index.html"));
  if (!page) throw ApiError(404, 0, "404: Not Found (the web client is not built: run scripts/build)");
  return file_response(std::move(*page), ".html", false);
}

}  // namespace accord
