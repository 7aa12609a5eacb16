#include "core/timestamp.hpp"

#include <chrono>
#include <cstdio>

namespace accord {

std::string iso_timestamp(std::int64_t unix_ms) {
  using namespace std::chrono;
  const sys_time<milliseconds> time{milliseconds{unix_ms}};
  const auto day = floor<days>(time);
  const year_month_day date{day};
  const hh_mm_ss clock{time - day};
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%06lld+00:00",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<int>(clock.hours().count()),
                static_cast<int>(clock.minutes().count()), static_cast<int>(clock.seconds().count()),
                static_cast<long long>(clock.subseconds().count()) * 1000);
  return text;
}

}  // namespace accord

namespace accord {

std::optional<std::int64_t> parse_iso_timestamp(std::string_view text) {
  using namespace std::chrono;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, consumed = 0;
  const std::string copy(text);
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute, &second,
                  &consumed) != 6) {
    return std::nullopt;
  }
  const year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                            std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  std::int64_t ms = duration_cast<milliseconds>(sys_days{date}.time_since_epoch()).count() +
                    ((hour * 60LL + minute) * 60 + second) * 1000;
  std::string_view rest = text.substr(static_cast<std::size_t>(consumed));
  if (!rest.empty() && rest.front() == '.') {
    rest.remove_prefix(1);
    std::int64_t scale = 100;
    while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9') {
      ms += (rest.front() - '0') * scale;
      scale /= 10;
      rest.remove_prefix(1);
    }
  }
  if (rest == "Z" || rest == "+00:00" || rest.empty()) return ms;
  int offset_hours = 0, offset_minutes = 0;
  char sign = 0;
  const std::string offset(rest);
  if (std::sscanf(offset.c_str(), "%c%2d:%2d", &sign, &offset_hours, &offset_minutes) != 3 ||
      (sign != '+' && sign != '-')) {
    return std::nullopt;
  }
  const std::int64_t shift = (offset_hours * 60LL + offset_minutes) * 60 * 1000;
  return sign == '+' ? ms - shift : ms + shift;
}

}  // namespace accord
