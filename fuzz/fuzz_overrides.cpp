// libFuzzer target: `--set` overrides applied to a small valid scenario. Each line of the
// input is one override ("key.path=value", value in YAML), as repeated --set options give.
#include <cstdint>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "fuzz_common.hpp"
#include "io/scenario_loader.hpp"
#include "registry.hpp"

namespace {

// The teaching rebellion, small enough to check in microseconds, with a calendar and a
// timeline so that overrides can reach every part of the loader.
const char* const kScenario =
    "model: epstein\n"
    "name: fuzz base\n"
    "seed: 1\n"
    "steps: 20\n"
    "calendar: {start: 2012-01-02, step: 7d}\n"
    "params: {width: 20, height: 20, legitimacy: 0.8}\n"
    "timeline:\n"
    "  - at: 5\n"
    "    set: {params.legitimacy: 0.7}\n"
    "  - at: 2012-03-05\n"
    "    until: 2012-04-02\n"
    "    ramp: {params.legitimacy: 0.6}\n";

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  sahelsim::fuzz::enter_source_dir();
  (void)sahelsim::builtin_models();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  sahelsim::ScenarioOverrides overrides;
  std::string line;
  for (std::size_t i = 0; i <= size; ++i) {
    if (i == size || data[i] == '\n') {
      overrides.sets.push_back(line);
      line.clear();
    } else {
      line += static_cast<char>(data[i]);
    }
  }
  try {
    const sahelsim::ScenarioSpec spec = sahelsim::load_scenario_text(
        kScenario, "scenarios/fuzz/base.yaml", sahelsim::builtin_models(), overrides);
    (void)sahelsim::load_scenario_text(spec.resolved_yaml, "scenarios/fuzz/resolved.yaml",
                                       sahelsim::builtin_models());
  } catch (const sahelsim::UserError&) {
  }
  return 0;
}
