// Loading a scenario: YAML files (with `extends:`) and `--set` overrides, checked against
// the scenario schema and the model's schema, into an immutable ScenarioSpec.
//
// Strict by design: an unknown key is an error naming the nearest valid key; a value of
// the wrong type, out of range, NaN or infinite is an error naming file:line:col and the
// dotted key. Every problem in the input is reported at once (UserError with one
// diagnostic per problem).
#pragma once

#include <optional>
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

// The `geography:` section of a scenario, for `sahelsim geo` (which builds only the world).
// The section is checked strictly; calendar.start gives the year populations are grown to;
// other keys are left to `sahelsim validate`.
struct GeographyScenario {
  std::string name;
  ParamSet geography;             // keys "geography.*" (geography_schema())
  std::optional<int> start_year;  // from calendar.start
  std::string resolved_yaml;      // the geography section with every default written out
  std::vector<SourceText> sources;
};

// True when the file (after `extends:`) has a `geography:` section and no `model:`: a
// geography-only scenario, the base of model scenarios, checked by `sahelsim validate` with
// load_geography.
[[nodiscard]] bool is_geography_only(const std::string& path);

[[nodiscard]] GeographyScenario load_geography(const std::string& path,
                                               const ScenarioOverrides& overrides = {});

}  // namespace sahelsim
