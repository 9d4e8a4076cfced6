// Invariants that hold at every step, for every protocol and option: agents are conserved,
// one occupant per site, the site map agrees with the agents, values are finite.
#include <doctest/doctest.h>

#include <cmath>

#include "../../support/support.hpp"
#include "epstein/world.hpp"

using namespace sahelsim;
using namespace sahelsim::epstein;

namespace {

void check_world(const World& world, const std::vector<double>& series) {
  const auto& sites = world.sites();
  std::size_t agent_sites = 0, cop_sites = 0, active_sites = 0;
  for (const std::uint8_t kind : sites) {
    agent_sites += kind == kQuiet || kind == kActive;
    active_sites += kind == kActive;
    cop_sites += kind == kCop;
  }
  // Every free agent stands on exactly one site and no jailed agent stands anywhere: with
  // the count check below, the lattice and the agents are in one-to-one correspondence.
  const std::vector<std::int32_t> positions = world.positions();
  std::size_t free_agents = 0;
  for (std::size_t a = 0; a < world.agent_count(); ++a) {
    if (world.jailed(a)) {
      REQUIRE(positions[a] == -1);
    } else {
      ++free_agents;
      REQUIRE(positions[a] >= 0);
    }
  }
  for (double v : series) REQUIRE(std::isfinite(v));
  // Agents conserved: quiet + active + jailed is the population.
  REQUIRE(series[kQuietSeries] + series[kActiveSeries] + series[kJailedSeries] ==
          static_cast<double>(world.agent_count()));
  // One agent per site: every free agent has its own site, and the map counts match.
  REQUIRE(agent_sites == free_agents);
  REQUIRE(active_sites == static_cast<std::size_t>(series[kActiveSeries]));
  REQUIRE(cop_sites == world.cop_count());
  REQUIRE(series[kCopsSeries] == static_cast<double>(world.cop_count()));
  REQUIRE(agent_sites + cop_sites <= sites.size());
}

void run_and_check(const std::string& yaml) {
  const ScenarioSpec spec = test::scenario(yaml);
  ScenarioSpec running = spec;
  World world(running.params, spec.seed);
  Schedule schedule;
  world.schedule(schedule);
  EventLog events;
  StepContext context{0, spec.seed, &running.params, &events};
  std::vector<double> series(kSeriesCount);
  std::vector<std::size_t> changed;
  std::vector<AppliedChange> applied;
  world.measure(series);
  check_world(world, series);
  for (std::int64_t step = 0; step < spec.steps; ++step) {
    changed.clear();
    running.timeline.apply(step, running.params, changed, applied);
    if (!changed.empty()) world.on_params_changed(running.params, changed, step);
    context.step = step;
    schedule.run(context);
    world.measure(series);
    check_world(world, series);
  }
}

}  // namespace

TEST_CASE("invariants hold at every step under every protocol, movement rule and topology") {
  for (const char* activation : {"sequential", "parallel"}) {
    for (const char* movement : {"all", "cops_only", "none"}) {
      for (const char* topology : {"torus", "bounded"}) {
        CAPTURE(activation);
        CAPTURE(movement);
        CAPTURE(topology);
        run_and_check(
            std::string("model: epstein\nseed: 3\nsteps: 40\nparams: {width: 25, height: 21, ") +
            "agent_vision: 3.5, cop_vision: 2, legitimacy: 0.6, max_jail_term: 5, " +
            "activation: " + activation + ", movement: " + movement + ", topology: " + topology +
            "}\n" + "timeline:\n  - at: 15\n    until: 30\n    ramp: {params.cop_density: 0.0}\n" +
            "  - at: 35\n    set: {params.cop_density: 0.1}\n");
      }
    }
  }
}

TEST_CASE("invariants hold on a nearly full lattice") {
  run_and_check(
      "model: epstein\nseed: 4\nsteps: 30\nparams: {width: 20, height: 20, agent_density: 0.93, "
      "cop_density: 0.06, legitimacy: 0.5, agent_vision: 2, cop_vision: 2, activation: parallel, "
      "max_jail_term: 3}\n");
  run_and_check(
      "model: epstein\nseed: 4\nsteps: 30\nparams: {width: 20, height: 20, agent_density: 0.93, "
      "cop_density: 0.06, legitimacy: 0.5, agent_vision: 2, cop_vision: 2, max_jail_term: 3}\n");
}

TEST_CASE("invariants hold with the Moore and von Neumann neighbourhoods and every ratio rule") {
  for (const char* n : {"moore", "von_neumann"}) {
    for (const char* rule : {"exact", "floor", "round"}) {
      run_and_check(
          std::string("model: epstein\nseed: 8\nsteps: 25\nparams: {width: 30, height: 30, ") +
          "agent_vision: 3, cop_vision: 3, legitimacy: 0.7, activation: parallel, neighbourhood: " +
          n + ", arrest_ratio: " + rule + "}\n");
    }
  }
}
