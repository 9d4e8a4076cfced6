// Same scenario and seed, same bytes: the Sahel model at 1, 2 and 4 threads, with
// demography (agents created during the run) and a timeline.
#include <doctest/doctest.h>

#include <cstring>

#include "sahel_support.hpp"

using namespace sahelsim;

namespace {

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

void check_identical(const MemorySink& a, const MemorySink& b) {
  REQUIRE(a.times == b.times);
  for (std::size_t s = 0; s < a.series.size(); ++s) {
    CAPTURE(a.names[s]);
    CHECK(same_bits(a.series[s], b.series[s]));
  }
  REQUIRE(a.regional.size() == b.regional.size());
  for (std::size_t k = 0; k < a.regional.size(); ++k)
    CHECK(same_bits(a.regional[k], b.regional[k]));
  REQUIRE(a.maps.size() == b.maps.size());
  for (std::size_t m = 0; m < a.maps.size(); ++m) {
    REQUIRE(a.maps[m].size() == b.maps[m].size());
    for (std::size_t k = 0; k < a.maps[m].size(); ++k) {
      CHECK(same_bits(a.maps[m][k].u8, b.maps[m][k].u8));
      CHECK(same_bits(a.maps[m][k].f32, b.maps[m][k].f32));
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

}  // namespace

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
  check_identical(one, two);
  check_identical(one, four);
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
