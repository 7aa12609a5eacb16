#include "services/sessions.hpp"

#include "core/api_error.hpp"

namespace accord {

std::string SessionService::start(Snowflake user_id, std::string client) {
  Session session{context_.ids.next(), user_id, context_.clock.now_ms(), std::move(client)};
  context_.store.create_session(session);
  return context_.tokens.mint({user_id, session.id});
}

std::optional<Caller> SessionService::authenticate(std::string_view authorization) const {
  bool wants_bot = false;
  if (authorization.starts_with("Bot ")) {
    wants_bot = true;
    authorization.remove_prefix(4);
  } else if (authorization.starts_with("Bearer ")) {
    authorization.remove_prefix(7);
  }
  const auto claims = context_.tokens.verify(authorization);
  if (!claims) return std::nullopt;
  auto user = context_.store.find_session_user(claims->session_id, claims->user_id);
  if (!user || user->disabled || (wants_bot && !user->bot)) return std::nullopt;
  return Caller{std::move(*user), claims->session_id, std::nullopt};
}

Caller SessionService::require(std::optional<std::string_view> authorization) const {
  if (!authorization) throw ApiError::unauthorized();
  auto caller = authenticate(*authorization);
  if (!caller) throw ApiError::unauthorized();
  return std::move(*caller);
}

void SessionService::end(Snowflake session_id) {
  context_.store.delete_session(session_id);
}

void SessionService::end_all(Snowflake user_id) {
  context_.store.delete_user_sessions(user_id);
}

}  // namespace accord
