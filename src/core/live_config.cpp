#include "core/live_config.hpp"

namespace accord {

LiveConfig::LiveConfig(Config startup)
    : startup_(std::move(startup)), current_(std::make_shared<const Config>(startup_)) {}

std::map<std::string, std::string> LiveConfig::runtime_values() const {
  std::lock_guard lock(mutex_);
  return runtime_;
}

void LiveConfig::set_runtime_values(const std::map<std::string, std::string>& values) {
  auto next = std::make_shared<const Config>(with_runtime_values(startup_, values));
  std::lock_guard lock(mutex_);
  runtime_ = values;
  current_.store(std::move(next));
}

}  // namespace accord
