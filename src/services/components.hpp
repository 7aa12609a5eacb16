#pragma once

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "core/form.hpp"

namespace accord {

// Message components (action rows of buttons and selects) or, with `modal`, a modal's rows of text
// inputs. Records every problem in `errors` under "components" as Discord names them, and returns
// the components as they will be stored.
boost::json::array read_components(const boost::json::value& value, FormErrors& errors, bool modal = false);

// The component with this custom_id inside stored components, or nullptr.
const boost::json::object* find_component(const boost::json::array& components, std::string_view custom_id);

}  // namespace accord
