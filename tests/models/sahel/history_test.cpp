// scenarios/mali/history.yaml: Mali 2012-2024 as it happened. The scenario validates, every
// timeline entry takes effect on the step that contains its date, and the inputs show in
// the run (troops, the groups that appear in 2015). A short smoke run on a coarse grid.
#include <doctest/doctest.h>

#include <algorithm>

#include "sahel_support.hpp"

using namespace sahelsim;

namespace {

const char* const kHistory = "scenarios/mali/history.yaml";

}  // namespace

TEST_CASE("history: Mali 2012-2024 validates, weekly from 2 January 2012 to the end of 2024") {
  const ScenarioSpec spec = test::scenario_file(kHistory);
  REQUIRE(spec.calendar.has_value());
  CHECK(format_date(spec.calendar->start) == "2012-01-02");
  CHECK(spec.calendar->step_days == 7);
  CHECK(format_date(spec.calendar->date_after(spec.steps)) == "2024-12-30");
  CHECK(spec.timeline.entries().size() >= 20);
}

TEST_CASE("history: the timeline's events fire on their dates and show in the run") {
  // 2012 to mid-2016 on a coarse grid (a smoke run of a few seconds).
  const ScenarioSpec spec =
      test::scenario_file(kHistory, {{"steps=235", "geography.cell_deg=0.25", "params.scale=40"}});
  const MemorySink run = test::run(spec, 2);
  REQUIRE(run.complete);
  // Each change is applied before the step whose week contains its date.
  const auto step_of = [&](const char* date) {
    return spec.calendar->step_containing(*parse_date(date));
  };
  std::size_t checked = 0;
  for (const AppliedChange& c : run.changes) {
    if (c.key == "policy.military.special_units" && c.value == "4000.0") {
      CHECK(c.step == step_of("2013-01-11"));  // Serval
      ++checked;
    }
    if (c.key == "groups.isgs.seed_fighters") {
      CHECK(c.step == step_of("2015-05-13"));  // ISGS
      ++checked;
    }
    if (c.key == "params.trust.legitimacy_shift" && c.value == "-0.1") {
      CHECK(c.step == step_of("2012-03-22"));  // the 2012 coup
      ++checked;
    }
  }
  CHECK(checked == 3);
  // Troops grow with Serval and AFISMA in January 2013; ISGS exists only from May 2015.
  const auto& troops = run.values("troops");
  const auto serval = static_cast<std::size_t>(step_of("2013-01-11"));
  CHECK(troops[serval + 3] > troops[serval - 1] + 8000);
  const auto isgs = static_cast<std::size_t>(step_of("2015-05-13"));
  const auto& fighters = run.values("fighters_isgs");
  for (std::size_t r = 0; r <= isgs; ++r) CHECK(fighters[r] == 0);
  CHECK(fighters[isgs + 1] > 0);
}

TEST_CASE("history: a counterfactual is the history plus its switch, on its date") {
  const ScenarioSpec history = test::scenario_file(kHistory);
  for (const char* file : {"scenarios/mali/counterfactuals/community-2015.yaml",
                           "scenarios/mali/counterfactuals/militarized-2015.yaml"}) {
    CAPTURE(std::string(file));
    const ScenarioSpec spec = test::scenario_file(file);
    const auto& entries = spec.timeline.entries();
    REQUIRE(entries.size() == history.timeline.entries().size() + 1);
    // The history's entries, and the switch (the one with notes "counterfactual") on its date.
    const std::int64_t switch_step = spec.calendar->step_containing(*parse_date("2015-01-05"));
    std::vector<std::int64_t> expected, got;
    for (const auto& e : history.timeline.entries()) expected.push_back(e.at);
    expected.push_back(switch_step);
    std::size_t switches = 0;
    for (const auto& e : entries) {
      got.push_back(e.at);
      if (e.note.find("counterfactual") != std::string::npos) {
        ++switches;
        CHECK(e.at == switch_step);
        CHECK(e.changes.size() >= 20);
      }
    }
    std::sort(expected.begin(), expected.end());
    std::sort(got.begin(), got.end());
    CHECK(got == expected);
    CHECK(switches == 1);
  }
}
