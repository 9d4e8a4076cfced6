// Invariants of the Sahel model at every step: people conserved (with demography: initial +
// births - deaths), statuses add up, fighters are the persons with status fighter, every
// state variable in range and no NaN; and its degenerate limits.
#include <doctest/doctest.h>

#include <cmath>

#include "sahel/outputs.hpp"
#include "sahel/world.hpp"
#include "sahel_support.hpp"

using namespace sahelsim;
using namespace sahelsim::sahel;

namespace {

void check_world(const World& world, const std::vector<double>& v, const std::vector<double>& r) {
  const std::string problems = world.check_state();
  CAPTURE(problems);
  REQUIRE(problems.empty());
  for (double x : v) REQUIRE(std::isfinite(x));
  for (double x : r) REQUIRE(std::isfinite(x));
  const double scale = world.people_per_agent();
  // People conserved: the living and the dead are the initial people and those born since.
  const double everyone = static_cast<double>(world.initial_agents() + world.births()) * scale;
  REQUIRE(v[kPopulation] + v[kDeadTotal] == everyone);
  REQUIRE(v[kResidents] + v[kIdps] + v[kRefugees] + v[kInTransit] + v[kSeriesDetained] +
              v[kFighters] ==
          v[kPopulation]);
  // Fighters are exactly the persons with status fighter, group by group.
  std::array<double, kGroups> by_group{};
  double fighters = 0, detained = 0;
  const auto status = world.status();
  const auto group = world.group();
  for (std::size_t i = 0; i < status.size(); ++i) {
    if (status[i] == kFighter) {
      fighters += scale;
      REQUIRE(group[i] < kGroups);
      by_group[group[i]] += scale;
    }
    if (status[i] == kDetained) detained += scale;
  }
  REQUIRE(v[kFighters] == fighters);
  REQUIRE(v[kFightersJnim] == by_group[0]);
  REQUIRE(v[kFightersIsgs] == by_group[1]);
  REQUIRE(v[kFightersSeparatists] == by_group[2]);
  REQUIRE(v[kSeriesDetained] == detained);
  REQUIRE(v[kRefugeesMrt] + v[kRefugeesBfa] + v[kRefugeesNer] + v[kRefugeesDza] +
              v[kRefugeesOther] ==
          v[kRefugees]);
  // Shares and indices in [0, 1].
  for (const std::size_t k : {kSympathizers, kMeanTrust, kMeanHardship, kMeanFear,
                              kControlPopulation, kControlArea, kStatePresence, kSecurity,
                              kGovernance, kCohesion, kNonDisplacement, kStability, kCveReach}) {
    REQUIRE(v[k] >= 0.0);
    REQUIRE(v[k] <= 1.0);
  }
  REQUIRE(v[kMeanAttitude] >= -1.0);
  REQUIRE(v[kMeanAttitude] <= 1.0);
  for (std::size_t k = 0; k < v.size(); ++k) {
    if (k != kMeanAttitude) REQUIRE(v[k] > -1e-9);  // counts, flows, costs are never negative
  }
  // Regional populations add up to the people on the home country's cells.
  const std::size_t regions = world.regions();
  double in_regions = 0, at_home = 0;
  for (std::size_t k = 0; k < regions; ++k) in_regions += r[kRegPopulation * regions + k];
  const auto cells = world.cells();
  for (std::size_t i = 0; i < status.size(); ++i) {
    if (status[i] != kDead && status[i] != kDetained && world.in_home_country(cells[i])) {
      at_home += scale;
    }
  }
  REQUIRE(in_regions == at_home);
}

// Runs the scenario step by step, checking the invariants; returns the people recruited.
double run_and_check(const ScenarioSpec& spec) {
  ScenarioSpec running = spec;
  World world(running.params, spec.seed, spec.calendar);
  Schedule schedule;
  world.schedule(schedule);
  EventLog events;
  StepContext context{0, spec.seed, &running.params, &events};
  std::vector<double> v(kSeriesCount), r(kRegionalCount * world.regions());
  std::vector<std::size_t> changed;
  std::vector<AppliedChange> applied;
  world.measure(v);
  world.measure_regional(r);
  check_world(world, v, r);
  double recruits = 0, displaced = 0, operations = 0;
  for (std::int64_t step = 0; step < spec.steps; ++step) {
    changed.clear();
    running.timeline.apply(step, running.params, changed, applied);
    if (!changed.empty()) world.on_params_changed(running.params, changed, step);
    context.step = step;
    schedule.run(context);
    events.clear();
    world.measure(v);
    world.measure_regional(r);
    check_world(world, v, r);
    recruits += v[kRecruits];
    displaced += v[kNewDisplacements];
    operations += v[kOperations];
  }
  // The checks were not vacuous: things happened.
  CHECK(displaced > 0);
  CHECK(operations > 0);
  return recruits;
}

}  // namespace

