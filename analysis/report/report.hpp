// `sahelsim report`: one self-contained HTML file (inline SVG charts, a small inline script
// for the map player; nothing fetched from the network) from run files and sweep indexes.
//
// Every text that comes from a scenario or a results file is escaped before it reaches the
// page, so a scenario named <script>...</script> shows as text and runs nothing.
#pragma once

#include <string>
#include <vector>

namespace sahelsim {

struct ReportOptions {
  std::string title;                       // empty: from the inputs
  std::size_t max_map_values = 4'000'000;  // cells x snapshots kept for the map player
  // Trade-off view: outcome X against outcome Y at the end of each run or scenario
  // ({} : the first two series, when there are several scenarios to compare).
  std::vector<std::string> tradeoff;
};

// The report as HTML text. Throws UserError for unreadable inputs.
[[nodiscard]] std::string render_report(const std::vector<std::string>& files,
                                        const ReportOptions& options);

// HTML text escaping (&, <, >, ", ').
[[nodiscard]] std::string html_escape(const std::string& text);

}  // namespace sahelsim
