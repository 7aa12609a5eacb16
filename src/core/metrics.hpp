#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace accord {

// What /metrics reports, in Prometheus' text format. Request counters are kept here; values owned
// elsewhere (sessions online, database time) are read through callbacks when scraped.
class Metrics {
 public:
  void count_request(std::string_view method, std::string_view route, int status, double seconds);
  void count_rate_limited() { rate_limited_.fetch_add(1, std::memory_order_relaxed); }

  enum class Type { gauge, counter };
  void add_reading(std::string name, std::string help, Type type, std::function<double()> read);

  std::string render() const;

 private:
  static constexpr std::array<double, 11> bucket_bounds{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                        0.1,   0.25,   0.5,   1.0,  5.0};
  struct Durations {
    std::array<std::uint64_t, bucket_bounds.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  struct Reading {
    std::string name;
    std::string help;
    Type type;
    std::function<double()> read;
  };

  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t, std::less<>> requests_;
  std::map<std::string, Durations, std::less<>> durations_;
  std::vector<Reading> readings_;
  std::atomic<std::uint64_t> rate_limited_{0};
};

}  // namespace accord
