#include "statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sahelsim::stats {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

double quantile(std::vector<double> values, double q) {
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  const double h = (static_cast<double>(values.size()) - 1.0) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

double t975(std::size_t dof) {
  // Exact to 3 decimals for small samples (standard tables); 1.96 in the limit.
  static const double table[] = {0,     12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365,
                                 2.306, 2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
                                 2.120, 2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069,
                                 2.064, 2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  if (dof == 0) return kNaN;
  if (dof <= 30) return table[dof];
  if (dof <= 40) return 2.021 + (2.042 - 2.021) * (40.0 - static_cast<double>(dof)) / 10.0;
  if (dof <= 60) return 2.000 + (2.021 - 2.000) * (60.0 - static_cast<double>(dof)) / 20.0;
  if (dof <= 120) return 1.980 + (2.000 - 1.980) * (120.0 - static_cast<double>(dof)) / 60.0;
  return 1.960 + 2.4 / static_cast<double>(dof);  // within 0.001 of the exact value
}

Summary summarize(std::span<const double> values) {
  std::vector<double> v;
  for (double x : values) {
    if (!std::isnan(x)) v.push_back(x);
  }
  Summary s{kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, v.size()};
  if (v.empty()) return s;
  s.median = quantile(v, 0.5);
  s.q10 = quantile(v, 0.1);
  s.q90 = quantile(v, 0.9);
  double sum = 0.0;
  for (double x : v) sum += x;
  s.mean = sum / static_cast<double>(v.size());
  if (v.size() >= 2) {
    double squares = 0.0;
    for (double x : v) squares += (x - s.mean) * (x - s.mean);
    const double sd = std::sqrt(squares / static_cast<double>(v.size() - 1));
    const double half = t975(v.size() - 1) * sd / std::sqrt(static_cast<double>(v.size()));
    s.ci95_low = s.mean - half;
    s.ci95_high = s.mean + half;
  }
  return s;
}

}  // namespace sahelsim::stats
