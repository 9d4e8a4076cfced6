// Sweep files: many runs of scenarios, over parameter points and replicates
// (docs/experiments.md).
//
//   name: legitimacy and cops                # optional
//   base: ../reproductions/epstein/run2.yaml  # or `scenarios: {name: path, ...}`
//   seed: 42                                 # root seed of the replicate seeds
//   replicates: 20
//   set: {steps: 200}                        # overrides for every run
//   grid: {params.legitimacy: [0.7, 0.8]}    # full factorial
//   zip: {params.a: [1, 2], params.b: [3, 4]} # paired lists
//   sample: {method: lhs, n: 16, seed: 7, ranges: {params.legitimacy: [0.6, 0.9]}}
//   sensitivity: {outputs: [active], at: end} # with sample.method: morris
//   output: {dir: results/sweeps/x, on_error: continue}
//
// Points are the product scenarios x grid x zip rows x samples, in that order (the last
// varies fastest); runs are points x replicates, replicate fastest. Replicate r of every
// point runs with seed replicate_seed(root, r): the same seed for the same replicate across
// points (common random numbers), whatever else the sweep holds.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/errors.hpp"
#include "core/model.hpp"

namespace sahelsim {

// The seed of replicate `replicate`: the top 53 bits of the first word of Philox4x64-10
// keyed by (root, 0x53574550 "SWEP") at counter (replicate, 0, 0, 0). Stable across
// versions (tested against fixed values).
[[nodiscard]] std::uint64_t replicate_seed(std::uint64_t root, std::uint64_t replicate);

struct SweepPoint {
  std::size_t index = 0;
  std::string scenario;       // the scenario's name in `scenarios:` ("" with `base:`)
  std::string scenario_path;  // file the runs load
  // Overrides of this point, in order ("key=value", value as YAML), and where each value
  // was written in the sweep file (for errors).
  std::vector<std::string> sets;
  std::vector<Location> origins;
  std::vector<std::pair<std::string, double>> coordinates;  // sampled/grid numbers by key
  std::string resolved;  // the point's resolved scenario (seed aside), for resume checks
};

struct SweepRun {
  std::size_t index = 0;
  std::size_t point = 0;
  std::size_t replicate = 0;
  std::uint64_t seed = 0;
};

struct MorrisDesign {
  std::vector<std::string> keys;                  // the parameters, in order
  std::vector<std::pair<double, double>> ranges;  // their sampled ranges
  std::size_t trajectories = 0;
  int levels = 4;
  // For each trajectory, the points (k + 1 of them) and, for steps 1..k, which parameter
  // moved and by how much (in units of its range).
  struct Step {
    std::size_t parameter;
    double delta;
  };
  std::vector<std::vector<Step>> steps;
};

struct SweepSpec {
  std::string path;  // the sweep file
  std::string text;  // its text, as read
  std::string name;
  std::uint64_t seed = 1;
  std::size_t replicates = 1;
  std::vector<SweepPoint> points;
  std::vector<std::string> parameter_keys;  // keys varied across points (grid, zip, sample)
  std::string output_dir;
  bool stop_on_error = false;
  int threads_per_run = 0;  // 0: decided by the executor
  // Sensitivity (sample.method: morris).
  bool morris = false;
  MorrisDesign design;
  std::vector<std::string> sensitivity_outputs;
  std::string sensitivity_at = "end";  // end | mean

  [[nodiscard]] std::size_t run_count() const { return points.size() * replicates; }
  // A fingerprint of what the runs will be: every point's resolved scenario and the engine
  // version and commit. A resumed sweep must have the same one.
  [[nodiscard]] std::string fingerprint() const;
  [[nodiscard]] SweepRun run(std::size_t index) const;
};

// Reads and checks a sweep file: its own keys strictly, then every point's scenario
// through the scenario loader (so a bad value is reported where the sweep file wrote it).
// Throws UserError with every problem found.
[[nodiscard]] SweepSpec load_sweep(const std::string& path, const ModelRegistry& models);

}  // namespace sahelsim
