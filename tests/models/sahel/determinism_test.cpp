// Same scenario and seed, same bytes: the Sahel model at 1, 2 and 4 threads, with
// demography (agents created during the run) and a timeline.
#include <doctest/doctest.h>

#include "sahel_support.hpp"

using namespace sahelsim;

TEST_CASE("sahel: identical results at 1, 2 and 4 threads") {
  const std::string yaml =
      test::sahel_world(50) +
      "timeline:\n  - at: 2012-04-02\n"
      "    set: {policy.military.troops: 3000, policy.engagement.level: 0.6}\n";
  const ScenarioSpec spec =
      test::scenario(yaml, {{"params.demography=true", "params.attitude.propaganda=0.3"}});
  const MemorySink one = test::run(spec, 1);
  const MemorySink two = test::run(spec, 2);
  const MemorySink four = test::run(spec, 4);
  test::check_identical(one, two);
  test::check_identical(one, four);
  CHECK(test::total(one, "operations") > 0);  // things happened
  CHECK(test::total(one, "new_displacements") > 0);
  CHECK(test::total(one, "births") > 0);
  CHECK(one.event_log.size() > 10);
  // A different seed gives a different history.
  const MemorySink other =
      test::run(test::scenario(
                    yaml, {{"seed=6", "params.demography=true", "params.attitude.propaganda=0.3"}}),
                2);
  CHECK(other.values("fighters") != one.values("fighters"));
}
