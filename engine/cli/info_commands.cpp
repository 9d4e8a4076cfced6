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
  const ResultsFile results(file);
  std::printf("%s: sahelsim %s, format version %d, %s\n", file.c_str(),
              h5::has_attribute(results.id(), "content")
                  ? h5::read_string_attribute(results.id(), "content").c_str()
                  : "results",
              results.format_version(),
              results.complete() ? "complete" : "INCOMPLETE (the run was interrupted or failed)");
  for (const auto& name : results.attribute_names()) {
    std::printf("  %-16s %s\n", name.c_str(), results.attribute(name).c_str());
  }
  std::printf("\ndatasets:\n");
  for (const auto& d : results.datasets()) {
    std::string shape;
    for (std::size_t i = 0; i < d.shape.size(); ++i) {
      shape += (i ? " x " : "") + std::to_string(d.shape[i]);
      if (i < d.dimensions.size() && !d.dimensions[i].empty()) shape += " " + d.dimensions[i];
    }
    std::printf("  %-28s (%s)\n", d.path.c_str(), shape.empty() ? "scalar" : shape.c_str());
  }
  if (!h5::exists(results.id(), "step")) return kExitOk;  // a geography file (sahelsim geo)
  const auto steps = results.steps();
  std::printf("\nseries over %zu records (steps %lld..%lld):\n", steps.size(),
              steps.empty() ? 0LL : static_cast<long long>(steps.front()),
              steps.empty() ? 0LL : static_cast<long long>(steps.back()));
  std::printf("  %-14s %-5s %12s %12s %12s %12s  %s\n", "name", "kind", "first", "last", "min",
              "max", "unit");
  for (const auto& name : results.series_names()) {
    const SeriesData s = results.series(name);
    if (s.values.empty()) {
      std::printf("  %-14s %-5s (no records)\n", name.c_str(), s.kind.c_str());
      continue;
    }
    double lo = s.values.front();
    double hi = lo;
    for (double v : s.values) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    std::printf("  %-14s %-5s %12.6g %12.6g %12.6g %12.6g  %s\n", name.c_str(), s.kind.c_str(),
                s.values.front(), s.values.back(), lo, hi, s.units.c_str());
  }
  return kExitOk;
}

}  // namespace sahelsim::cli
