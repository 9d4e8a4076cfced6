// The Epstein rules at their limits and their mechanisms, all else equal.
#include <doctest/doctest.h>

#include <cmath>

#include "../../support/support.hpp"
#include "epstein/world.hpp"

using namespace sahelsim;
using namespace sahelsim::epstein;

namespace {
std::string small(const std::string& params, int steps = 30) {
  return "model: epstein\nseed: 11\nsteps: " + std::to_string(steps) +
         "\nparams: {width: 30, height: 30, agent_vision: 4, cop_vision: 4, " + params + "}\n";
}
double mean_of(const std::vector<double>& xs, std::size_t from = 0) {
  double sum = 0.0;
  for (std::size_t i = from; i < xs.size(); ++i) sum += xs[i];
  return sum / static_cast<double>(xs.size() - from);
}
}  // namespace

TEST_CASE("arrest probability is 0.9 with one cop and one active in view") {
  CHECK(arrest_probability(std::log(10.0), ArrestRatio::exact, 1, 1) ==
        doctest::Approx(0.9).epsilon(1e-12));
  CHECK(arrest_probability(2.3, ArrestRatio::exact, 1, 1) ==
        doctest::Approx(0.89974).epsilon(1e-5));
}

TEST_CASE("the three readings of C/A differ as documented") {
  // 1 cop, 2 actives: exact 0.5; floor 0; round half to even 0.
  CHECK(arrest_probability(2.3, ArrestRatio::exact, 1, 2) == doctest::Approx(1 - std::exp(-1.15)));
  CHECK(arrest_probability(2.3, ArrestRatio::floor, 1, 2) == 0.0);
  CHECK(arrest_probability(2.3, ArrestRatio::round, 1, 2) == 0.0);
  // 5 cops, 2 actives: exact 2.5; floor 2; round half to even 2.
  CHECK(arrest_probability(2.3, ArrestRatio::floor, 5, 2) == doctest::Approx(1 - std::exp(-4.6)));
  CHECK(arrest_probability(2.3, ArrestRatio::round, 5, 2) == doctest::Approx(1 - std::exp(-4.6)));
  // 3 cops, 2 actives: round 1.5 -> 2.
  CHECK(arrest_probability(2.3, ArrestRatio::round, 3, 2) == doctest::Approx(1 - std::exp(-4.6)));
  CHECK(arrest_probability(2.3, ArrestRatio::exact, 0, 7) == 0.0);
}

TEST_CASE("full legitimacy leaves no grievance and no rebel") {
  for (const char* activation : {"sequential", "parallel"}) {
    const MemorySink out =
        test::run(test::scenario(small(std::string("legitimacy: 1.0, activation: ") + activation)));
    for (double a : out.values("active")) REQUIRE(a == 0.0);
    for (double a : out.values("arrests")) REQUIRE(a == 0.0);
  }
}

TEST_CASE("a threshold of 1 keeps everyone quiet whatever the grievance") {
  const MemorySink out =
      test::run(test::scenario(small("legitimacy: 0.0, threshold: 1.0, cop_density: 0")));
  for (double a : out.values("active")) REQUIRE(a == 0.0);
}

TEST_CASE("without cops an agent is active exactly when H (1 - L) > T") {
  // No cops: P = 0, so rule A reduces to G > T; after one step the active count must equal
  // the number of agents whose hardship exceeds T / (1 - L).
  const ScenarioSpec spec = test::scenario(
      small("legitimacy: 0.4, cop_density: 0, movement: none, activation: parallel", 1));
  World world(spec.params, spec.seed);
  Schedule schedule;
  world.schedule(schedule);
  EventLog events;
  StepContext context{0, spec.seed, &spec.params, &events};
  schedule.run(context);
  std::vector<double> out(kSeriesCount);
  world.measure(out);
  const MemorySink again = test::run(spec);
  CHECK(out[kActiveSeries] == again.values("active").back());
  CHECK(out[kActiveSeries] > 0.7 * 630);  // about 1 - 0.1/0.6 = 83 % of 630 agents
  CHECK(out[kActiveSeries] < 0.95 * 630);
  CHECK(out[kArrestsSeries] == 0.0);
}

