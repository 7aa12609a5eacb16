#include "services/components.hpp"

#include <set>
#include <string>

namespace accord {
namespace {

namespace kind {
constexpr std::int64_t action_row = 1;
constexpr std::int64_t button = 2;
constexpr std::int64_t string_select = 3;
constexpr std::int64_t text_input = 4;
constexpr std::int64_t user_select = 5;
constexpr std::int64_t channel_select = 8;
}  // namespace kind

constexpr std::size_t max_rows = 5;
constexpr std::size_t max_buttons_per_row = 5;
constexpr std::size_t max_custom_id = 100;
constexpr std::size_t max_label = 80;
constexpr std::size_t max_select_options = 25;

using Path = std::vector<std::string>;

Path with(Path path, const std::string& key) {
  path.push_back(key);
  return path;
}

const boost::json::string* text_field(const boost::json::object& object, const char* key) {
  const auto* value = object.if_contains(key);
  return value ? value->if_string() : nullptr;
}

std::optional<std::int64_t> int_field(const boost::json::object& object, const char* key) {
  const auto* value = object.if_contains(key);
  if (!value) return std::nullopt;
  if (value->is_int64()) return value->as_int64();
  if (value->is_uint64()) return static_cast<std::int64_t>(value->as_uint64());
  return std::nullopt;
}

class ComponentReader {
 public:
  ComponentReader(FormErrors& errors, bool modal) : errors_(errors), modal_(modal) {}

  boost::json::array rows(const boost::json::value& value) {
    const auto* list = value.if_array();
    if (!list) {
      errors_.add({"components"}, "BASE_TYPE_ARRAY", "Must be an array.");
      return {};
    }
    if (list->size() > max_rows) {
      errors_.add({"components"}, "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.");
      return {};
    }
    boost::json::array stored;
    for (std::size_t i = 0; i < list->size(); ++i)
      stored.push_back(row((*list)[i], {"components", std::to_string(i)}));
    return stored;
  }

