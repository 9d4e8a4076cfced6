// Statistics across replicates: quantiles, means and confidence intervals.
#pragma once

#include <span>
#include <vector>

namespace sahelsim::stats {

// The q-quantile (0 <= q <= 1) with linear interpolation between order statistics
// (Hyndman & Fan type 7, the default of R and NumPy). NaN for no values.
[[nodiscard]] double quantile(std::vector<double> values, double q);

struct Summary {
  double median, q10, q90, mean, ci95_low, ci95_high;
  std::size_t n;
};

// Median, 10 % and 90 % quantiles, mean, and the 95 % confidence interval of the mean
// (mean ± t(0.975, n - 1) s / sqrt(n); NaN when n < 2). NaN values are left out.
[[nodiscard]] Summary summarize(std::span<const double> values);

// The 0.975 quantile of Student's t with `dof` degrees of freedom.
[[nodiscard]] double t975(std::size_t dof);

}  // namespace sahelsim::stats
