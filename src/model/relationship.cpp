#include "model/relationship.hpp"

#include "core/timestamp.hpp"

namespace accord {

boost::json::object relationship_json(const Relationship& relationship, const User& other) {
  return {{"id", to_string(relationship.other_id)},
          {"type", relationship.type},
          {"user", public_user_json(other)},
          {"nickname", relationship.nickname ? boost::json::value(*relationship.nickname) : nullptr},
          {"since", iso_timestamp(relationship.since_ms)}};
}

}  // namespace accord
