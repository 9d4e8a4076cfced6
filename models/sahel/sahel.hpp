// The Sahel model: communities, armed groups, security forces and aid actors on a
// geographic grid of Mali and its neighbours, under a policy mix (SAHEL_MODEL.md; the full
// ODD description is docs/models/sahel.md).
#pragma once

#include "core/model.hpp"

namespace sahelsim::sahel {

// Adds the model "sahel" to a registry.
void register_model(ModelRegistry& registry);

// The model's description: schema, outputs, streams, factory.
[[nodiscard]] ModelInfo describe();

}  // namespace sahelsim::sahel
