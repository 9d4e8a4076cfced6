#include <doctest/doctest.h>

#include <cmath>

#include "core/params.hpp"

using namespace sahelsim;

namespace {
std::string problem(const ParamSpec& spec, const std::string& text, bool quoted = false) {
  auto result = spec.parse(text, quoted);
  if (auto* message = std::get_if<std::string>(&result)) return *message;
  return {};
}
ParamValue value(const ParamSpec& spec, const std::string& text) {
  return std::get<ParamValue>(spec.parse(text, false));
}
}  // namespace

TEST_CASE("reals parse strictly and respect their range") {
  Schema schema;
  ParamSpec& p = schema.real("params.legitimacy", 0.8).range(0, 1);
  CHECK(std::get<double>(value(p, "0.25")) == 0.25);
  CHECK(std::get<double>(value(p, "1")) == 1.0);
  CHECK(std::get<double>(value(p, "+0.5")) == 0.5);
  CHECK(std::get<double>(value(p, "5e-1")) == 0.5);
  CHECK(problem(p, "1.7") == "out of range (expected a number in [0, 1], got 1.7)");
  CHECK(problem(p, "ten").find("wrong type (expected a number in [0, 1], got 'ten')") == 0);
  CHECK(problem(p, "0.5", true).find("got the string \"0.5\"") != std::string::npos);
  CHECK(problem(p, ".nan").find("not a number") == 0);
  CHECK(problem(p, ".inf").find("infinite") == 0);
  CHECK(problem(p, "0x10").find("wrong type") == 0);
  CHECK(problem(p, "1e999").find("too large") != std::string::npos);
}

TEST_CASE("open bounds exclude the bound itself") {
  Schema schema;
  ParamSpec& p = schema.real("params.k", 2.3).above(0);
  CHECK(problem(p, "0") == "out of range (expected a number > 0, got 0)");
  CHECK(problem(p, "0.001").empty());
}

TEST_CASE("infinity only where the schema allows it") {
  Schema schema;
  ParamSpec& jail = schema.real("params.max_jail_term", 30).at_least(0).infinite_ok();
  CHECK(std::isinf(std::get<double>(value(jail, ".inf"))));
  CHECK(problem(jail, "-.inf").find("out of range") == 0);
  CHECK(problem(jail, ".nan").find("not a number") == 0);
}

TEST_CASE("integers reject fractions, overflow and quoted text") {
  Schema schema;
  ParamSpec& steps = schema.integer("steps", 10).range(1, 1e9);
  CHECK(std::get<std::int64_t>(value(steps, "3000")) == 3000);
  CHECK(problem(steps, "2.5").find("wrong type") == 0);
  CHECK(problem(steps, "-3") == "out of range (expected an integer in [1, 1000000000], got -3)");
  CHECK(problem(steps, "99999999999999999999").find("too large") != std::string::npos);
  CHECK(problem(steps, "12", true).find("wrong type") == 0);
}

TEST_CASE("booleans are true or false") {
  Schema schema;
  ParamSpec& b = schema.boolean("output.events", true);
  CHECK(std::get<bool>(value(b, "false")) == false);
  CHECK(std::get<bool>(value(b, "True")) == true);
  CHECK(problem(b, "yes").find("wrong type (expected true or false") == 0);
}

TEST_CASE("a choice outside the list names the list and the nearest choice") {
  Schema schema;
  ParamSpec& c = schema.choice("params.arrest_ratio", {"floor", "exact", "round"}, "floor");
  CHECK(std::get<std::string>(value(c, "exact")) == "exact");
  const std::string message = problem(c, "flor");
  CHECK(message.find("expected one of floor, exact, round, got 'flor'") != std::string::npos);
  CHECK(message.find("did you mean 'floor'?") != std::string::npos);
}

TEST_CASE("dates and step lengths") {
  Schema schema;
  ParamSpec& d = schema.date("calendar.start", std::nullopt);
  ParamSpec& s = schema.duration("calendar.step", "1d");
  CHECK(problem(d, "2013-01-11").empty());
  CHECK(problem(d, "2013-02-30").find("not a valid date") == 0);
  CHECK(problem(s, "7d").empty());
  CHECK(problem(s, "2w").empty());
  CHECK(problem(s, "7 days").find("not a valid step length") == 0);
}

TEST_CASE("reals are written back in shortest round-trip form") {
  CHECK(format_value(ParamValue{0.1}) == "0.1");
  CHECK(format_value(ParamValue{2.0}) == "2.0");
  CHECK(format_value(ParamValue{std::numeric_limits<double>::infinity()}) == ".inf");
  CHECK(format_value(ParamValue{std::int64_t{42}}) == "42");
  const double third = 1.0 / 3.0;
  CHECK(std::stod(format_value(ParamValue{third})) == third);
}

TEST_CASE("a schema knows its sections and the keys below them") {
  Schema schema;
  schema.real("params.a", 1);
  schema.real("params.group.b", 1);
  schema.integer("steps", 1);
  CHECK(schema.is_section("params"));
  CHECK(schema.is_section("params.group"));
  CHECK_FALSE(schema.is_section("steps"));
  const auto top = schema.children("");
  CHECK(top == std::vector<std::string>{"params", "steps"});
  CHECK(schema.children("params") == std::vector<std::string>{"a", "group"});
}

TEST_CASE("a parameter set starts at the defaults") {
  Schema schema;
  schema.real("params.a", 1.5);
  schema.required("model", ParamType::text);
  ParamSet set(schema);
  CHECK(set.real("params.a") == 1.5);
  CHECK_FALSE(set.has_value("model"));
  set.set(set.index("params.a"), 2.5, {"x.yaml", 3, 4});
  CHECK(set.real("params.a") == 2.5);
  CHECK(set.origin(set.index("params.a")).str() == "x.yaml:3:4");
}
