// Epstein (2002) Model I: the published results, with fixed seeds (see
// docs/reproductions/epstein.md for the figures beside the paper's).
#include <doctest/doctest.h>

#include <algorithm>

#include "../support/support.hpp"
#include "epstein/epstein.hpp"

using namespace sahelsim;
using namespace sahelsim::epstein;

namespace {

const char* kRun2 = "scenarios/reproductions/epstein/run2.yaml";
const char* kRun5 = "scenarios/reproductions/epstein/run5.yaml";

ScenarioSpec run2(int seed, const std::string& rule, const std::string& activation) {
  return test::scenario_file(
      kRun2, {{"seed=" + std::to_string(seed), "params.arrest_ratio=" + rule,
               "params.activation=" + activation, "output.maps_every=0", "output.events=false"}});
}

// Punctuated equilibrium: many outbursts of more than 50 actives, separated by quiet
// periods (actives fall back near zero between them), and no permanent rebellion.
void check_punctuated(const std::vector<double>& active, double agents) {
  const auto bursts = find_outbursts(active, 50.0);
  CHECK(bursts.size() >= 40);
  std::size_t quiet_gaps = 0;
  for (std::size_t b = 1; b < bursts.size(); ++b) {
    const std::size_t from = bursts[b - 1].start + bursts[b - 1].length;
    const double low =
        *std::min_element(active.begin() + static_cast<std::ptrdiff_t>(from),
                          active.begin() + static_cast<std::ptrdiff_t>(bursts[b].start));
    quiet_gaps += low <= 10.0;
  }
  CHECK(static_cast<double>(quiet_gaps) >= 0.9 * static_cast<double>(bursts.size() - 1));
  const auto above = std::count_if(active.begin(), active.end(), [](double a) { return a > 50.0; });
  CHECK(static_cast<double>(above) < 0.4 * static_cast<double>(active.size()));
  CHECK(*std::max_element(active.begin(), active.end()) < 0.5 * agents);
}

}  // namespace

TEST_CASE("Run 2 with the floor rule shows punctuated equilibrium for each of five seeds") {
  for (int seed = 1; seed <= 5; ++seed) {
    CAPTURE(seed);
    const MemorySink out = test::run(run2(seed, "floor", "sequential"));
    check_punctuated(out.values("active"), 1120.0);
  }
}

TEST_CASE(
    "Run 2 with the floor rule shows punctuated equilibrium under the parallel protocol too") {
  for (int seed = 1; seed <= 3; ++seed) {
    CAPTURE(seed);
    const MemorySink out = test::run(run2(seed, "floor", "parallel"), 2);
    check_punctuated(out.values("active"), 1120.0);
  }
}

TEST_CASE("the literal rule P = 1 - exp(-k C/A) gives no outburst in Run 2") {
  // Measured, not the paper's claim: with C/A as printed, actives never pass 50 in 3000
  // steps (ndouglas/SugarScape reports 13-34 for the same settings).
  for (const char* activation : {"sequential", "parallel"}) {
    for (int seed = 1; seed <= 4; ++seed) {
      CAPTURE(activation);
      CAPTURE(seed);
      const MemorySink out = test::run(run2(seed, "exact", activation), 2);
      const auto& active = out.values("active");
      CHECK(*std::max_element(active.begin(), active.end()) < 50.0);
    }
  }
}

TEST_CASE("Run 5: withdrawing cops gradually tips a quiet society into rebellion") {
  for (int seed = 1; seed <= 5; ++seed) {
    CAPTURE(seed);
    const ScenarioOverrides overrides{{"seed=" + std::to_string(seed), "output.maps_every=0"}};
    const MemorySink cut = test::run(test::scenario_file(kRun5, overrides));
    const auto& active = cut.values("active");
    const double before = *std::max_element(active.begin(), active.begin() + 51);  // up to step 50
    const double after = *std::max_element(active.begin() + 51, active.end());
    CHECK(before < 20.0);
    CHECK(after > 50.0);
    CHECK(after > 5.0 * before);
    // The control, with the same random numbers and no withdrawal, stays quiet.
    ScenarioOverrides control = overrides;
    control.sets.push_back("timeline=[]");
    const MemorySink quiet = test::run(test::scenario_file(kRun5, control));
    const auto& calm = quiet.values("active");
    CHECK(*std::max_element(calm.begin(), calm.end()) < 20.0);
  }
}
