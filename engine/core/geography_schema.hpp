// The `geography:` section of a scenario: where the world's cells, regions, towns and
// people come from (docs/geography.md). Declared once here; the geography builder
// (engine/geo), `sahelsim params`, docs/scenarios.md and the loader read this table.
#pragma once

#include "params.hpp"

namespace sahelsim {

// Keys "geography.*".
[[nodiscard]] const Schema& geography_schema();

}  // namespace sahelsim
