#include "services/applications.hpp"

#include <sodium.h>

#include "core/api_error.hpp"

namespace accord {
namespace {

std::string to_hex(const unsigned char* bytes, std::size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();
  return hex;
}

void refuse_bots(const Caller& caller) {
  if (caller.user.bot) throw ApiError(403, 20001, "Bots cannot use this endpoint");
}

}  // namespace

Application ApplicationService::owned(const Caller& caller, Snowflake id) {
  auto application = context_.store.find_application(id);
  // Someone else's application is indistinguishable from none at all.
  if (!application || application->owner_id != caller.user.id) throw ApiError::unknown(10002, "Application");
  return std::move(*application);
}

ApplicationView ApplicationService::view(Application application) {
  auto owner = context_.store.find_user(application.owner_id);
  if (!owner) throw std::logic_error("application without an owner");
  std::optional<User> bot;
  if (application.bot_user_id) bot = context_.store.find_user(*application.bot_user_id);
  return {std::move(application), std::move(*owner), std::move(bot)};
}

ApplicationView ApplicationService::create(const Caller& caller, const std::string& name,
                                           const std::string& description) {
  refuse_bots(caller);
  unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
  unsigned char secret_key[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(public_key, secret_key);

  Application application;
  application.id = context_.ids.next();
  application.owner_id = caller.user.id;
  application.name = name;
  application.description = description;
  application.verify_key = to_hex(public_key, sizeof public_key);
  application.signing_key = to_hex(secret_key, sizeof secret_key);
  sodium_memzero(secret_key, sizeof secret_key);
  context_.store.create_application(application);
  return {std::move(application), caller.user, std::nullopt};
}

std::vector<ApplicationView> ApplicationService::list_owned(const Caller& caller) {
  refuse_bots(caller);
  std::vector<ApplicationView> views;
  for (auto& application : context_.store.list_applications(caller.user.id))
    views.push_back(view(application));
  return views;
}

ApplicationView ApplicationService::get_owned(const Caller& caller, Snowflake id) {
  refuse_bots(caller);
  return view(owned(caller, id));
}

ApplicationView ApplicationService::modify(const Caller& caller, Snowflake id,
                                           const ApplicationChanges& changes) {
  refuse_bots(caller);
  auto application = owned(caller, id);
  if (changes.name) application.name = *changes.name;
  if (changes.description) application.description = *changes.description;
  if (changes.bot_public) application.bot_public = *changes.bot_public;
  if (changes.bot_require_code_grant) application.bot_require_code_grant = *changes.bot_require_code_grant;
  if (changes.interactions_endpoint_url)
    application.interactions_endpoint_url = *changes.interactions_endpoint_url;
  context_.store.update_application(application);
  return view(std::move(application));
}

std::string ApplicationService::reset_bot_token(const Caller& caller, Snowflake id) {
  refuse_bots(caller);
  auto application = owned(caller, id);
  if (!application.bot_user_id) {
    User bot;
    bot.id = application.id;
    bot.username = application.name;
    bot.bot = true;
    bot.verified = true;
    bot.created_at_ms = context_.clock.now_ms();
    // Bots keep Discord's four-digit tags, so two bots may share a name.
    do {
      bot.discriminator = std::to_string(1000 + randombytes_uniform(9000));
    } while (context_.store.username_taken(bot.username, bot.discriminator, std::nullopt));
    context_.store.create_bot_user(application, bot);
  } else {
    sessions_.end_all(*application.bot_user_id);
  }
  return sessions_.start(application.id, "bot");
}

ApplicationView ApplicationService::current(const Caller& caller) {
  if (!caller.user.bot) throw ApiError::unknown(10002, "Application");
  auto application = context_.store.find_application_by_bot(caller.user.id);
  if (!application) throw ApiError::unknown(10002, "Application");
  return view(std::move(*application));
}

}  // namespace accord
