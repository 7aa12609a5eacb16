#include "core/json_log_formatter.hpp"

#include <spdlog/common.h>
#include <spdlog/details/log_msg.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <string_view>

namespace accord {
namespace {

void append(spdlog::memory_buf_t& out, std::string_view text) {
  out.append(text.data(), text.data() + text.size());
}

// JSON string escaping: quotes, backslashes and control characters; everything else as it is (UTF-8).
void append_escaped(spdlog::memory_buf_t& out, std::string_view text) {
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        append(out, "\\\"");
        break;
      case '\\':
        append(out, "\\\\");
        break;
      case '\n':
        append(out, "\\n");
        break;
      case '\r':
        append(out, "\\r");
        break;
      case '\t':
        append(out, "\\t");
        break;
      default:
        if (c < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
          append(out, escaped);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
}

}  // namespace

void JsonLogFormatter::format(const spdlog::details::log_msg& message, spdlog::memory_buf_t& out) {
  const auto since_epoch = message.time.time_since_epoch();
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds).count();
  const std::time_t time = seconds.count();
  std::tm utc{};
  gmtime_r(&time, &utc);
  char stamp[96];  // room for any int the compiler imagines in tm
  std::snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02d.%03lldZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<long long>(millis));
  append(out, "{\"time\":\"");
  append(out, stamp);
  append(out, "\",\"level\":\"");
  const auto level = spdlog::level::to_string_view(message.level);
  append(out, std::string_view(level.data(), level.size()));
  append(out, "\",\"logger\":\"");
  append_escaped(out, std::string_view(message.logger_name.data(), message.logger_name.size()));
  append(out, "\",\"message\":\"");
  append_escaped(out, std::string_view(message.payload.data(), message.payload.size()));
  append(out, "\"}\n");
}

std::unique_ptr<spdlog::formatter> JsonLogFormatter::clone() const {
  return std::make_unique<JsonLogFormatter>();
}

}  // namespace accord