TEST_CASE("more cops, fewer rebels, all else equal") {
  double few = 0.0, many = 0.0;
  for (int seed = 1; seed <= 4; ++seed) {
    ScenarioOverrides overrides{{"seed=" + std::to_string(seed)}};
    few += mean_of(
        test::run(test::scenario(small("legitimacy: 0.7, cop_density: 0.01, max_jail_term: 10", 60),
                                 overrides))
            .values("active"),
        10);
    many += mean_of(
        test::run(test::scenario(small("legitimacy: 0.7, cop_density: 0.1, max_jail_term: 10", 60),
                                 overrides))
            .values("active"),
        10);
  }
  CHECK(few > 2.0 * many);
}

TEST_CASE("lower legitimacy, more rebels, all else equal") {
  double high = 0.0, low = 0.0;
  for (int seed = 1; seed <= 4; ++seed) {
    ScenarioOverrides overrides{{"seed=" + std::to_string(seed)}};
    high +=
        mean_of(test::run(test::scenario(
                              small("legitimacy: 0.9, cop_density: 0.02, activation: parallel", 60),
                              overrides))
                    .values("active"),
                10);
    low +=
        mean_of(test::run(test::scenario(
                              small("legitimacy: 0.5, cop_density: 0.02, activation: parallel", 60),
                              overrides))
                    .values("active"),
                10);
  }
  CHECK(low > 2.0 * high + 1.0);
}

TEST_CASE("a zero jail term frees the arrested at the end of the same step") {
  const MemorySink out = test::run(test::scenario(small("legitimacy: 0.5, max_jail_term: 0")));
  double arrests = 0.0;
  for (double j : out.values("jailed")) REQUIRE(j == 0.0);
  for (double a : out.values("arrests")) arrests += a;
  double releases = 0.0;
  for (double r : out.values("releases")) releases += r;
  CHECK(arrests > 0.0);
  CHECK(releases == arrests);
}

TEST_CASE("an infinite jail term never releases anyone") {
  const MemorySink out = test::run(test::scenario(small("legitimacy: 0.5, max_jail_term: .inf")));
  for (double r : out.values("releases")) REQUIRE(r == 0.0);
  CHECK(out.values("jailed").back() > 0.0);
}

TEST_CASE("a timeline change of cop density withdraws or deploys cops to the exact count") {
  for (const char* activation : {"sequential", "parallel"}) {
    const ScenarioSpec spec =
        test::scenario(small(std::string("cop_density: 0.05, activation: ") + activation, 30) +
                       "timeline:\n  - at: 10\n    set: {params.cop_density: 0.02}\n  - at: 20\n   "
                       " set: {params.cop_density: 0.08}\n");
    const MemorySink out = test::run(spec);
    const auto& cops = out.values("cops");
    CHECK(cops[10] == 45.0);  // round(0.05 * 900) before step 10 runs
    CHECK(cops[11] == 18.0);  // after step 10
    CHECK(cops[21] == 72.0);
    CHECK(out.changes.size() == 2);
  }
}

TEST_CASE("legitimacy follows a ramp step by step") {
  const MemorySink out = test::run(
      test::scenario(small("legitimacy: 0.9", 20) +
                     "timeline:\n  - at: 5\n    until: 15\n    ramp: {params.legitimacy: 0.4}\n"));
  const auto& l = out.values("legitimacy");
  CHECK(l[5] == 0.9);                    // record after step 4
  CHECK(l[7] == doctest::Approx(0.85));  // after step 6, set at step 6
  CHECK(l[16] == 0.4);
  CHECK(out.changes.size() == 10);
}
