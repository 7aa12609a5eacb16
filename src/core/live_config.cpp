#include "core/live_config.hpp"

namespace accord {

LiveConfig::LiveConfig(Config startup)
    : startup_(std::move(startup)), current_(std::make_shared<const Config>(startup_)) {}

Config LiveConfig::startup() const {
  std::lock_guard lock(mutex_);
  return startup_;
}

void LiveConfig::adjust_startup(const std::function<void(Config&)>& change) {
  std::lock_guard lock(mutex_);
  change(startup_);
  current_.store(std::make_shared<const Config>(with_runtime_values(startup_, runtime_)));
}

std::map<std::string, std::string> LiveConfig::runtime_values() const {
  std::lock_guard lock(mutex_);
  return runtime_;
}

void LiveConfig::set_runtime_values(const std::map<std::string, std::string>& values) {
  std::lock_guard lock(mutex_);
  auto next = std::make_shared<const Config>(with_runtime_values(startup_, values));
  runtime_ = values;
  current_.store(std::move(next));
}

}  // namespace accord