 private:
  boost::json::object row(const boost::json::value& value, const Path& path) {
    const auto* object = value.if_object();
    if (!object || int_field(*object, "type") != kind::action_row) {
      errors_.add(with(path, "type"), "UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (1,).");
      return {};
    }
    const auto* children = object->if_contains("components");
    const auto* list = children ? children->if_array() : nullptr;
    if (!list || list->empty()) {
      errors_.add(with(path, "components"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.");
      return {};
    }
    boost::json::array stored;
    std::size_t buttons = 0;
    std::size_t others = 0;
    for (std::size_t i = 0; i < list->size(); ++i) {
      auto child = component((*list)[i], with(with(path, "components"), std::to_string(i)));
      (int_field(child, "type") == kind::button ? buttons : others)++;
      stored.push_back(std::move(child));
    }
    // A row holds up to five buttons, or exactly one select (or, in a modal, one text input).
    if (buttons > max_buttons_per_row || (others > 0 && list->size() > 1)) {
      errors_.add(with(path, "components"), "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                  "The specified component exceeds the maximum width");
    }
    return {{"type", kind::action_row}, {"components", std::move(stored)}};
  }

  boost::json::object component(const boost::json::value& value, const Path& path) {
    const auto* object = value.if_object();
    const auto type = object ? int_field(*object, "type") : std::nullopt;
    const bool allowed = type && (modal_ ? *type == kind::text_input
                                         : (*type == kind::button || *type == kind::string_select ||
                                            (*type >= kind::user_select && *type <= kind::channel_select)));
    if (!allowed) {
      errors_.add(with(path, "type"), "UNION_TYPE_CHOICES",
                  modal_ ? "Value of field \"type\" must be one of (4,)."
                         : "Value of field \"type\" must be one of (2, 3, 5, 6, 7, 8).");
      return {};
    }
    boost::json::object stored = *object;
    if (*type == kind::button) {
      button(*object, path);
    } else {
      require_custom_id(*object, path);
      if (*type == kind::string_select) select_options(*object, path);
      if (*type == kind::text_input) text_input(*object, path);
      if (*type != kind::text_input) select_bounds(*object, path);
    }
    if (const auto* label = text_field(*object, "label"); label && label->size() > max_label) {
      errors_.add(with(path, "label"), "BASE_TYPE_MAX_LENGTH", "Must be 80 or fewer in length.");
    }
    return stored;
  }

  void button(const boost::json::object& object, const Path& path) {
    const auto style = int_field(object, "style");
    if (!style || *style < 1 || *style > 6) {
      errors_.add(with(path, "style"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6}.");
      return;
    }
    constexpr std::int64_t link = 5;
    constexpr std::int64_t premium = 6;
    if (*style == link) {
      const auto* url = text_field(object, "url");
      if (!url || url->empty() || url->size() > 512) {
        errors_.add(with(path, "url"), "BASE_TYPE_REQUIRED", "This field is required");
      }
      if (object.contains("custom_id")) {
        errors_.add(with(path, "custom_id"), "COMPONENT_CUSTOM_ID_NOT_ALLOWED",
                    "A custom id cannot be set on link buttons");
      }
    } else if (*style != premium) {
      require_custom_id(object, path);
      if (!text_field(object, "label") && !object.contains("emoji")) {
        errors_.add(with(path, "label"), "BASE_TYPE_REQUIRED", "This field is required");
      }
    }
  }

  void require_custom_id(const boost::json::object& object, const Path& path) {
    const auto* custom_id = text_field(object, "custom_id");
    if (!custom_id || custom_id->empty() || custom_id->size() > max_custom_id) {
      errors_.add(with(path, "custom_id"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
      return;
    }
    if (!custom_ids_.insert(std::string(*custom_id)).second) {
      errors_.add(with(path, "custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED",
                  "Component custom id cannot be duplicated");
    }
  }

  void select_options(const boost::json::object& object, const Path& path) {
    const auto* options = object.if_contains("options");
    const auto* list = options ? options->if_array() : nullptr;
    if (!list || list->empty() || list->size() > max_select_options) {
      errors_.add(with(path, "options"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 25 in length.");
      return;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
      const auto* option = (*list)[i].if_object();
      const auto* label = option ? text_field(*option, "label") : nullptr;
      const auto* value = option ? text_field(*option, "value") : nullptr;
      const auto option_path = with(with(path, "options"), std::to_string(i));
      if (!label || label->empty() || label->size() > 100) {
        errors_.add(with(option_path, "label"), "BASE_TYPE_BAD_LENGTH",
                    "Must be between 1 and 100 in length.");
      }
      if (!value || value->empty() || value->size() > 100) {
        errors_.add(with(option_path, "value"), "BASE_TYPE_BAD_LENGTH",
                    "Must be between 1 and 100 in length.");
      }
    }
  }

  void select_bounds(const boost::json::object& object, const Path& path) {
    const auto min = int_field(object, "min_values").value_or(1);
    const auto max = int_field(object, "max_values").value_or(1);
    if (min < 0 || min > 25)
      errors_.add(with(path, "min_values"), "NUMBER_TYPE_MAX", "Must be between 0 and 25.");
    if (max < 1 || max > 25 || max < min) {
      errors_.add(with(path, "max_values"), "NUMBER_TYPE_MAX", "Must be between 1 and 25.");
    }
  }

  void text_input(const boost::json::object& object, const Path& path) {
    const auto style = int_field(object, "style");
    if (!style || (*style != 1 && *style != 2)) {
      errors_.add(with(path, "style"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2}.");
    }
    const auto* label = text_field(object, "label");
    if (!label || label->empty())
      errors_.add(with(path, "label"), "BASE_TYPE_REQUIRED", "This field is required");
    const auto max = int_field(object, "max_length").value_or(4000);
    if (max < 1 || max > 4000)
      errors_.add(with(path, "max_length"), "NUMBER_TYPE_MAX", "Must be between 1 and 4000.");
  }

  FormErrors& errors_;
  bool modal_;
  std::set<std::string> custom_ids_;
};

}  // namespace

boost::json::array read_components(const boost::json::value& value, FormErrors& errors, bool modal) {
  if (value.is_null()) return {};
  return ComponentReader(errors, modal).rows(value);
}

const boost::json::object* find_component(const boost::json::array& components, std::string_view custom_id) {
  for (const auto& row : components) {
    const auto* object = row.if_object();
    const auto* children = object ? object->if_contains("components") : nullptr;
    if (!children || !children->is_array()) continue;
    for (const auto& child : children->as_array()) {
      const auto* component = child.if_object();
      const auto* id = component ? text_field(*component, "custom_id") : nullptr;
      if (id && *id == custom_id) return component;
    }
  }
  return nullptr;
}

}  // namespace accord
