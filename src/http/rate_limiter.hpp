#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/token.hpp"
#include "core/clock.hpp"
#include "core/live_config.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace accord {

// Throttles the HTTP API the way Discord does, so bot libraries can schedule by our headers:
// fixed windows per route bucket and major parameter (channel, guild, webhook) per user, a global
// per-user (or per-address) limit, and a block for addresses that keep earning 401/403/429.
class RateLimiter {
 public:
  // Whether a user holds the bypass right; asked at most every 30 s per user.
  using BypassCheck = std::function<bool(Snowflake user_id)>;
  RateLimiter(const LiveConfig& config, const Clock& clock, const TokenSigner& tokens, BypassCheck bypass);

  struct Verdict {
    bool allowed = true;
    bool has_bucket = false;  // whether the X-RateLimit-* headers apply
    std::int64_t limit = 0;
    std::int64_t remaining = 0;
    std::int64_t reset_at_ms = 0;
    std::int64_t reset_after_ms = 0;
    std::string bucket;
    bool global = false;
    std::string scope;  // on a refusal: user, global or shared
  };

  // Counts a request to the route `method pattern` and says whether it may go on.
  Verdict admit(std::string_view method, std::string_view pattern, const Request& request);
  // Forgets what was derived from the user's rights: a new grant applies to the next request.
  void forget(Snowflake user_id);
  // A 401, 403 or 429 answered to this address counts towards blocking it.
  void note_status(const Request& request, int status);

  // The X-RateLimit-* headers of a verdict, and the 429 to send for a refusal.
  static void add_headers(const Verdict& verdict, Response& response);
  static Response refusal(const Verdict& verdict);

 private:
  struct Window {
    std::int64_t started_ms = 0;
    std::int64_t count = 0;
  };
  // Counts one hit in the window at `key`; false (and the window untouched) when it is full.
  bool hit(const std::string& key, std::int64_t limit, std::int64_t window_ms, std::int64_t now,
           Window*& out);
  bool exempt(Snowflake user_id, const Config& config, std::int64_t now);
  void sweep(std::int64_t now);

  const LiveConfig& config_;
  const Clock& clock_;
  const TokenSigner& tokens_;
  BypassCheck bypass_;
  std::mutex mutex_;
  std::unordered_map<std::string, Window> windows_;
  std::unordered_map<std::string, Window> invalid_;
  struct BypassEntry {
    bool exempt = false;
    std::int64_t checked_ms = 0;
  };
  std::unordered_map<Snowflake, BypassEntry> bypass_cache_;
  std::uint64_t admits_ = 0;
};

}  // namespace accord
