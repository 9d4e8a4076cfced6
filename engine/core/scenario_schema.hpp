// The scenario keys every model shares: model, name, seed, steps, calendar, output.
// Model parameters live in the model's own schema under its sections (e.g. `params:`);
// `extends:` and `timeline:` are structural and handled by the loader.
#pragma once

#include "params.hpp"

namespace sahelsim {

[[nodiscard]] const Schema& scenario_schema();

// Top-level keys with structure of their own (not parameters).
inline constexpr const char* kExtendsKey = "extends";
inline constexpr const char* kTimelineKey = "timeline";

}  // namespace sahelsim
