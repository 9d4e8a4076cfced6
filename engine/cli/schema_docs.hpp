// Parameter documentation generated from the schemas: `sahelsim params` (text) and
// docs/scenarios.md (Markdown). One source, so the two never disagree with the code.
#pragma once

#include <string>

#include "core/model.hpp"

namespace sahelsim {

// The scenario keys every model shares, as text.
[[nodiscard]] std::string scenario_keys_text();
// The geography keys (geography_schema()), as text.
[[nodiscard]] std::string geography_keys_text();
// One model's parameters, outputs and random streams, as text.
[[nodiscard]] std::string model_params_text(const ModelInfo& model);
// One model's reference in Markdown (parameters, series, maps, events, streams), headed
// at `level` ("##": the model is a section of docs/scenarios.md).
[[nodiscard]] std::string model_markdown(const ModelInfo& model, const std::string& level);
// The whole scenario reference (docs/scenarios.md).
[[nodiscard]] std::string scenarios_markdown(const ModelRegistry& models);

}  // namespace sahelsim
