#include "calendar.hpp"

#include <charconv>
#include <cstdio>

namespace sahelsim {

namespace {
bool parse_digits(const std::string& text, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > text.size()) return false;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  const char* first = text.data() + pos;
  return std::from_chars(first, first + count, out).ec == std::errc{};
}
}  // namespace

std::optional<Date> parse_date(const std::string& text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (!parse_digits(text, 0, 4, y) || !parse_digits(text, 5, 2, m) ||
      !parse_digits(text, 8, 2, d)) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{std::chrono::year{y},
                                        std::chrono::month{static_cast<unsigned>(m)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return Date{ymd};
}

std::string format_date(Date date) {
  const std::chrono::year_month_day ymd{date};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}

std::optional<std::int64_t> parse_duration_days(const std::string& text) {
  if (text.size() < 2) return std::nullopt;
  const char unit = text.back();
  const int per_unit = unit == 'd' ? 1 : unit == 'w' ? 7 : 0;
  if (per_unit == 0) return std::nullopt;
  std::int64_t n = 0;
  const char* first = text.data();
  const char* last = text.data() + text.size() - 1;
  const auto [ptr, ec] = std::from_chars(first, last, n);
  if (ec != std::errc{} || ptr != last || n < 1 || n > 36500) return std::nullopt;
  return n * per_unit;
}

std::int64_t Calendar::step_containing(Date date) const {
  const std::int64_t days = (date - start).count();
  // Floor division, so that dates before the start give negative steps.
  return days >= 0 ? days / step_days : -((-days + step_days - 1) / step_days);
}

}  // namespace sahelsim
