// Same scenario and seed, same bytes: at 1, 2 and 4 threads for the parallel protocol, and
// from one run to the next for the sequential one.
#include <doctest/doctest.h>

#include "../../support/support.hpp"

using namespace sahelsim;

namespace {

const char* kParallel =
    "model: epstein\nseed: 21\nsteps: 60\n"
    "params: {width: 160, height: 130, legitimacy: 0.75, activation: parallel, max_jail_term: 12}\n"
    "timeline:\n  - at: 30\n    set: {params.cop_density: 0.02}\n"
    "output: {maps_every: 20}\n";

}  // namespace

TEST_CASE("the parallel protocol gives identical results at 1, 2 and 4 threads") {
  const ScenarioSpec spec = test::scenario(kParallel);
  const MemorySink one = test::run(spec, 1);
  const MemorySink two = test::run(spec, 2);
  const MemorySink four = test::run(spec, 4);
  test::check_identical(one, two);
  test::check_identical(one, four);
  // Not trivially identical: things happened.
  double arrests = 0.0;
  for (double a : one.values("arrests")) arrests += a;
  CHECK(arrests > 100.0);
}

TEST_CASE("the sequential protocol gives identical results run after run") {
  const ScenarioSpec spec =
      test::scenario_file("scenarios/reproductions/epstein/run2.yaml", {{"steps=300"}});
  test::check_identical(test::run(spec, 1), test::run(spec, 2));
}

TEST_CASE("a different seed gives a different history") {
  const ScenarioSpec a = test::scenario(kParallel);
  const ScenarioSpec b = test::scenario(kParallel, {{"seed=22"}});
  CHECK(test::run(a).values("active") != test::run(b).values("active"));
}
