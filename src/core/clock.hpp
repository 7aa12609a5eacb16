#pragma once

#include <cstdint>

namespace accord {

// Time comes from a Clock so tests can hold it still or move it on without sleeping.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::int64_t now_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::int64_t now_ms() const override;
};

}  // namespace accord
