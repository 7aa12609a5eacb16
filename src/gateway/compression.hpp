#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace accord::gateway {

// Transport compression: one stream per connection, flushed after every payload so each frame
// can be decoded on arrival (zlib ends each with 00 00 ff ff).
class StreamCompressor {
 public:
  virtual ~StreamCompressor() = default;
  virtual std::string compress(std::string_view payload) = 0;
};

std::unique_ptr<StreamCompressor> make_zlib_stream();
std::unique_ptr<StreamCompressor> make_zstd_stream();

// IDENTIFY's `compress: true`: each payload a complete zlib stream of its own.
std::string zlib_compress_once(std::string_view payload);

}  // namespace accord::gateway
