// Flee (Suleimenova, Bell & Groen 2017): refugees moving on a location graph, from conflict
// zones through towns to camps, driven by the UNHCR refugee count of a Flee case.
//
// D. Suleimenova, D. Bell, D. Groen, "A generalized simulation development approach for
// predicting refugee destinations", Sci. Rep. 7:13377 (2017), and the Flee 3 code
// (djgroen/flee). Two named rule sets: flee2017 (the paper's rules, flee-release 1.0) and
// flee3 (Flee 3's defaults). Reproduction report: docs/reproductions/flee-mali2012.md.
#pragma once

#include "core/model.hpp"

namespace sahelsim::flee {

// Adds the model "flee" to a registry.
void register_model(ModelRegistry& registry);

// The model's description: schema, outputs, streams, factory.
[[nodiscard]] ModelInfo describe();

}  // namespace sahelsim::flee
