// Epstein (2002) civil violence, Model I (rebellion against a central authority).
//
// Joshua M. Epstein, "Modeling civil violence: An agent-based computational approach",
// PNAS 99 (suppl. 3): 7243–7250, 2002, doi:10.1073/pnas.092080199.
// ODD summary and choices: models/epstein/README.md.
#pragma once

#include <cstdint>
#include <vector>

#include "core/model.hpp"

namespace sahelsim::epstein {

// Adds the model "epstein" to a registry.
void register_model(ModelRegistry& registry);

// The model's description: schema, outputs, streams, factory.
[[nodiscard]] ModelInfo describe();

// Model II (inter-group violence with peacekeepers), registered as "epstein2".
[[nodiscard]] ModelInfo describe_model2();

// A lower estimate of a run's memory: 16 bytes per lattice site (site arrays and row
// prefixes; agents come on top), driven by params.width.
[[nodiscard]] ModelInfo::MemoryEstimate lattice_memory(const ParamSet& params);

// Outbursts in a series of active counts: maximal runs of consecutive records with more
// than `threshold` actives (Epstein's definition for Run 2: an outburst has more than 50).
struct Outburst {
  std::size_t start;   // first record index above the threshold
  std::size_t length;  // records above the threshold
  double peak;         // largest active count in the run
  double total;        // sum of active counts over the run (the paper's "total activation")
};

[[nodiscard]] std::vector<Outburst> find_outbursts(const std::vector<double>& active,
                                                   double threshold);

struct OutburstStatistics {
  std::size_t count = 0;
  double mean_wait = 0.0;  // records between the end of one outburst and the start of the next
  double sd_wait = 0.0;
  double mean_total = 0.0;  // mean total activation per outburst
  double sd_total = 0.0;
  double mean_peak = 0.0;
  double max_active = 0.0;  // largest active count anywhere in the series
};

[[nodiscard]] OutburstStatistics summarize_outbursts(const std::vector<double>& active,
                                                     double threshold);

}  // namespace sahelsim::epstein
