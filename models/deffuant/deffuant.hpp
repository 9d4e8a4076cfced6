// Deffuant, Amblard, Weisbuch & Faure (2002): the relative agreement model with extremists.
//
// G. Deffuant, F. Amblard, G. Weisbuch, T. Faure, "How can extremism prevail? A study based
// on the relative agreement interaction model", JASSS 5(4) 1, 2002; with the authors' reply
// on measuring y after convergence (JASSS 16(1) 11, 2013). Reproduction report:
// docs/reproductions/deffuant.md.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "core/model.hpp"

namespace sahelsim::deffuant {

// Adds the model "deffuant" to a registry.
void register_model(ModelRegistry& registry);

// The model's description: schema, outputs, streams, factory.
[[nodiscard]] ModelInfo describe();

// One relative-agreement meeting of agents i and j with pre-meeting values (eqs. 1-6):
// each influences the other when their overlap exceeds the influencer's uncertainty.
void meet(double mu, double& xi, double& ui, double& xj, double& uj);

// p'+ and p'-: the shares of the initially moderate agents whose opinion is above
// `threshold` (below -threshold).
[[nodiscard]] std::pair<double, double> moderate_shares(
    std::span<const double> opinions, std::span<const std::uint8_t> initially_extreme,
    double threshold);

// y = p'+^2 + p'-^2.
[[nodiscard]] double y_indicator(std::span<const double> opinions,
                                 std::span<const std::uint8_t> initially_extreme, double threshold);

}  // namespace sahelsim::deffuant
