// Displacement routing on a location graph, shared by Flee (models/flee) and the Sahel
// model's displacement (models/sahel): Flee's route weights (Suleimenova, Bell & Groen 2017,
// Sci. Rep. 7:13377) and the weighted draw among the candidate destinations.
//
// A displaced person at a place weighs each reachable place by its attractiveness (score:
// camp weight, conflict weight, kin...) over the distance, throttled by the capacity left,
// and draws one with probability proportional to the weights.
#pragma once

#include <cstddef>
#include <limits>
#include <span>

namespace sahelsim::geo {

// The weight of a route of `km` kilometres to a place with attractiveness `score`:
// score / (softening + km). Flee uses softening 0 on its road graph; a positive softening
// keeps nearby places finite (the Sahel model's cells, where a town may be 0 km away).
[[nodiscard]] inline double route_weight(double score, double km, double softening) {
  return score / (softening + km);
}

// Flee's capacity multiplier of a destination holding `occupancy` people: 1 up to
// `nearly_full` x capacity, 0 at capacity and above, linear in between. A negative
// capacity is unlimited (1).
[[nodiscard]] inline double capacity_multiplier(double occupancy, double capacity,
                                                double nearly_full = 0.9) {
  if (capacity < 0) return 1.0;
  if (occupancy <= nearly_full * capacity) return 1.0;
  if (occupancy >= capacity) return 0.0;
  return 1.0 - (occupancy - nearly_full * capacity) / (capacity * (1.0 - nearly_full));
}

inline constexpr std::size_t kNoRoute = std::numeric_limits<std::size_t>::max();

// The index k drawn with probability w[k] / sum(w) by one uniform number u in [0, 1):
// weights <= 0 are never drawn; when every weight is 0 each index is equally likely (as in
// Flee). kNoRoute when `w` is empty.
[[nodiscard]] inline std::size_t draw_weighted(std::span<const double> w, double u) {
  if (w.empty()) return kNoRoute;
  double total = 0;
  for (double x : w) total += x > 0 ? x : 0.0;
  if (!(total > 0)) {
    const auto k = static_cast<std::size_t>(u * static_cast<double>(w.size()));
    return k < w.size() ? k : w.size() - 1;
  }
  double x = u * total;
  std::size_t last = kNoRoute;
  for (std::size_t k = 0; k < w.size(); ++k) {
    if (!(w[k] > 0)) continue;
    last = k;
    if (x < w[k]) return k;
    x -= w[k];
  }
  return last;  // rounding left x >= the last weight
}

}  // namespace sahelsim::geo
