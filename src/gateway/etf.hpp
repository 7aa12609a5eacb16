#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace accord::gateway {

// Erlang's External Term Format, as Discord's gateway speaks it with `encoding=etf` (erlpack on the
// client side). JSON null/true/false travel as the atoms nil/true/false, strings (snowflakes
// included) as binaries, objects as maps with binary keys, arrays as lists.
std::string etf_encode(const boost::json::value& value);

// Decodes what clients send. Atoms nil/null become null, true/false booleans, other atoms strings;
// tuples become arrays; map keys become strings. Nullopt for anything malformed or nested too deep.
std::optional<boost::json::value> etf_decode(std::string_view bytes);

}  // namespace accord::gateway
