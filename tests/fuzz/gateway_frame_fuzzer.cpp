// A gateway frame as it arrives (JSON or ETF, chosen by the first byte), then as it leaves through
// each compression: every compressed frame must inflate back to exactly what was sent.
#include <zlib.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gateway/compression.hpp"
#include "gateway/etf.hpp"

namespace {

std::string inflate_all(z_stream& stream, std::string_view input) {
  std::string out;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  stream.avail_in = static_cast<uInt>(input.size());
  char buffer[16384];
  do {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    const int result = inflate(&stream, Z_SYNC_FLUSH);
    if (result != Z_OK && result != Z_BUF_ERROR && result != Z_STREAM_END) std::abort();
    out.append(buffer, sizeof buffer - stream.avail_out);
  } while (stream.avail_out == 0);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  boost::json::value payload;
  if (data[0] & 1) {
    auto decoded = accord::gateway::etf_decode(bytes);
    if (!decoded) return 0;
    payload = std::move(*decoded);
  } else {
    boost::system::error_code error;
    payload = boost::json::parse(bytes, error);
    if (error) return 0;
  }
  const auto frame = boost::json::serialize(payload);
  auto zlib = accord::gateway::make_zlib_stream(11, 5);
  z_stream stream{};
  if (inflateInit(&stream) != Z_OK) return 0;
  // Twice: the second frame depends on the window the first one left.
  for (int i = 0; i < 2; ++i) {
    if (inflate_all(stream, zlib->compress(frame)) != frame) std::abort();
  }
  inflateEnd(&stream);
  auto zstd = accord::gateway::make_zstd_stream();
  if (zstd->compress(frame).empty() && !frame.empty()) std::abort();
  return 0;
}
