// Epstein (2002) Model II: Run 6 coexists, Run 7 ends in genocide with a random victor, and
// peacekeepers delay genocide. Seeds 1-10; bounds from those replicates
// (docs/reproductions/epstein-model2.md).
#include <doctest/doctest.h>

#include "../support/support.hpp"

using namespace sahelsim;

namespace {

// The step at which one group is extinct in each of seeds 1..n (-1: not within the run).
std::vector<std::int64_t> genocide_steps(const std::string& file, std::vector<std::string> sets,
                                         int n) {
  sets.push_back("output.maps_every=0");
  std::vector<std::int64_t> out;
  for (const MemorySink& run : test::run_seeds(file, sets, n)) {
    const auto& g = run.values("genocide");
    std::int64_t at = -1;
    for (std::size_t t = 0; t < g.size(); ++t) {
      if (g[t] > 0) {
        at = run.times[t];
        break;
      }
    }
    out.push_back(at);
  }
  return out;
}

}  // namespace

TEST_CASE("epstein2: Run 6 (legitimacy 0.9, no cops) coexists for 1,000 steps") {
  for (const auto at : genocide_steps("scenarios/reproductions/epstein/run6.yaml", {}, 6)) {
    CHECK(at == -1);
  }
}

TEST_CASE("epstein2: Run 7 (legitimacy 0.8, no cops) ends in genocide, either group winning") {
  const auto steps = genocide_steps("scenarios/reproductions/epstein/run7.yaml", {}, 10);
  for (const auto at : steps) {
    CHECK(at > 0);
    CHECK(at < 400);
  }
  int blue_wins = 0;
  for (const MemorySink& run : test::run_seeds("scenarios/reproductions/epstein/run7.yaml",
                                               {"steps=400", "output.maps_every=0"}, 10)) {
    blue_wins += run.values("green").back() == 0 ? 1 : 0;
  }
  CHECK(blue_wins > 0);
  CHECK(blue_wins < 10);
}

TEST_CASE("epstein2: peacekeepers delay genocide") {
  const auto mean = [](const std::vector<std::int64_t>& v) {
    double s = 0;
    for (const auto x : v) s += static_cast<double>(x < 0 ? 2000 : x);
    return s / static_cast<double>(v.size());
  };
  const double none = mean(genocide_steps("scenarios/reproductions/epstein/run7.yaml",
                                          {"steps=2000", "params.cop_density=0"}, 10));
  const double many = mean(genocide_steps("scenarios/reproductions/epstein/run7.yaml",
                                          {"steps=2000", "params.cop_density=0.1"}, 10));
  MESSAGE("mean steps to genocide: no peacekeepers ", none, ", density 0.1 ", many);
  CHECK(many > 1.1 * none);
}

TEST_CASE("epstein2: identical results at 1 and 2 threads, with peacekeepers deployed mid-run") {
  const ScenarioSpec spec =
      test::scenario_file("scenarios/reproductions/epstein/safe-havens.yaml", {{"steps=120"}});
  test::check_identical(test::run(spec, 1), test::run(spec, 2));
}
