#pragma once

#include <atomic>
#include <functional>
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
  Config startup() const;
  // Fills in what is known only once running, such as the public URL from the bound port.
  void adjust_startup(const std::function<void(Config&)>& change);
  std::map<std::string, std::string> runtime_values() const;

  // Replaces every runtime value at once. Throws ConfigValueError and changes nothing when one is bad.
  void set_runtime_values(const std::map<std::string, std::string>& values);

 private:
  Config startup_;
  std::atomic<std::shared_ptr<const Config>> current_;
  mutable std::mutex mutex_;  // guards startup_ and runtime_ against two writers
  std::map<std::string, std::string> runtime_;
};

}  // namespace accord
