// `sahelsim compare`: outcomes of several results side by side, with ranges across
// replicates and differences between them, paired by seed (common random numbers) where
// runs share seeds.
#pragma once

#include <string>
#include <vector>

namespace sahelsim {

struct CompareOptions {
  std::vector<std::string> series;  // empty: every series the first group has
  std::string at = "end";           // end | mean | total | a step S | a window A:B
};

class ResultsFile;

// For each point of a sweep index, what tells it apart: " <scenario> <key>=<value> ..." (its
// named scenario and the values varied there, keys without their section), or "".
[[nodiscard]] std::vector<std::string> sweep_point_labels(const ResultsFile& index);

// Inputs are sweep index files (each parameter point is a group) or single run files (a
// group of one run). Throws UserError for unreadable inputs or an unknown series / step.
[[nodiscard]] std::string compare_report(const std::vector<std::string>& files,
                                         const CompareOptions& options);

}  // namespace sahelsim
