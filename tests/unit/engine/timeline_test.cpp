#include <doctest/doctest.h>

#include "core/timeline.hpp"

using namespace sahelsim;

namespace {
Schema make_schema() {
  Schema schema;
  schema.real("params.legitimacy", 0.9).range(0, 1).changeable();
  schema.integer("params.cops", 100).at_least(0).changeable();
  return schema;
}
}  // namespace

TEST_CASE("a set takes effect before the step it names, once") {
  const Schema schema = make_schema();
  ParamSet params(schema);
  Timeline timeline;
  TimelineEntry entry;
  entry.at = 77;
  entry.until = 77;
  entry.changes = {{0, ParamValue{0.7}}};
  entry.note = "jump";
  timeline.add(entry);
  std::vector<std::size_t> changed;
  std::vector<AppliedChange> applied;
  for (std::int64_t step = 0; step < 77; ++step) timeline.apply(step, params, changed, applied);
  CHECK(applied.empty());
  CHECK(params.real("params.legitimacy") == 0.9);
  timeline.apply(77, params, changed, applied);
  CHECK(params.real("params.legitimacy") == 0.7);
  REQUIRE(applied.size() == 1);
  CHECK(applied[0].step == 77);
  CHECK(applied[0].key == "params.legitimacy");
  CHECK(applied[0].value == "0.7");
  CHECK(applied[0].note == "jump");
  timeline.apply(78, params, changed, applied);
  CHECK(applied.size() == 1);
}

TEST_CASE("a ramp moves linearly from the value in force to the target") {
  const Schema schema = make_schema();
  ParamSet params(schema);
  Timeline timeline;
  TimelineEntry entry;
  entry.at = 10;
  entry.until = 14;
  entry.ramp = true;
  entry.changes = {{0, ParamValue{0.5}}, {1, ParamValue{std::int64_t{0}}}};
  timeline.add(entry);
  std::vector<std::size_t> changed;
  std::vector<AppliedChange> applied;
  std::vector<double> legitimacy;
  std::vector<std::int64_t> cops;
  for (std::int64_t step = 9; step <= 16; ++step) {
    timeline.apply(step, params, changed, applied);
    legitimacy.push_back(params.real("params.legitimacy"));
    cops.push_back(params.integer("params.cops"));
  }
  CHECK(legitimacy[0] == 0.9);  // step 9
  CHECK(legitimacy[1] == 0.9);  // step 10: the ramp starts from here
  CHECK(legitimacy[2] == doctest::Approx(0.8));
  CHECK(legitimacy[3] == doctest::Approx(0.7));
  CHECK(legitimacy[4] == doctest::Approx(0.6));
  CHECK(legitimacy[5] == 0.5);  // step 14: exactly the target
  CHECK(legitimacy[7] == 0.5);
  CHECK(cops[2] == 75);
  CHECK(cops[3] == 50);
  CHECK(cops[4] == 25);
  CHECK(cops[5] == 0);
}

TEST_CASE("entries run in order of their step whatever the order they were added") {
  const Schema schema = make_schema();
  ParamSet params(schema);
  Timeline timeline;
  for (std::int64_t at : {30, 10, 20}) {
    TimelineEntry entry;
    entry.at = at;
    entry.until = at;
    entry.changes = {{1, ParamValue{at}}};
    timeline.add(entry);
  }
  CHECK(timeline.entries()[0].at == 10);
  CHECK(timeline.entries()[2].at == 30);
}

TEST_CASE("overlapping changes of one parameter during a ramp are reported") {
  const Schema schema = make_schema();
  Timeline timeline;
  TimelineEntry ramp;
  ramp.at = 10;
  ramp.until = 20;
  ramp.ramp = true;
  ramp.changes = {{0, ParamValue{0.5}}};
  ramp.where = {"s.yaml", 5, 5};
  timeline.add(ramp);
  TimelineEntry set;
  set.at = 15;
  set.until = 15;
  set.changes = {{0, ParamValue{0.2}}};
  set.where = {"s.yaml", 9, 5};
  timeline.add(set);
  TimelineEntry other;
  other.at = 15;
  other.until = 15;
  other.changes = {{1, ParamValue{std::int64_t{3}}}};
  timeline.add(other);
  const auto problems = timeline.conflicts(schema);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].key == "params.legitimacy");
  CHECK(problems[0].where.line == 9);
}
