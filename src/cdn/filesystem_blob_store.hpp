#pragma once

#include <filesystem>

#include "cdn/blob_store.hpp"

namespace accord::cdn {

// Blobs as files under one directory; written to a temporary name, synced, then renamed, so a
// crash never leaves half a file under a real key.
class FilesystemBlobStore final : public BlobStore {
 public:
  explicit FilesystemBlobStore(std::filesystem::path root);

  void put(const std::string& key, std::string_view bytes) override;
  std::optional<std::string> get(const std::string& key) const override;
  bool exists(const std::string& key) const override;
  void remove(const std::string& key) override;

 private:
  std::filesystem::path path_of(const std::string& key) const;
  std::filesystem::path root_;
};

}  // namespace accord::cdn
