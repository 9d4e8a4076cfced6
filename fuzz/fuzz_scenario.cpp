// libFuzzer target: a scenario from text (load_scenario_text against the built-in models).
// The text is named scenarios/fuzz/input.yaml, so that a relative `extends:` resolves
// inside the repository's scenarios/ folder as it would for a real scenario file.
#include <cstdint>
#include <string>

#include "core/errors.hpp"
#include "fuzz_common.hpp"
#include "io/scenario_loader.hpp"
#include "registry.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  sahelsim::fuzz::enter_source_dir();
  (void)sahelsim::builtin_models();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const sahelsim::ScenarioSpec spec =
        sahelsim::load_scenario_text(text, "scenarios/fuzz/input.yaml", sahelsim::builtin_models());
    // The resolved scenario must load again (the loader's round-trip promise).
    (void)sahelsim::load_scenario_text(spec.resolved_yaml, "scenarios/fuzz/resolved.yaml",
                                       sahelsim::builtin_models());
  } catch (const sahelsim::UserError&) {
  }
  return 0;
}
