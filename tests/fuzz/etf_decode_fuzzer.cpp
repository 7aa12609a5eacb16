// What an ETF client sends: decoding must never crash, and what decodes must survive a round trip.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "gateway/etf.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto value = accord::gateway::etf_decode(bytes);
  if (!value) return 0;
  const auto again = accord::gateway::etf_decode(accord::gateway::etf_encode(*value));
  if (!again || *again != *value) std::abort();
  return 0;
}
