#include "services/accounts.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>

#include "auth/password.hpp"
#include "auth/rights.hpp"
#include "core/api_error.hpp"
#include "core/form.hpp"
#include "core/text.hpp"
#include "core/timestamp.hpp"
#include "model/user.hpp"

namespace accord {
namespace {

bool looks_like_email(const std::string& email) {
  const auto at = email.find('@');
  return at != std::string::npos && at > 0 && at + 1 < email.size() &&
         email.find('@', at + 1) == std::string::npos && email.find(' ') == std::string::npos;
}

void check_username(FormErrors& errors, const std::string& username) {
  if (!is_valid_username(username)) {
    errors.add({"username"}, "USERNAME_INVALID_CONTAINS",
               "Username can only contain letters, numbers, underscores and periods.");
  }
}

}  // namespace

bool is_valid_username(const std::string& username) {
  if (username.size() < 2 || username.size() > 32 || username.find("..") != std::string::npos) return false;
  return std::all_of(username.begin(), username.end(), [](unsigned char c) {
    return std::islower(c) || std::isdigit(c) || c == '_' || c == '.';
  });
}

// Discord asks a date of birth and refuses the underage with a field error, never saying the cut-off date.
void AccountService::check_age(FormErrors& errors, const std::optional<std::string>& date_of_birth,
                               std::int64_t minimum_age) const {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  if (!date_of_birth || std::sscanf(date_of_birth->c_str(), "%4d-%2u-%2u", &year, &month, &day) != 3 ||
      !std::chrono::year_month_day(std::chrono::year(year), std::chrono::month(month), std::chrono::day(day))
           .ok()) {
    errors.add({"date_of_birth"}, "DATE_OF_BIRTH_INVALID", "A date of birth (YYYY-MM-DD) is required.");
    return;
  }
  const std::chrono::sys_days today = std::chrono::floor<std::chrono::days>(
      std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(context_.clock.now_ms())));
  const std::chrono::year_month_day now(today);
  auto age = static_cast<int>(now.year()) - year;
  if (std::make_pair(static_cast<unsigned>(now.month()), static_cast<unsigned>(now.day())) <
      std::make_pair(month, day))
    --age;
  if (age < minimum_age)
    errors.add({"date_of_birth"}, "DATE_OF_BIRTH_UNDERAGE", "You need to be older to use this instance.");
}

LoginResult AccountService::register_user(const Registration& registration) {
  const auto config = context_.config.get();
  const auto& rules = config->registration;
  FormErrors errors;
  if (!rules.open && !registration.by_operator)
    errors.add({}, "REGISTRATION_DISABLED", "New user registration is disabled on this instance.");
  const std::string username = lowercase(registration.username);
  check_username(errors, username);
  if (errors.empty() && context_.store.username_taken(username, "0", std::nullopt)) {
    errors.add({"username"}, "USERNAME_ALREADY_TAKEN",
               "Username is unavailable. Try adding numbers, letters, underscores _ , or periods.");
  }
  if (static_cast<std::int64_t>(registration.password.size()) < rules.password_min_length) {
    errors.add({"password"}, "PASSWORD_TOO_SHORT",
               "Must be at least " + std::to_string(rules.password_min_length) + " characters long.");
  }
  if (registration.email) {
    if (!looks_like_email(*registration.email)) {
      errors.add({"email"}, "EMAIL_TYPE_INVALID_EMAIL", "Not a well formed email address.");
    } else if (context_.store.email_taken(*registration.email, std::nullopt)) {
      errors.add({"email"}, "EMAIL_ALREADY_REGISTERED", "Email is already registered.");
    }
  }
  if (rules.minimum_age > 0 && !registration.by_operator)
    check_age(errors, registration.date_of_birth, rules.minimum_age);
  if (rules.require_consent && !registration.consent && !registration.by_operator) {
    errors.add({"consent"}, "CONSENT_REQUIRED", "You need to agree to the Terms of Service to continue.");
  }
  errors.throw_if_any();

  User user;
  user.id = context_.ids.next();
  user.username = username;
  user.global_name = registration.global_name;
  user.email = registration.email;
  user.created_at_ms = context_.clock.now_ms();
  // The first person to register runs the instance.
  if (registration.by_operator) {
    user.rights = registration.rights;
  } else if (!context_.store.has_people()) {
    user.rights = rights::operator_;
  }
  try {
    context_.store.create_user(user, hash_password(registration.password));
  } catch (const UniqueViolation&) {
    // Another registration took the name or email between our check and our insert.
    throw ApiError::invalid_field("username", "USERNAME_ALREADY_TAKEN", "Username is unavailable.");
  }
  return {sessions_.start(user.id, "register"), user};
}

