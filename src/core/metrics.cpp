#include "core/metrics.hpp"

#include <spdlog/fmt/fmt.h>
#include <cmath>

namespace accord {
namespace {

std::string escape_label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string number(double value) {
  if (std::isinf(value)) return "+Inf";
  if (value == std::floor(value) && std::abs(value) < 1e15)
    return std::to_string(static_cast<std::int64_t>(value));
  return fmt::format("{}", value);
}

}  // namespace

void Metrics::count_request(std::string_view method, std::string_view route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  auto key = std::make_tuple(std::string(method), std::string(route), status);
  ++requests_[std::move(key)];
  auto it = durations_.find(route);
  if (it == durations_.end()) it = durations_.emplace(std::string(route), Durations{}).first;
  auto& durations = it->second;
  for (std::size_t i = 0; i < bucket_bounds.size(); ++i) {
    if (seconds <= bucket_bounds[i]) ++durations.buckets[i];
  }
  ++durations.count;
  durations.sum += seconds;
}

void Metrics::add_reading(std::string name, std::string help, Type type, std::function<double()> read) {
  std::lock_guard lock(mutex_);
  readings_.push_back({std::move(name), std::move(help), type, std::move(read)});
}

std::string Metrics::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  out += "# HELP accord_http_requests_total HTTP API requests answered, by route pattern and status.\n";
  out += "# TYPE accord_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [method, route, status] = key;
    out += fmt::format("accord_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                       escape_label(method), escape_label(route), status, count);
  }
  out += "# HELP accord_http_request_duration_seconds Time from routing a request to its response.\n";
  out += "# TYPE accord_http_request_duration_seconds histogram\n";
  for (const auto& [route, durations] : durations_) {
    const auto label = escape_label(route);
    for (std::size_t i = 0; i < bucket_bounds.size(); ++i) {
      out += fmt::format("accord_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", label,
                         number(bucket_bounds[i]), durations.buckets[i]);
    }
    out += fmt::format("accord_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", label,
                       durations.count);
    out += fmt::format("accord_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", label,
                       number(durations.sum));
    out += fmt::format("accord_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", label,
                       durations.count);
  }
  out += "# HELP accord_http_rate_limited_total Requests refused with 429.\n";
  out += "# TYPE accord_http_rate_limited_total counter\n";
  out += fmt::format("accord_http_rate_limited_total {}\n", rate_limited_.load());
  for (const auto& reading : readings_) {
    out += "# HELP " + reading.name + " " + reading.help + "\n";
    out += "# TYPE " + reading.name + (reading.type == Type::gauge ? " gauge\n" : " counter\n");
    out += reading.name + " " + number(reading.read()) + "\n";
  }
  return out;
}

}  // namespace accord
