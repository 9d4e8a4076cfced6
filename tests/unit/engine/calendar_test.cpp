#include <doctest/doctest.h>

#include "core/calendar.hpp"

using namespace sahelsim;

TEST_CASE("dates parse strictly and print back the same") {
  CHECK(format_date(*parse_date("2012-01-01")) == "2012-01-01");
  CHECK(format_date(*parse_date("2024-02-29")) == "2024-02-29");
  CHECK_FALSE(parse_date("2023-02-29"));
  CHECK_FALSE(parse_date("2012-1-01"));
  CHECK_FALSE(parse_date("2012-13-01"));
  CHECK_FALSE(parse_date("12-01-2012"));
  CHECK_FALSE(parse_date("2012-01-01x"));
}

TEST_CASE("step lengths in days or weeks") {
  CHECK(*parse_duration_days("1d") == 1);
  CHECK(*parse_duration_days("7d") == 7);
  CHECK(*parse_duration_days("2w") == 14);
  CHECK_FALSE(parse_duration_days("0d"));
  CHECK_FALSE(parse_duration_days("d"));
  CHECK_FALSE(parse_duration_days("7"));
  CHECK_FALSE(parse_duration_days("1m"));
}

TEST_CASE("a weekly calendar maps dates to the step that contains them") {
  const Calendar calendar{*parse_date("2012-01-01"), 7};
  CHECK(calendar.step_containing(*parse_date("2012-01-01")) == 0);
  CHECK(calendar.step_containing(*parse_date("2012-01-07")) == 0);
  CHECK(calendar.step_containing(*parse_date("2012-01-08")) == 1);
  CHECK(calendar.step_containing(*parse_date("2013-01-11")) == 53);
  CHECK(calendar.step_containing(*parse_date("2011-12-31")) == -1);
  CHECK(format_date(calendar.date_after(53)) == "2013-01-06");
}
