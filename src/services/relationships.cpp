#include "services/relationships.hpp"

#include "core/api_error.hpp"
#include "core/form.hpp"

namespace accord {

User RelationshipService::require_user(Snowflake id) {
  auto user = context_.store.find_user(id);
  if (!user) throw ApiError::unknown(10013, "User");
  return std::move(*user);
}

boost::json::array RelationshipService::list(const Caller& caller) {
  boost::json::array list;
  for (const auto& relationship : context_.store.list_relationships(caller.user.id)) {
    if (auto other = context_.store.find_user(relationship.other_id))
      list.push_back(relationship_json(relationship, *other));
  }
  return list;
}

bool RelationshipService::are_friends(Snowflake user_id, Snowflake other_id) {
  const auto mine = context_.store.find_relationship(user_id, other_id);
  return mine && mine->type == relationship_type::friend_;
}

void RelationshipService::save_and_tell(const Relationship& relationship, const User& other) {
  context_.store.save_relationship(relationship);
  context_.bus.publish(
      {"RELATIONSHIP_ADD", relationship_json(relationship, other), Audience::user(relationship.user_id)});
}

void RelationshipService::drop_and_tell(Snowflake user_id, Snowflake other_id, std::int64_t type) {
  context_.store.delete_relationship(user_id, other_id);
  context_.bus.publish(
      {"RELATIONSHIP_REMOVE", {{"id", to_string(other_id)}, {"type", type}}, Audience::user(user_id)});
}

void RelationshipService::put(const Caller& caller, Snowflake other_id, const boost::json::value& body) {
  FormReader form(body);
  const auto type = form.optional_int("type", 1, 4);
  form.finish();
  const auto other = require_user(other_id);
  if (type == relationship_type::blocked) return block(caller, other);
  if (type && *type != relationship_type::friend_)
    throw ApiError::invalid_field("type", "BASE_TYPE_CHOICES", "Value must be one of {1, 2}.");
  request(caller, other);
}

void RelationshipService::request_by_name(const Caller& caller, const boost::json::value& body) {
  FormReader form(body);
  auto username = form.required_string("username", 1, 32);
  form.finish();
  std::optional<std::string> discriminator;
  if (const auto* value = body.as_object().if_contains("discriminator"); value && !value->is_null()) {
    if (value->is_string()) discriminator = std::string(value->as_string());
    if (value->is_int64()) discriminator = std::to_string(value->as_int64());
  }
  // Unique usernames have discriminator "0"; bots keep their four digits.
  const auto found = context_.store.find_user_by_login(*username);
  if (!found || found->bot ||
      (discriminator && *discriminator != "0" && *discriminator != found->discriminator))
    throw ApiError(400, 80004, "No users with DiscordTag exist");
  request(caller, *found);
}

void RelationshipService::request(const Caller& caller, const User& other) {
  if (other.id == caller.user.id) throw ApiError(400, 80003, "Cannot send friend request to self");
  if (other.bot || caller.user.bot) throw ApiError(400, 80002, "Bots cannot have friends");
  const auto now = context_.clock.now_ms();
  const auto mine = context_.store.find_relationship(caller.user.id, other.id);
  const auto theirs = context_.store.find_relationship(other.id, caller.user.id);
  if (theirs && theirs->type == relationship_type::blocked)
    throw ApiError(400, 80001, "Friend request blocked");
  if (mine && mine->type == relationship_type::friend_)
    throw ApiError(400, 80007, "You are already friends with that user.");
  if (mine && mine->type == relationship_type::outgoing_request) return;  // asked already
  if (mine && mine->type == relationship_type::incoming_request) {
    // They asked first: this accepts, and both become friends.
    save_and_tell({caller.user.id, other.id, relationship_type::friend_, mine->nickname, now}, other);
    save_and_tell(
        {other.id, caller.user.id, relationship_type::friend_, theirs ? theirs->nickname : std::nullopt, now},
        caller.user);
    return;
  }
  // Asking someone you blocked unblocks them first, as the official client does.
  save_and_tell({caller.user.id, other.id, relationship_type::outgoing_request, std::nullopt, now}, other);
  save_and_tell({other.id, caller.user.id, relationship_type::incoming_request, std::nullopt, now},
                caller.user);
}

void RelationshipService::block(const Caller& caller, const User& other) {
  if (other.id == caller.user.id) throw ApiError(400, 80003, "Cannot block yourself");
  const auto theirs = context_.store.find_relationship(other.id, caller.user.id);
  // Whatever they had with us (friendship, a request) ends; their own block of us stays.
  if (theirs && theirs->type != relationship_type::blocked)
    drop_and_tell(other.id, caller.user.id, theirs->type);
  save_and_tell({caller.user.id, other.id, relationship_type::blocked, std::nullopt, context_.clock.now_ms()},
                other);
}

void RelationshipService::remove(const Caller& caller, Snowflake other_id) {
  const auto mine = context_.store.find_relationship(caller.user.id, other_id);
  if (!mine) throw ApiError::unknown(10013, "User");
  drop_and_tell(caller.user.id, other_id, mine->type);
  if (mine->type == relationship_type::blocked) return;
  // Unfriending, cancelling or declining ends it on their side too.
  if (const auto theirs = context_.store.find_relationship(other_id, caller.user.id);
      theirs && theirs->type != relationship_type::blocked) {
    drop_and_tell(other_id, caller.user.id, theirs->type);
  }
}

void RelationshipService::set_nickname(const Caller& caller, Snowflake other_id,
                                       const boost::json::value& body) {
  auto mine = context_.store.find_relationship(caller.user.id, other_id);
  if (!mine || mine->type != relationship_type::friend_) throw ApiError::unknown(10013, "User");
  FormReader form(body);
  auto nickname = form.optional_string("nickname", 0, 32);
  form.finish();
  mine->nickname = nickname && !nickname->empty() ? nickname : std::nullopt;
  context_.store.save_relationship(*mine);
  const auto other = require_user(other_id);
  context_.bus.publish(
      {"RELATIONSHIP_UPDATE", relationship_json(*mine, other), Audience::user(caller.user.id)});
}

}  // namespace accord
