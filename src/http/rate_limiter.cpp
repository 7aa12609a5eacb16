#include "http/rate_limiter.hpp"

#include <boost/json/object.hpp>
#include <cmath>
#include <cstdio>

namespace accord {
namespace {

constexpr std::int64_t sweep_every = 4096;
constexpr std::int64_t bypass_cache_ms = 30'000;
constexpr std::int64_t global_window_ms = 1000;

// Stable across processes and nodes, unlike std::hash: clients may remember bucket ids.
std::string bucket_id(std::string_view method, std::string_view pattern) {
  std::uint64_t hash = 1469598103934665603ULL;
  auto mix = [&](std::string_view text) {
    for (unsigned char c : text) {
      hash ^= c;
      hash *= 1099511628211ULL;
    }
  };
  mix(method);
  mix(" ");
  mix(pattern);
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

struct RouteLimit {
  std::int64_t limit;
  std::int64_t window_ms;
  bool per_address;  // registration and login have no user yet
};

RouteLimit route_limit(std::string_view method, std::string_view pattern, const Config::RateLimits& limits) {
  if (method == "POST" && (pattern == "/auth/register" || pattern == "/auth/login"))
    return {limits.auth_limit, limits.auth_window_ms, true};
  if (method == "POST" && pattern == "/channels/:channel_id/messages")
    return {limits.message_limit, limits.message_window_ms, false};
  if ((method == "PUT" || method == "DELETE") && pattern.find("/reactions/") != std::string_view::npos)
    return {limits.reaction_limit, limits.reaction_window_ms, false};
  return {limits.route_limit, limits.route_window_ms, false};
}

std::string_view major_parameter(const Request& request) {
  for (const char* name : {"channel_id", "guild_id", "webhook_id"}) {
    if (auto it = request.params.find(name); it != request.params.end()) return it->second;
  }
  return {};
}

std::optional<Snowflake> token_user(const Request& request, const TokenSigner& tokens) {
  auto authorization = request.header("authorization");
  if (!authorization) return std::nullopt;
  auto token = *authorization;
  if (token.starts_with("Bot ")) token.remove_prefix(4);
  if (token.starts_with("Bearer ")) token.remove_prefix(7);
  // The signature is enough to count against a user; whether the session still lives is the
  // handler's question. A forged token cannot spend somebody else's budget.
  auto claims = tokens.verify(token);
  if (!claims) return std::nullopt;
  return claims->user_id;
}

bool listed(std::string_view list, Snowflake user_id) {
  const auto id = std::to_string(user_id);
  std::size_t start = 0;
  while (start <= list.size()) {
    auto end = list.find(',', start);
    if (end == std::string_view::npos) end = list.size();
    auto item = list.substr(start, end - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item == id) return true;
    start = end + 1;
  }
  return false;
}

std::string seconds_text(std::int64_t ms) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", static_cast<double>(ms) / 1000.0);
  return text;
}

}  // namespace

RateLimiter::RateLimiter(const LiveConfig& config, const Clock& clock, const TokenSigner& tokens,
                         BypassCheck bypass)
    : config_(config), clock_(clock), tokens_(tokens), bypass_(std::move(bypass)) {}

bool RateLimiter::hit(const std::string& key, std::int64_t limit, std::int64_t window_ms, std::int64_t now,
                      Window*& out) {
  auto& window = windows_[key];
  out = &window;
  if (window.count == 0 || now >= window.started_ms + window_ms) window = Window{now, 0};
  if (window.count >= limit) return false;
  ++window.count;
  return true;
}

bool RateLimiter::exempt(Snowflake user_id, const Config& config, std::int64_t now) {
  if (listed(config.rate_limits.exempt_user_ids, user_id)) return true;
  if (!bypass_) return false;
  auto& entry = bypass_cache_[user_id];
  if (entry.checked_ms == 0 || now - entry.checked_ms > bypass_cache_ms) {
    entry.exempt = bypass_(user_id);
    entry.checked_ms = now;
  }
  return entry.exempt;
}

void RateLimiter::sweep(std::int64_t now) {
  // Windows that ended can go: a new request starts a fresh one anyway. The longest window any
  // bucket may have is bounded by what is configured now, so keep anything younger than that.
  const auto config = config_.get();
  const auto& limits = config->rate_limits;
  const auto longest = std::max({limits.route_window_ms, limits.message_window_ms, limits.reaction_window_ms,
                                 limits.auth_window_ms, global_window_ms});
  std::erase_if(windows_, [&](const auto& entry) { return now - entry.second.started_ms > longest; });
  std::erase_if(invalid_, [&](const auto& entry) {
    return now - entry.second.started_ms > limits.invalid_window_seconds * 1000;
  });
  std::erase_if(bypass_cache_,
                [&](const auto& entry) { return now - entry.second.checked_ms > bypass_cache_ms; });
}

RateLimiter::Verdict RateLimiter::admit(std::string_view method, std::string_view pattern,
                                        const Request& request) {
  const auto config = config_.get();
  const auto& limits = config->rate_limits;
  Verdict verdict;
  if (!limits.enabled) return verdict;
  const auto now = clock_.now_ms();
  const auto user = token_user(request, tokens_);

  std::lock_guard lock(mutex_);
  if (++admits_ % sweep_every == 0) sweep(now);

  if (auto it = invalid_.find(request.remote_address); it != invalid_.end()) {
    const auto ends = it->second.started_ms + limits.invalid_window_seconds * 1000;
    if (now < ends && it->second.count >= limits.invalid_limit) {
      verdict.allowed = false;
      verdict.global = true;
      verdict.scope = "shared";
      verdict.reset_at_ms = ends;
      verdict.reset_after_ms = ends - now;
      return verdict;
    }
  }
  if (user && exempt(*user, *config, now)) return verdict;

  // Appended rather than added: GCC 12 warns falsely (-Wrestrict) on "x" + std::string.
  std::string identity(user ? "u" : "a");
  identity += user ? std::to_string(*user) : request.remote_address;
  Window* window = nullptr;
  const auto global_limit = user ? limits.global_per_second : limits.ip_per_second;
  if (!hit(std::string("global:").append(identity), global_limit, global_window_ms, now, window)) {
    verdict.allowed = false;
    verdict.global = true;
    verdict.scope = "global";
    verdict.reset_at_ms = window->started_ms + global_window_ms;
    verdict.reset_after_ms = verdict.reset_at_ms - now;
    return verdict;
  }

  const auto route = route_limit(method, pattern, limits);
  verdict.has_bucket = true;
  // Registering and logging in share one count per address, as the setting says.
  verdict.bucket = route.per_address ? bucket_id("POST", "/auth") : bucket_id(method, pattern);
  verdict.limit = route.limit;
  std::string who = identity;
  if (route.per_address) who = std::string("a").append(request.remote_address);
  const auto key = verdict.bucket + ":" + std::string(major_parameter(request)) + ":" + who;
  verdict.allowed = hit(key, route.limit, route.window_ms, now, window);
  verdict.remaining = std::max<std::int64_t>(route.limit - window->count, 0);
  verdict.reset_at_ms = window->started_ms + route.window_ms;
  verdict.reset_after_ms = verdict.reset_at_ms - now;
  if (!verdict.allowed) verdict.scope = "user";
  return verdict;
}

void RateLimiter::forget(Snowflake user_id) {
  std::lock_guard lock(mutex_);
  bypass_cache_.erase(user_id);
}

void RateLimiter::note_status(const Request& request, int status) {
  if (status != 401 && status != 403 && status != 429) return;
  const auto config = config_.get();
  const auto& limits = config->rate_limits;
  if (!limits.enabled) return;
  const auto now = clock_.now_ms();
  std::lock_guard lock(mutex_);
  auto& window = invalid_[request.remote_address];
  if (window.count == 0 || now >= window.started_ms + limits.invalid_window_seconds * 1000)
    window = Window{now, 0};
  ++window.count;
}

void RateLimiter::add_headers(const Verdict& verdict, Response& response) {
  if (verdict.has_bucket) {
    response.headers.emplace_back("X-RateLimit-Limit", std::to_string(verdict.limit));
    response.headers.emplace_back("X-RateLimit-Remaining", std::to_string(verdict.remaining));
    response.headers.emplace_back("X-RateLimit-Reset", seconds_text(verdict.reset_at_ms));
    response.headers.emplace_back("X-RateLimit-Reset-After", seconds_text(verdict.reset_after_ms));
    response.headers.emplace_back("X-RateLimit-Bucket", verdict.bucket);
  }
  if (!verdict.allowed) {
    response.headers.emplace_back("X-RateLimit-Scope", verdict.scope);
    if (verdict.global) response.headers.emplace_back("X-RateLimit-Global", "true");
    const auto whole_seconds = (std::max<std::int64_t>(verdict.reset_after_ms, 1) + 999) / 1000;
    response.headers.emplace_back("Retry-After", std::to_string(whole_seconds));
    response.headers.emplace_back("Via", "1.1 accord");
  }
}

Response RateLimiter::refusal(const Verdict& verdict) {
  // Rounded up to the millisecond so a client sleeping exactly this long lands in the next window.
  const double retry_after =
      std::ceil(static_cast<double>(std::max<std::int64_t>(verdict.reset_after_ms, 1))) / 1000.0;
  return Response::json(429, boost::json::object{{"message", "You are being rate limited."},
                                                 {"retry_after", retry_after},
                                                 {"global", verdict.global},
                                                 {"code", 0}});
}

}  // namespace accord
