#pragma once

#include <spdlog/formatter.h>

#include <memory>

namespace accord {

// One JSON object per log line ({"time","level","logger","message"}), for log shippers that want
// structure rather than text: `observability.log_format = "json"`.
class JsonLogFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& message, spdlog::memory_buf_t& out) override;
  std::unique_ptr<spdlog::formatter> clone() const override;
};

}  // namespace accord
