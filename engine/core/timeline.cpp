#include "timeline.hpp"

#include <algorithm>
#include <cmath>

namespace sahelsim {

void Timeline::add(TimelineEntry entry) {
  const auto position =
      std::upper_bound(entries_.begin(), entries_.end(), entry.at,
                       [](std::int64_t at, const TimelineEntry& e) { return at < e.at; });
  const auto offset = position - entries_.begin();
  ramp_start_.insert(ramp_start_.begin() + offset, std::vector<double>(entry.changes.size(), 0.0));
  entries_.insert(position, std::move(entry));
}

std::vector<Diagnostic> Timeline::conflicts(const Schema& schema) const {
  std::vector<Diagnostic> out;
  for (std::size_t a = 0; a < entries_.size(); ++a) {
    for (std::size_t b = a + 1; b < entries_.size(); ++b) {
      const TimelineEntry& first = entries_[a];
      const TimelineEntry& second = entries_[b];
      if (!first.ramp && !second.ramp) continue;
      // Windows in which each entry writes: a set writes at `at`, a ramp in [at, until].
      const bool overlap =
          first.at <= second.until && second.at <= first.until &&
          !(first.ramp && second.ramp && (first.until == second.at || second.until == first.at));
      if (!overlap) continue;
      for (const auto& [p, v1] : first.changes) {
        for (const auto& [q, v2] : second.changes) {
          if (p != q) continue;
          out.push_back({second.where, schema.at(p).key,
                         "changes the parameter while the timeline entry at " + first.where.str() +
                             " ramps it (ramps of one parameter may not "
                             "overlap other changes of it)"});
        }
      }
    }
  }
  return out;
}

void Timeline::apply(std::int64_t step, ParamSet& params, std::vector<std::size_t>& changed,
                     std::vector<AppliedChange>& applied) {
  for (std::size_t e = 0; e < entries_.size(); ++e) {
    const TimelineEntry& entry = entries_[e];
    if (step < entry.at || step > entry.until) continue;
    for (std::size_t c = 0; c < entry.changes.size(); ++c) {
      const auto& [index, target] = entry.changes[c];
      const ParamSpec& spec = params.schema().at(index);
      ParamValue value = target;
      if (entry.ramp) {
        if (step == entry.at) {
          ramp_start_[e][c] = params.number(index);
          continue;  // the ramp starts from the value in force now
        }
        const double v0 = ramp_start_[e][c];
        const double v1 = std::holds_alternative<double>(target)
                              ? std::get<double>(target)
                              : static_cast<double>(std::get<std::int64_t>(target));
        const double fraction =
            static_cast<double>(step - entry.at) / static_cast<double>(entry.until - entry.at);
        const double v = step == entry.until ? v1 : v0 + (v1 - v0) * fraction;
        if (spec.type == ParamType::integer) {
          value = static_cast<std::int64_t>(std::llround(v));
        } else {
          value = v;
        }
      }
      params.set(index, value, entry.where);
      changed.push_back(index);
      applied.push_back({step, spec.key, format_value(value), entry.note});
    }
  }
}

}  // namespace sahelsim
