// Outburst statistics, as used for Epstein's Figs 3–7 (punctuated equilibrium, waiting
// times, total activation).
#include <algorithm>
#include <cmath>

#include "epstein.hpp"

namespace sahelsim::epstein {

std::vector<Outburst> find_outbursts(const std::vector<double>& active, double threshold) {
  std::vector<Outburst> out;
  std::size_t i = 0;
  while (i < active.size()) {
    if (active[i] <= threshold) {
      ++i;
      continue;
    }
    Outburst burst{i, 0, 0.0, 0.0};
    while (i < active.size() && active[i] > threshold) {
      burst.peak = std::max(burst.peak, active[i]);
      burst.total += active[i];
      ++burst.length;
      ++i;
    }
    out.push_back(burst);
  }
  return out;
}

namespace {
void mean_sd(const std::vector<double>& xs, double& mean, double& sd) {
  mean = 0.0;
  sd = 0.0;
  if (xs.empty()) return;
  for (double x : xs) mean += x;
  mean /= static_cast<double>(xs.size());
  if (xs.size() < 2) return;
  double ss = 0.0;
  for (double x : xs) ss += (x - mean) * (x - mean);
  sd = std::sqrt(ss / static_cast<double>(xs.size() - 1));
}
}  // namespace

OutburstStatistics summarize_outbursts(const std::vector<double>& active, double threshold) {
  const std::vector<Outburst> bursts = find_outbursts(active, threshold);
  OutburstStatistics stats;
  stats.count = bursts.size();
  for (double a : active) stats.max_active = std::max(stats.max_active, a);
  std::vector<double> waits, totals, peaks;
  for (std::size_t b = 0; b < bursts.size(); ++b) {
    totals.push_back(bursts[b].total);
    peaks.push_back(bursts[b].peak);
    if (b > 0) {
      const std::size_t previous_end = bursts[b - 1].start + bursts[b - 1].length;
      waits.push_back(static_cast<double>(bursts[b].start - previous_end));
    }
  }
  mean_sd(waits, stats.mean_wait, stats.sd_wait);
  mean_sd(totals, stats.mean_total, stats.sd_total);
  double unused = 0.0;
  mean_sd(peaks, stats.mean_peak, unused);
  return stats;
}

}  // namespace sahelsim::epstein
