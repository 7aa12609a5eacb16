#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <mutex>
#include <string>

#include "services/context.hpp"

namespace accord {

// Runtime configuration: values an operator sets while the instance runs. They live in the database
// (so they survive restarts and reach every process on it) and win over accord.toml and ACCORD_*.
class InstanceConfigService {
 public:
  InstanceConfigService(ServiceContext& context, LiveConfig& live) : context_(context), live_(live) {}

  // Every key with its effective value, typed as JSON (numbers, booleans, strings).
  boost::json::object effective() const;
  // Checks every value first (50035 naming each bad key), then stores and applies them together.
  void change(const boost::json::object& values);
  // The same for text values, as `accord config set` gives them; throws ConfigValueError.
  void change_text(const std::map<std::string, std::string>& values);
  // Picks up values another process stored (the CLI, another node). Cheap when nothing changed.
  void reload();

 private:
  std::map<std::string, std::string> stored() const;

  ServiceContext& context_;
  LiveConfig& live_;
  std::mutex mutex_;  // one read-merge-write at a time
};

}  // namespace accord
