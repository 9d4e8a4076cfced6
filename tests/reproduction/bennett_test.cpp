// Bennett (2008): accuracy (avoiding collateral damage) matters more than effectiveness for
// how long an insurgency lasts. Durations over seeds 1-20 of the default run with one of the
// two changed; bounds from those replicates (docs/reproductions/bennett.md).
#include <doctest/doctest.h>

#include "../support/support.hpp"

using namespace sahelsim;

namespace {

constexpr const char* kBaseline = "scenarios/reproductions/bennett/baseline.yaml";

// The mean number of steps until no insurgent is left (the run's length when some remain),
// and the civilians injured, over seeds 1..n.
struct Outcome {
  double duration = 0;
  double injured = 0;
};

Outcome outcome(const std::vector<std::string>& sets, int n = 20) {
  Outcome o;
  for (const MemorySink& run : test::run_seeds(kBaseline, sets, n)) {
    const auto& insurgents = run.values("insurgents");
    std::size_t end = insurgents.size() - 1;
    for (std::size_t t = 0; t < insurgents.size(); ++t) {
      if (insurgents[t] == 0) {
        end = t;
        break;
      }
    }
    o.duration += static_cast<double>(run.times[end]) / n;
    for (double v : run.values("injured")) o.injured += v / n;
  }
  return o;
}

}  // namespace

TEST_CASE("bennett: lower accuracy injures more civilians and makes insurgencies last longer") {
  const Outcome sloppy = outcome({"params.accuracy=0.5"});
  const Outcome precise = outcome({"params.accuracy=1.0"});
  MESSAGE("accuracy 0.5: ", sloppy.duration, " steps, ", sloppy.injured,
          " injured; accuracy 1.0: ", precise.duration, " steps, ", precise.injured, " injured");
  CHECK(precise.injured == 0);
  CHECK(sloppy.injured > 10);
  CHECK(sloppy.duration > 1.5 * precise.duration);  // measured: 22.5 against 11.95 steps
}

TEST_CASE("bennett: accuracy matters more than effectiveness for the insurgency's duration") {
  const double accuracy_effect =
      outcome({"params.accuracy=0.5"}).duration - outcome({"params.accuracy=1.0"}).duration;
  const double effectiveness_effect = outcome({"params.effectiveness=0.5"}).duration -
                                      outcome({"params.effectiveness=1.0"}).duration;
  MESSAGE("duration gained from accuracy 0.5 -> 1.0: ", accuracy_effect,
          " steps; from effectiveness 0.5 -> 1.0: ", effectiveness_effect, " steps");
  CHECK(accuracy_effect > 0);
  CHECK(effectiveness_effect > 0);
  CHECK(accuracy_effect > 1.2 * effectiveness_effect);
}

TEST_CASE("bennett: identical results at 1 and 2 threads") {
  const ScenarioSpec spec = test::scenario_file(kBaseline, {{"params.accuracy=0.5", "steps=200"}});
  test::check_identical(test::run(spec, 1), test::run(spec, 2));
}
