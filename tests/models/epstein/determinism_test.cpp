// Same scenario and seed, same bytes: at 1, 2 and 4 threads for the parallel protocol, and
// from one run to the next for the sequential one.
#include <doctest/doctest.h>

#include <cstring>

#include "../../support/support.hpp"

using namespace sahelsim;

namespace {

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

void check_identical(const MemorySink& a, const MemorySink& b) {
  REQUIRE(a.times == b.times);
  for (std::size_t s = 0; s < a.series.size(); ++s) {
    CAPTURE(a.names[s]);
    CHECK(same_bits(a.series[s], b.series[s]));
  }
  REQUIRE(a.maps.size() == b.maps.size());
  for (std::size_t m = 0; m < a.maps.size(); ++m) {
    REQUIRE(a.maps[m].size() == b.maps[m].size());
    for (std::size_t k = 0; k < a.maps[m].size(); ++k) {
      CHECK(a.maps[m][k].u8 == b.maps[m][k].u8);
      const auto& fa = a.maps[m][k].f32;
      const auto& fb = b.maps[m][k].f32;
      REQUIRE(fa.size() == fb.size());
      CHECK((fa.empty() || std::memcmp(fa.data(), fb.data(), fa.size() * sizeof(float)) == 0));
    }
  }
  REQUIRE(a.event_log.size() == b.event_log.size());
  for (std::size_t e = 0; e < a.event_log.size(); ++e) {
    const Event& x = a.event_log[e];
    const Event& y = b.event_log[e];
    REQUIRE((x.step == y.step && x.kind == y.kind && x.cell == y.cell && x.actor == y.actor &&
             x.target == y.target && x.count == y.count));
  }
}

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
  check_identical(one, two);
  check_identical(one, four);
  // Not trivially identical: things happened.
  double arrests = 0.0;
  for (double a : one.values("arrests")) arrests += a;
  CHECK(arrests > 100.0);
}

TEST_CASE("the sequential protocol gives identical results run after run") {
  const ScenarioSpec spec =
      test::scenario_file("scenarios/reproductions/epstein/run2.yaml", {{"steps=300"}});
  check_identical(test::run(spec, 1), test::run(spec, 2));
}

TEST_CASE("a different seed gives a different history") {
  const ScenarioSpec a = test::scenario(kParallel);
  const ScenarioSpec b = test::scenario(kParallel, {{"seed=22"}});
  CHECK(test::run(a).values("active") != test::run(b).values("active"));
}
