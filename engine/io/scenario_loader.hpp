// Loading a scenario: YAML files (with `extends:`) and `--set` overrides, checked against
// the scenario schema and the model's schema, into an immutable ScenarioSpec.
//
// Strict by design: an unknown key is an error naming the nearest valid key; a value of
// the wrong type, out of range, NaN or infinite is an error naming file:line:col and the
// dotted key. Every problem in the input is reported at once (UserError with one
// diagnostic per problem).
#pragma once

#include <string>
#include <vector>

#include "core/model.hpp"
#include "core/scenario_spec.hpp"

namespace sahelsim {

struct ScenarioOverrides {
  std::vector<std::string> sets;  // "dotted.key=value", value in YAML syntax
};

[[nodiscard]] ScenarioSpec load_scenario(const std::string& path, const ModelRegistry& models,
                                         const ScenarioOverrides& overrides = {});

// The same from text held in memory (e.g. a built-in scenario); `display_name` names it in
// errors and a relative `extends:` is resolved from the current directory.
[[nodiscard]] ScenarioSpec load_scenario_text(const std::string& text,
                                              const std::string& display_name,
                                              const ModelRegistry& models,
                                              const ScenarioOverrides& overrides = {});

}  // namespace sahelsim