TEST_CASE("sahel: invariants hold at every step, with and without demography") {
  for (const char* demography : {"false", "true"}) {
    CAPTURE(demography);
    ScenarioOverrides o;
    o.sets = {std::string("params.demography=") + demography, "params.attitude.propaganda=0.3"};
    CHECK(run_and_check(test::scenario(test::sahel_world(60), o)) > 0);
  }
}

TEST_CASE("sahel: invariants hold while the timeline changes troops, levers and legitimacy") {
  const std::string yaml = test::sahel_world(60) +
                           "timeline:\n"
                           "  - at: 2012-03-05\n"
                           "    set: {policy.military.troops: 4000, "
                           "policy.international.peacekeepers: 2000, policy.border.control: 0.9}\n"
                           "  - at: 2012-06-04\n"
                           "    set: {params.trust.legitimacy_shift: -0.3, "
                           "policy.military.troops: 300, policy.cve.coverage: 0.5, "
                           "policy.cve.regions: North}\n";
  run_and_check(test::scenario(yaml, {{"params.attitude.propaganda=0.3"}}));
}

TEST_CASE("sahel: without armed groups nobody is recruited, displaced or killed") {
  const auto runs =
      test::replicates({"groups.jnim.fighters=0", "groups.isgs.fighters=0",
                        "groups.separatists.fighters=0", "params.attitude.extremist_share=0.2"},
                       2, 60);
  CHECK(test::total(runs, "recruits") == 0);
  CHECK(test::total(runs, "new_displacements") == 0);
  CHECK(test::total(runs, "civilians_killed_by_groups") == 0);
  CHECK(test::total(runs, "civilians_killed_by_state") == 0);
  CHECK(test::total(runs, "fighters") == 0);
}

TEST_CASE("sahel: zero collateral tolerance and perfect precision harm no civilian") {
  std::vector<std::string> sets = {"policy.military.collateral_tolerance=0",
                                   "policy.intelligence.surveillance=1",
                                   "params.intelligence.surveillance_max=1",
                                   "policy.coordination=1", "policy.military.posture.air=0.5"};
  for (const char* owner : {"army", "police", "un", "ct", "joint", "militia"}) {
    sets.push_back(std::string("forces.") + owner + ".collateral_extra=0");
    sets.push_back(std::string("forces.") + owner + ".precision=1");
  }
  sets.push_back("forces.militia.troops=600");
  sets.push_back("policy.military.special_units=600");
  const auto runs = test::replicates(sets, 3, 60);
  CHECK(test::total(runs, "operations") > 10);  // operations did happen
  CHECK(test::total(runs, "fighters_killed") + test::total(runs, "arrests") > 0);
  CHECK(test::total(runs, "civilians_killed_by_state") == 0);
  CHECK(test::total(runs, "false_arrests") == 0);
  // Control: imprecise forces with a high tolerance do harm civilians.
  const auto lax = test::replicates(
      {"policy.military.collateral_tolerance=1", "params.operations.collateral_rate=0.2"}, 3, 60);
  CHECK(test::total(lax, "civilians_killed_by_state") > 0);
}

TEST_CASE("sahel: aid with a zero budget delivers nothing") {
  const auto none = test::replicates({"policy.aid.humanitarian.budget=0"}, 2, 40);
  CHECK(test::total(none, "aid_delivered") == 0);
  CHECK(test::total(none, "cost_humanitarian") == 0);
  const auto some = test::replicates({"policy.aid.humanitarian.budget=50"}, 2, 40);
  CHECK(test::total(some, "aid_delivered") > 0);
}
