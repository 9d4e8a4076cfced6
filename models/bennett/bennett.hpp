// Bennett (2008): the early dynamics of insurgencies - civilians with anger, fear and a
// violence threshold, insurgents who attack soldiers, soldiers whose counter-attacks remove
// insurgents (effectiveness) and hurt civilians nearby (1 - accuracy).
//
// D. Scott Bennett, "Governments, Civilians, and the Evolution of Insurgency: Modeling the
// Early Dynamics of Insurgencies", JASSS 11(4) 7, 2008. Reproduction report:
// docs/reproductions/bennett.md (what the paper leaves open is stated there and in the
// parameters' sources).
#pragma once

#include "core/model.hpp"

namespace sahelsim::bennett {

// Adds the model "bennett" to a registry.
void register_model(ModelRegistry& registry);

// The model's description: schema, outputs, streams, factory.
[[nodiscard]] ModelInfo describe();

}  // namespace sahelsim::bennett
