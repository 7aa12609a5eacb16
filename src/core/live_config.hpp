#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/config.hpp"

namespace accord {

// The configuration as it is right now: what the process started with, plus the runtime values an
// operator set. Readers take a snapshot, so a change never tears a request in half.
class LiveConfig {
 public:
  explicit LiveConfig(Config startup);

  std::shared_ptr<const Config> get() const { return current_.load(); }
  const Config& startup() const { return startup_; }
  std::map<std::string, std::string> runtime_values() const;

  // Replaces every runtime value at once. Throws ConfigValueError and changes nothing when one is bad.
  void set_runtime_values(const std::map<std::string, std::string>& values);

 private:
  const Config startup_;
  std::atomic<std::shared_ptr<const Config>> current_;
  mutable std::mutex mutex_;  // guards runtime_ against two writers
  std::map<std::string, std::string> runtime_;
};

}  // namespace accord
