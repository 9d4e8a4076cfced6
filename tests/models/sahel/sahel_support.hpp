// A small Sahel world for the model tests (synthetic geography, 15,000 agents), and helpers
// to run it step by step or into memory.
#pragma once

#include <string>
#include <vector>

#include "../../support/support.hpp"

namespace sahelsim::test {

// Sahelia at 0.2 degrees with 300,000 people (20 per agent) and an insurgency in its north
// and centre; `extra` is YAML appended (later keys of a map may not repeat: use --set style
// overrides through `overrides` instead).
inline std::string sahel_world(int steps = 80) {
  return "model: sahel\nseed: 5\nsteps: " + std::to_string(steps) +
         "\ncalendar: {start: 2012-01-02, step: 7d}\n"
         "geography: {preset: synthetic, cell_deg: 0.2, synthetic: {population: 300000}}\n"
         "params: {scale: 20}\n"
         "groups:\n"
         "  jnim: {fighters: 600, regions: \"North,Centre\"}\n"
         "  isgs: {fighters: 200, regions: Centre}\n"
         "  separatists: {fighters: 300, regions: North}\n"
         "forces: {police: {troops: 300}}\n"
         "policy: {military: {troops: 1500}, aid: {humanitarian: {budget: 5}}}\n"
         "output: {maps_every: 10}\n";
}

// Sum of a series over the whole run.
inline double total(const MemorySink& sink, const std::string& name) {
  double sum = 0;
  for (double v : sink.values(name)) sum += v;
  return sum;
}

// Mean of a series over the whole run.
inline double mean(const MemorySink& sink, const std::string& name) {
  const auto& v = sink.values(name);
  return v.empty() ? 0.0 : total(sink, name) / static_cast<double>(v.size());
}

// Runs the small world with `sets` for seeds 1..replicates and returns the sinks.
inline std::vector<MemorySink> replicates(const std::vector<std::string>& sets, int replicates,
                                          int steps = 80) {
  std::vector<MemorySink> out;
  for (int seed = 1; seed <= replicates; ++seed) {
    ScenarioOverrides o;
    o.sets = sets;
    o.sets.push_back("seed=" + std::to_string(seed));
    out.push_back(run(scenario(sahel_world(steps), o), 2));
  }
  return out;
}

inline double total(const std::vector<MemorySink>& runs, const std::string& name) {
  double sum = 0;
  for (const auto& r : runs) sum += total(r, name);
  return sum;
}

inline double mean(const std::vector<MemorySink>& runs, const std::string& name) {
  double sum = 0;
  for (const auto& r : runs) sum += mean(r, name);
  return runs.empty() ? 0.0 : sum / static_cast<double>(runs.size());
}

}  // namespace sahelsim::test
