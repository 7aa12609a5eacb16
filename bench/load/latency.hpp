#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace accord::bench {

// Latencies in microseconds, kept whole so percentiles are exact rather than bucketed.
class Latencies {
 public:
  void add(std::int64_t micros) { samples_.push_back(micros); }
  void merge(const Latencies& other) {
    samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end());
  }
  std::size_t count() const { return samples_.size(); }

  // The q-quantile (0..1) in milliseconds; sorts on first use after a change.
  double percentile_ms(double q) {
    if (samples_.empty()) return 0;
    std::sort(samples_.begin(), samples_.end());
    const auto index = static_cast<std::size_t>(q * static_cast<double>(samples_.size() - 1) + 0.5);
    return static_cast<double>(samples_[index]) / 1000.0;
  }

 private:
  std::vector<std::int64_t> samples_;
};

}  // namespace accord::bench
