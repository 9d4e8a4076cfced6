// Calendar: maps step indices to dates when a scenario sets `calendar: {start, step}`.
//
// Step t covers the days [start + t * step, start + (t + 1) * step). Record time τ (the
// number of steps completed) is the date start + τ * step. Dates are proleptic Gregorian.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace sahelsim {

using Date = std::chrono::sys_days;

// Strict YYYY-MM-DD; nullopt when malformed or not a real date (2013-02-30).
[[nodiscard]] std::optional<Date> parse_date(const std::string& text);
[[nodiscard]] std::string format_date(Date date);

// A step length: "<n>d" (days) or "<n>w" (weeks), n >= 1; nullopt when malformed.
[[nodiscard]] std::optional<std::int64_t> parse_duration_days(const std::string& text);

struct Calendar {
  Date start;
  std::int64_t step_days = 1;

  // Date after `records` steps have completed.
  [[nodiscard]] Date date_after(std::int64_t steps_done) const {
    return start + std::chrono::days(steps_done * step_days);
  }
  // The step whose period contains `date`; negative when the date precedes the start.
  [[nodiscard]] std::int64_t step_containing(Date date) const;
};

}  // namespace sahelsim
