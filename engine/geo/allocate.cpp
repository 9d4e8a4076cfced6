#include "allocate.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>

namespace sahelsim::geo {

std::vector<std::int64_t> apportion(std::int64_t total, std::span<const double> weights) {
  assert(total >= 0);
  const std::size_t n = weights.size();
  std::vector<std::int64_t> parts(n, 0);
  if (n == 0 || total == 0) return parts;
  // A fixed-order sum: the result must not depend on threads or on how it is called.
  double sum = 0.0;
  for (double w : weights) sum += w;
  std::vector<double> remainder(n, 0.0);
  std::int64_t given = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double quota = sum > 0.0 ? static_cast<double>(total) * (weights[i] / sum)
                                   : static_cast<double>(total) / static_cast<double>(n);
    const double whole = std::floor(quota);
    parts[i] = static_cast<std::int64_t>(whole);
    remainder[i] = quota - whole;
    given += parts[i];
  }
  // Floating-point quotas can overshoot by a unit in rare cases: take it back from the
  // smallest remainders first.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  std::size_t next = 0;
  while (given < total) {
    const std::size_t i = order[next++ % n];
    if (sum > 0.0 && weights[i] <= 0.0) continue;
    ++parts[i];
    ++given;
  }
  for (std::size_t k = n; given > total && k > 0; --k) {
    const std::size_t i = order[k - 1];
    if (parts[i] > 0) {
      --parts[i];
      --given;
    }
  }
  return parts;
}

}  // namespace sahelsim::geo