LoginResult AccountService::login(const std::string& login, const std::string& password) {
  auto user = context_.store.find_user_by_login(login);
  const auto hash = user ? context_.store.password_hash(user->id) : std::nullopt;
  if (!hash || !verify_password(password, *hash)) {
    FormErrors errors;
    errors.add({"login"}, "INVALID_LOGIN", "Login or password is invalid.");
    errors.add({"password"}, "INVALID_LOGIN", "Login or password is invalid.");
    throw errors.to_api_error();
  }
  // Only after the password is right, so the answer tells a stranger nothing about the account.
  if (user->disabled) throw ApiError(400, 20013, "This account is disabled");
  // With two-factor authentication the password alone earns no token, only the chance to send a code.
  if (context_.store.totp_secret(user->id)) return {"", std::move(*user), true};
  return {sessions_.start(user->id, "login"), std::move(*user)};
}

User AccountService::get_user(Snowflake id) {
  auto user = context_.store.find_user(id);
  if (!user) throw ApiError::unknown(10013, "User");
  return std::move(*user);
}

AccountUpdate AccountService::modify(const Caller& caller, const AccountChanges& changes) {
  User user = caller.user;
  FormErrors errors;

  // Bots have no password; people must prove who they are before changing how they log in.
  const bool needs_password = !user.bot && (changes.username || changes.email || changes.new_password);
  if (needs_password) {
    const auto hash = context_.store.password_hash(user.id);
    if (!changes.password) {
      errors.add({"password"}, "BASE_TYPE_REQUIRED", "This field is required");
    } else if (!hash || !verify_password(*changes.password, *hash)) {
      errors.add({"password"}, "PASSWORD_DOES_NOT_MATCH", "Password does not match.");
    }
  }
  if (changes.username) {
    const std::string username = user.bot ? *changes.username : lowercase(*changes.username);
    if (!user.bot) check_username(errors, username);
    if (errors.empty() && context_.store.username_taken(username, user.discriminator, user.id)) {
      errors.add({"username"}, "USERNAME_ALREADY_TAKEN", "Username is unavailable.");
    }
    user.username = username;
  }
  if (changes.email) {
    if (user.bot) {
      errors.add({"email"}, "EMAIL_BOT", "Bots cannot have an email address.");
    } else if (!looks_like_email(*changes.email)) {
      errors.add({"email"}, "EMAIL_TYPE_INVALID_EMAIL", "Not a well formed email address.");
    } else if (context_.store.email_taken(*changes.email, user.id)) {
      errors.add({"email"}, "EMAIL_ALREADY_REGISTERED", "Email is already registered.");
    } else if (user.email != changes.email) {
      user.email = changes.email;
      user.verified = false;
    }
  }
  if (changes.new_password && static_cast<std::int64_t>(changes.new_password->size()) <
                                  context_.config.get()->registration.password_min_length) {
    errors.add({"new_password"}, "PASSWORD_TOO_SHORT",
               "Must be at least " + std::to_string(context_.config.get()->registration.password_min_length) +
                   " characters long.");
  }
  if (changes.global_name) user.global_name = *changes.global_name;
  if (changes.bio) user.bio = *changes.bio;
  if (changes.accent_color) user.accent_color = *changes.accent_color;
  errors.throw_if_any();
  // Images are stored only once everything else is known to be right.
  const auto max_image = context_.config.get()->limits.max_image_bytes;
  if (changes.avatar) {
    user.avatar =
        *changes.avatar
            ? std::optional(media_.save_image("avatars", user.id, **changes.avatar, "avatar", max_image))
            : std::nullopt;
  }
  if (changes.banner) {
    user.banner =
        *changes.banner
            ? std::optional(media_.save_image("banners", user.id, **changes.banner, "banner", max_image))
            : std::nullopt;
  }

  try {
    context_.store.update_user(user);
  } catch (const UniqueViolation&) {
    throw ApiError::invalid_field("username", "USERNAME_ALREADY_TAKEN", "Username is unavailable.");
  }
  AccountUpdate update{user, std::nullopt};
  if (changes.new_password) {
    context_.store.set_password_hash(user.id, hash_password(*changes.new_password));
    sessions_.end_all(user.id);
    update.token = sessions_.start(user.id, "password change");
  }
  context_.bus.publish(Event{"USER_UPDATE", private_user_json(user), Audience::user(user.id)});
  return update;
}

