// Summary statistics of fixed runs against blessed references (tests/regression/*.ref).
// A deliberate change of behaviour is re-blessed with tests/regression/bless, never by
// editing the references. A mismatch prints key | reference | new | ratio.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "../support/support.hpp"
#include "epstein/epstein.hpp"

using namespace sahelsim;

namespace {

using Statistics = std::map<std::string, double>;

// Relative tolerance: the engine is deterministic, so values match to the last printed
// digit on the platform the references were blessed on (Debian 12, x86-64, glibc libm).
constexpr double kTolerance = 1e-9;

Statistics epstein_statistics(const MemorySink& out) {
  const auto& active = out.values("active");
  const epstein::OutburstStatistics bursts = epstein::summarize_outbursts(active, 50.0);
  double sum = 0.0;
  for (double a : active) sum += a;
  double arrests = 0.0;
  for (double a : out.values("arrests")) arrests += a;
  return {{"mean_active", sum / static_cast<double>(active.size())},
          {"max_active", bursts.max_active},
          {"outbursts", static_cast<double>(bursts.count)},
          {"mean_wait", bursts.mean_wait},
          {"mean_total_activation", bursts.mean_total},
          {"total_arrests", arrests},
          {"final_jailed", out.values("jailed").back()},
          {"events", static_cast<double>(out.event_log.size())}};
}

std::string reference_path(const std::string& name) {
  return test::source_dir() + "/tests/regression/" + name + ".ref";
}

void compare_or_bless(const std::string& name, const Statistics& now) {
  const std::string path = reference_path(name);
  if (std::getenv("SAHELSIM_BLESS") != nullptr) {
    std::ofstream out(path);
    out << "# Blessed by tests/regression/bless. Do not edit by hand.\n";
    for (const auto& [key, value] : now) {
      char line[128];
      std::snprintf(line, sizeof line, "%s %.17g\n", key.c_str(), value);
      out << line;
    }
    MESSAGE("blessed " << path);
    return;
  }
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), "no reference " << path << ": run tests/regression/bless");
  Statistics reference;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string key;
    double value = 0.0;
    fields >> key >> value;
    reference[key] = value;
  }
  std::string table;
  bool ok = reference.size() == now.size();
  for (const auto& [key, value] : now) {
    const auto it = reference.find(key);
    const double ref = it == reference.end() ? std::nan("") : it->second;
    const bool same = (std::isnan(ref) && std::isnan(value) && it != reference.end()) ||
                      std::abs(value - ref) <= kTolerance * std::max(1.0, std::abs(ref));
    ok = ok && same;
    char row[200];
    std::snprintf(row, sizeof row, "%-24s | %-22.17g | %-22.17g | %.9g%s\n", key.c_str(), ref,
                  value, ref != 0.0 ? value / ref : std::nan(""), same ? "" : "   <-- differs");
    table += row;
  }
  if (!ok)
    FAIL_CHECK(name << " differs from its blessed reference:\nkey                      | reference "
                       "             | new                    | ratio\n"
                    << table);
}

}  // namespace

// The Sahel teaching scenario's outcomes: totals of the flows and final stocks.
Statistics sahel_statistics(const MemorySink& out) {
  Statistics s;
  const auto total = [&](const char* name) {
    double sum = 0.0;
    for (double v : out.values(name)) sum += v;
    return sum;
  };
  for (const char* flow :
       {"recruits", "civilians_killed_by_groups", "civilians_killed_by_state", "fighters_killed",
        "forces_killed", "new_displacements", "returns", "tips", "abuses", "arrests",
        "false_arrests", "aid_delivered", "cost_total"}) {
    s[std::string("total_") + flow] = total(flow);
  }
  for (const char* stock : {"population", "fighters", "idps", "refugees", "sympathizers",
                            "mean_trust", "stability", "control_population"}) {
    s[std::string("final_") + stock] = out.values(stock).back();
  }
  s["events"] = static_cast<double>(out.event_log.size());
  return s;
}

TEST_CASE("the Sahel teaching scenario's outcomes match the blessed reference") {
  const ScenarioSpec spec =
      test::scenario_file("scenarios/teaching/sahel-policy.yaml", {{"output.maps_every=0"}});
  compare_or_bless("sahel_teaching", sahel_statistics(test::run(spec, 2)));
}

TEST_CASE("the calibrated Mali history's 2012-2016 summary matches the blessed reference") {
  // scenarios/mali/history-calibrated.yaml as fitted, to the end of the calibration period.
  const ScenarioSpec spec = test::scenario_file("scenarios/mali/history-calibrated.yaml",
                                                {{"steps=261", "output.maps_every=0"}});
  compare_or_bless("mali_history_2012_2016", sahel_statistics(test::run(spec, 2)));
}

TEST_CASE("the teaching scenario's statistics match the blessed reference") {
  const ScenarioSpec spec =
      test::scenario_file("scenarios/teaching/rebellion.yaml", {{"output.maps_every=0"}});
  compare_or_bless("epstein_teaching", epstein_statistics(test::run(spec, 2)));
}

TEST_CASE("Run 2 (sequential, 1000 steps) statistics match the blessed reference") {
  const ScenarioSpec spec = test::scenario_file("scenarios/reproductions/epstein/run2.yaml",
                                                {{"steps=1000", "output.maps_every=0"}});
  compare_or_bless("epstein_run2", epstein_statistics(test::run(spec, 1)));
}
