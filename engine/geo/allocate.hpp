// Rounding shares of a whole to whole people, exactly.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace sahelsim::geo {

// Splits `total` (>= 0) into whole parts proportional to `weights` (>= 0), summing exactly
// to `total`: each part gets the floor of its quota, and the remaining units go to the
// largest fractional remainders (Hamilton's method), ties to the lower index. When every
// weight is 0 the total is split evenly. Deterministic: depends only on the inputs.
[[nodiscard]] std::vector<std::int64_t> apportion(std::int64_t total,
                                                  std::span<const double> weights);

}  // namespace sahelsim::geo