void anonymise_account(ServiceContext& context, SessionService& sessions, const User& user) {
  User anonymous;
  anonymous.id = user.id;
  anonymous.username = std::string("deleted_user_").append(to_string(user.id));
  anonymous.bot = user.bot;
  anonymous.created_at_ms = user.created_at_ms;
  context.store.update_user(anonymous);
  context.store.set_password_hash(user.id, "");
  context.store.set_user_rights(user.id, 0, true);
  sessions.end_all(user.id);
  context.bus.publish({std::string(gateway_reconnect_event), nullptr, Audience::user(user.id)});
}

boost::json::object AccountService::list_sessions(const Caller& caller) {
  boost::json::array list;
  for (const auto& session : context_.store.list_user_sessions(caller.user.id)) {
    list.push_back({{"id_hash", to_string(session.id)},
                    {"approx_last_used_time", iso_timestamp(session.created_at_ms)},
                    {"client_info", {{"client", session.client}, {"os", "unknown"}, {"location", ""}}},
                    {"current", session.id == caller.session_id}});
  }
  return {{"user_sessions", std::move(list)}};
}

void AccountService::log_out_sessions(const Caller& caller, const boost::json::value& body) {
  const auto* object = body.if_object();
  const auto* hashes = object ? object->if_contains("session_id_hashes") : nullptr;
  if (!hashes || !hashes->is_array())
    throw ApiError::invalid_field("session_id_hashes", "BASE_TYPE_REQUIRED", "This field is required");
  for (const auto& value : hashes->as_array()) {
    const auto id = value.is_string() ? parse_snowflake(value.as_string()) : std::nullopt;
    if (!id) continue;
    // Only the caller's own sessions: an id of someone else's is ignored, not revealed.
    if (auto session = context_.store.find_session(*id); session && session->user_id == caller.user.id)
      sessions_.end(*id);
  }
}

void AccountService::delete_own(const Caller& caller, const boost::json::value& body) {
  FormReader form(body);
  auto password = form.required_string("password", 1, 72);
  form.finish();
  const auto hash = context_.store.password_hash(caller.user.id);
  if (!hash || !verify_password(*password, *hash))
    throw ApiError::invalid_field("password", "PASSWORD_DOES_NOT_MATCH", "Password does not match.");
  for (const auto& guild : context_.store.list_user_guilds(caller.user.id)) {
    if (guild.owner_id == caller.user.id)
      throw ApiError(400, 40011,
                     "You must transfer ownership of any owned guilds before deleting your account");
  }
  anonymise_account(context_, sessions_, caller.user);
}

}  // namespace accord
