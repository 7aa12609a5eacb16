#pragma once

#include <optional>
#include <string>
#include <vector>

#include "services/context.hpp"
#include "services/sessions.hpp"

namespace accord {

struct ApplicationChanges {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<bool> bot_public;
  std::optional<bool> bot_require_code_grant;
  std::optional<std::optional<std::string>> interactions_endpoint_url;
};

// An application with the users its JSON shows.
struct ApplicationView {
  Application application;
  User owner;
  std::optional<User> bot;
};

class ApplicationService {
 public:
  ApplicationService(ServiceContext& context, SessionService& sessions)
      : context_(context), sessions_(sessions) {}

  ApplicationView create(const Caller& caller, const std::string& name, const std::string& description);
  std::vector<ApplicationView> list_owned(const Caller& caller);
  ApplicationView get_owned(const Caller& caller, Snowflake id);
  ApplicationView modify(const Caller& caller, Snowflake id, const ApplicationChanges& changes);
  // Mints a new bot token, revoking the old one; creates the bot user (id = application id) first time.
  std::string reset_bot_token(const Caller& caller, Snowflake id);
  // The application a bot belongs to (GET /oauth2/applications/@me, GET /applications/@me).
  ApplicationView current(const Caller& caller);

 private:
  Application owned(const Caller& caller, Snowflake id);
  ApplicationView view(Application application);

  ServiceContext& context_;
  SessionService& sessions_;
};

}  // namespace accord
