#include "gateway/compression.hpp"

#include <zlib.h>
#include <zstd.h>

#include <stdexcept>

namespace accord::gateway {
namespace {

class ZlibStream final : public StreamCompressor {
 public:
  ZlibStream(int window_bits, int memory_level) {
    if (deflateInit2(&stream_, 6, Z_DEFLATED, window_bits, memory_level, Z_DEFAULT_STRATEGY) != Z_OK) {
      throw std::runtime_error("deflateInit failed");
    }
  }
  ~ZlibStream() override { deflateEnd(&stream_); }

  std::string compress(std::string_view payload) override {
    std::string out;
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(payload.data()));
    stream_.avail_in = static_cast<uInt>(payload.size());
    char buffer[16384];
    do {
      stream_.next_out = reinterpret_cast<Bytef*>(buffer);
      stream_.avail_out = sizeof buffer;
      deflate(&stream_, Z_SYNC_FLUSH);
      out.append(buffer, sizeof buffer - stream_.avail_out);
    } while (stream_.avail_out == 0);
    return out;
  }

 private:
  z_stream stream_{};
};

class ZstdStream final : public StreamCompressor {
 public:
  ZstdStream() : context_(ZSTD_createCCtx()) {
    if (!context_) throw std::runtime_error("ZSTD_createCCtx failed");
  }
  ~ZstdStream() override { ZSTD_freeCCtx(context_); }

  std::string compress(std::string_view payload) override {
    std::string out;
    ZSTD_inBuffer input{payload.data(), payload.size(), 0};
    char buffer[16384];
    std::size_t remaining = 0;
    do {
      ZSTD_outBuffer output{buffer, sizeof buffer, 0};
      remaining = ZSTD_compressStream2(context_, &output, &input, ZSTD_e_flush);
      if (ZSTD_isError(remaining)) throw std::runtime_error(ZSTD_getErrorName(remaining));
      out.append(buffer, output.pos);
    } while (remaining != 0 || input.pos < input.size);
    return out;
  }

 private:
  ZSTD_CCtx* context_;
};

}  // namespace

std::unique_ptr<StreamCompressor> make_zlib_stream(int window_bits, int memory_level) {
  return std::make_unique<ZlibStream>(window_bits, memory_level);
}
std::unique_ptr<StreamCompressor> make_zstd_stream() {
  return std::make_unique<ZstdStream>();
}

std::string zlib_compress_once(std::string_view payload) {
  uLongf size = compressBound(static_cast<uLong>(payload.size()));
  std::string out(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(payload.data()),
                static_cast<uLong>(payload.size()), 6) != Z_OK) {
    throw std::runtime_error("compress2 failed");
  }
  out.resize(size);
  return out;
}

}  // namespace accord::gateway
