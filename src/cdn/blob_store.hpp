#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace accord::cdn {

// Where uploaded files live, by key ("avatars/<user>/<hash>"). The filesystem now; object storage
// later, behind the same four calls.
class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // Durable when it returns: a 2xx for an upload means the bytes are on disk.
  virtual void put(const std::string& key, std::string_view bytes) = 0;
  virtual std::optional<std::string> get(const std::string& key) const = 0;
  virtual bool exists(const std::string& key) const = 0;
  virtual void remove(const std::string& key) = 0;
};

}  // namespace accord::cdn
