// `sahelsim validate`, `params`, `models` and `inspect`.
#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "geo/geography.hpp"
#include "io/results_reader.hpp"
#include "io/scenario_loader.hpp"
#include "registry.hpp"
#include "schema_docs.hpp"

namespace sahelsim::cli {

int validate(const std::vector<std::string>& scenarios, const std::vector<std::string>& sets) {
  int status = kExitOk;
  for (const auto& path : scenarios) {
    try {
      if (is_geography_only(path)) {
        // A geography-only scenario: check the section and build the world (files exist,
        // layers are readable), without running anything.
        const GeographyScenario scenario = load_geography(path, {sets});
        const Geography g = build_geography(
            scenario.geography, scenario.start_year.value_or(census_year(scenario.geography)));
        std::printf("ok: %s (geography only: %s, %d x %d cells, %lld people)\n", path.c_str(),
                    g.preset.c_str(), g.width, g.height,
                    static_cast<long long>(g.total_population()));
        continue;
      }
      const ScenarioSpec spec = load_scenario(path, builtin_models(), {sets});
      for (const auto& warning : spec.warnings) std::cerr << "warning: " << warning.str() << "\n";
      std::printf("ok: %s (model %s, %lld steps, seed %llu)\n", path.c_str(), spec.model.c_str(),
                  static_cast<long long>(spec.steps), static_cast<unsigned long long>(spec.seed));
    } catch (const UserError& e) {
      std::cerr << e.what() << "\n";
      status = kExitUserError;
    }
  }
  return status;
}

int params(const std::string& model, bool markdown) {
  const ModelRegistry& registry = builtin_models();
  if (markdown && model.empty()) {
    std::cout << scenarios_markdown(registry);
    return kExitOk;
  }
  if (model.empty()) {
    std::cout << scenario_keys_text() << "\n" << geography_keys_text();
    for (const auto& m : registry.models()) std::cout << "\n" << model_params_text(*m);
    return kExitOk;
  }
  if (model == "geography") {
    std::cout << geography_keys_text();
    return kExitOk;
  }
  const ModelInfo* info = registry.find(model);
  if (info == nullptr) {
    throw UserError({}, "", "unknown model '" + model + "'" + suggestion(model, registry.names()));
  }
  std::cout << (markdown ? model_markdown(*info, "##") : model_params_text(*info));
  return kExitOk;
}

int models() {
  for (const auto& m : builtin_models().models()) {
    std::printf("%-10s %s\n           %s\n", m->name.c_str(), m->summary.c_str(),
                m->citation.c_str());
  }
  return kExitOk;
}

int inspect(const std::string& file) {
  std::fputs(inspect_text(file).c_str(), stdout);
  return kExitOk;
}

}  // namespace sahelsim::cli
