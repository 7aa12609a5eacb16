#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "services/context.hpp"

namespace accord {

// Friends and blocks: a request goes out, the other side accepts (or declines), either removes the
// friendship, and anyone can block anyone, which ends whatever was between them.
class RelationshipService {
 public:
  explicit RelationshipService(ServiceContext& context) : context_(context) {}

  boost::json::array list(const Caller& caller);
  // PUT /users/@me/relationships/:id: {type: 2} blocks; otherwise sends a request, or accepts theirs.
  void put(const Caller& caller, Snowflake other_id, const boost::json::value& body);
  // POST /users/@me/relationships: a request by username (and discriminator, for bots' old tags).
  void request_by_name(const Caller& caller, const boost::json::value& body);
  // DELETE: unfriend, cancel or decline a request, or unblock.
  void remove(const Caller& caller, Snowflake other_id);
  // PATCH: the friend's nickname, seen only by the caller.
  void set_nickname(const Caller& caller, Snowflake other_id, const boost::json::value& body);

  bool are_friends(Snowflake user_id, Snowflake other_id);

 private:
  void request(const Caller& caller, const User& other);
  void block(const Caller& caller, const User& other);
  void save_and_tell(const Relationship& relationship, const User& other);
  void drop_and_tell(Snowflake user_id, Snowflake other_id, std::int64_t type);
  User require_user(Snowflake id);

  ServiceContext& context_;
};

}  // namespace accord
