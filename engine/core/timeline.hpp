// Scheduled parameter changes: `timeline:` entries bound to steps at load time.
//
//   - at: 77                      # a step index, or a date when a calendar is set
//     set: {params.legitimacy: 0.7}
//   - at: 100
//     until: 170                  # a ramp: linear from the value in force at `at`
//     ramp: {params.legitimacy: 0.2}   # to the target at `until`
//
// A change made "at step t" takes effect before step t runs. A ramp changes the value at
// every step t in (at, until]: v(t) = v0 + (target - v0) * (t - at) / (until - at), with v0
// the value in force when step `at` begins; integers are rounded to nearest.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "errors.hpp"
#include "output.hpp"
#include "params.hpp"

namespace sahelsim {

struct TimelineEntry {
  std::int64_t at = 0;
  std::int64_t until = 0;  // == at unless ramp
  bool ramp = false;
  std::vector<std::pair<std::size_t, ParamValue>> changes;  // parameter index, value or target
  std::string note;
  std::string at_text;     // as written: "77" or "2013-01-11"
  std::string until_text;  // as written (ramps only)
  Location where;
};

class Timeline {
 public:
  // Adds an entry; entries run in the order of `at`, then in the order they were added.
  void add(TimelineEntry entry);

  // Overlapping ramps, or a set inside a ramp, of the same parameter: ambiguous.
  [[nodiscard]] std::vector<Diagnostic> conflicts(const Schema& schema) const;

  // Applies what is due before step `step` runs. Appends the changed parameter indices to
  // `changed` and a record of each change to `applied`.
  void apply(std::int64_t step, ParamSet& params, std::vector<std::size_t>& changed,
             std::vector<AppliedChange>& applied);

  [[nodiscard]] const std::vector<TimelineEntry>& entries() const { return entries_; }
  [[nodiscard]] bool empty() const { return entries_.empty(); }

 private:
  std::vector<TimelineEntry> entries_;
  std::vector<std::vector<double>> ramp_start_;  // per entry, per change: v0
};

}  // namespace sahelsim
