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

// A smaller window costs a little ratio and saves most of the memory: deflate holds
// 2^(window_bits+2) + 2^(memory_level+9) bytes per connection. Any window inflates with the
// client's default 15-bit inflater.
std::unique_ptr<StreamCompressor> make_zlib_stream(int window_bits, int memory_level);
std::unique_ptr<StreamCompressor> make_zstd_stream();

// IDENTIFY's `compress: true`: each payload a complete zlib stream of its own.
std::string zlib_compress_once(std::string_view payload);

}  // namespace accord::gateway
