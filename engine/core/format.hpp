// Numbers as text for tables and reports.
#pragma once

#include <cstdio>
#include <string>

namespace sahelsim {

// `value` with `digits` significant digits (printf %g): 0.01597, 1.641e+04, 63.52.
[[nodiscard]] inline std::string format_significant(double value, int digits = 4) {
  char text[40];
  std::snprintf(text, sizeof text, "%.*g", digits, value);
  return text;
}

}  // namespace sahelsim
