#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "services/access.hpp"
#include "services/messages.hpp"

namespace accord {

// A member uses an application (slash command, component, modal, autocomplete); its bot receives
// INTERACTION_CREATE and answers by token, without an account: first a callback within
// interactions.response_seconds, then follow-ups and edits while the token lives.
class InteractionService {
 public:
  InteractionService(ServiceContext& context, Access& access, MessageService& messages)
      : context_(context), access_(access), messages_(messages) {}

  // POST /interactions, as the official client sends it.
  void invoke(const Caller& caller, const boost::json::value& body);
  // POST /interactions/:id/:token/callback; the JSON answered with ?with_response=true.
  boost::json::object callback(Snowflake interaction_id, const std::string& token,
                               const boost::json::value& body, const std::vector<UploadedFile>& files);

  // Whether /webhooks/:application_id/:token names an interaction rather than a webhook.
  bool is_interaction_token(Snowflake application_id, const std::string& token);
  boost::json::object follow_up(Snowflake application_id, const std::string& token,
                                const boost::json::value& body, const std::vector<UploadedFile>& files);
  // `message_id` empty = @original.
  boost::json::object get_message(Snowflake application_id, const std::string& token,
                                  std::optional<Snowflake> message_id);
  boost::json::object edit_message(Snowflake application_id, const std::string& token,
                                   std::optional<Snowflake> message_id, const boost::json::value& body,
                                   const std::vector<UploadedFile>& files);
  void delete_message(Snowflake application_id, const std::string& token,
                      std::optional<Snowflake> message_id);

  // Tells users whose interactions went unanswered (INTERACTION_FAILURE) and forgets dead tokens.
  void expire();

 private:
  struct Invocation;
  boost::json::object command_data(const boost::json::object& data, const Invocation& invocation,
                                   Interaction& interaction);
  boost::json::object component_data(const boost::json::object& root, const boost::json::object& data,
                                     const Invocation& invocation, Interaction& interaction,
                                     boost::json::object& payload);
  boost::json::object modal_data(const boost::json::object& data, const Caller& caller,
                                 Interaction& interaction);
  // The interaction behind a follow-up token: 50027 once expired, 10015 before the first answer.
  Interaction require_live(Snowflake application_id, const std::string& token);
  Message require_response(const Interaction& interaction, std::optional<Snowflake> message_id);
  MessageOrigin origin_for(const Interaction& interaction, bool ephemeral, std::int64_t type);
  void tell_user(const Interaction& interaction, const char* event_name, boost::json::object payload);

  ServiceContext& context_;
  Access& access_;
  MessageService& messages_;
};

}  // namespace accord
