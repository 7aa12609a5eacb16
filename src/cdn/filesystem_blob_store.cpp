#include "cdn/filesystem_blob_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace accord::cdn {
namespace {

std::atomic<std::uint64_t> temporary_counter{0};

void write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const auto written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) throw std::runtime_error("blob write failed");
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
}

}  // namespace

// Directories are made by the first put, so merely opening a store writes nothing.
FilesystemBlobStore::FilesystemBlobStore(std::filesystem::path root) : root_(std::move(root)) {}

std::filesystem::path FilesystemBlobStore::path_of(const std::string& key) const {
  // Keys are made by us, but a filename from a client may be part of one: refuse any escape.
  if (key.empty() || key.find("..") != std::string::npos || key.front() == '/')
    throw std::invalid_argument("bad blob key");
  return root_ / key;
}

void FilesystemBlobStore::put(const std::string& key, std::string_view bytes) {
  const auto path = path_of(key);
  std::filesystem::create_directories(path.parent_path());
  auto temporary = path;
  temporary += ".tmp" + std::to_string(::getpid()) + "." + std::to_string(++temporary_counter);
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot create " + temporary.string());
  try {
    write_all(fd, bytes);
    if (::fsync(fd) != 0) throw std::runtime_error("fsync failed");
  } catch (...) {
    ::close(fd);
    std::filesystem::remove(temporary);
    throw;
  }
  ::close(fd);
  std::filesystem::rename(temporary, path);
}

std::optional<std::string> FilesystemBlobStore::get(const std::string& key) const {
  std::ifstream file(path_of(key), std::ios::binary);
  if (!file) return std::nullopt;
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return std::move(bytes).str();
}

bool FilesystemBlobStore::exists(const std::string& key) const {
  std::error_code error;
  return std::filesystem::is_regular_file(path_of(key), error);
}

void FilesystemBlobStore::remove(const std::string& key) {
  std::error_code error;
  std::filesystem::remove(path_of(key), error);
}

}  // namespace accord::cdn
