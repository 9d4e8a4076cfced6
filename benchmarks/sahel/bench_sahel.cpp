// Throughput and memory of the Sahel model on the Mali default scenario
// (scenarios/mali/default.yaml: Mali from 2012, weekly steps): agent-steps per second, ns
// per agent-step, bytes per agent, peak memory and the time of each phase, for
// params.scale (people per agent) x thread counts. Prints JSON with the environment
// (commit, compiler, CPU, threads) so figures can be compared honestly.
//
//   bench_sahel [--scales 20,1] [--threads 1,N] [--steps 26 | --full]
//               [--scenario scenarios/mali/default.yaml]
//
// Each configuration is one run_simulation of the scenario into a NullSink with
// `params.scale`, `steps` and `output.maps_every=0` set through the scenario loader, as
// `sahelsim run --set ...` would; --full keeps the scenario's own length (522 steps, ten
// years). Results are not written, so this measures the model, not the HDF5 writer.
//
// With params.demography on, the person store grows during a run (births append; the dead
// keep their slot), so each scale's world is first built once, untimed, to count its agents
// at the start; agent-steps are steps x (agents at the start + agents at the end) / 2.
// "Setup" is the run's wall time outside the step loop (the geography, the population, the
// first record). Peak RSS is taken per configuration (VmHWM, reset before each one).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "../bench_common.hpp"
#include "core/parallel.hpp"
#include "core/simulation.hpp"
#include "core/version.hpp"
#include "io/scenario_loader.hpp"
#include "registry.hpp"

using namespace sahelsim;
using bench::split;

namespace {

struct Result {
  std::string scale;
  int threads = 1;
  std::int64_t steps = 0;
  std::size_t agents_start = 0;
  double total_seconds = 0.0;  // run_simulation, setup included
  RunStats stats;
  double peak_rss_mib = 0.0;
};

ScenarioSpec load(const std::string& path, const std::string& scale, std::int64_t steps) {
  ScenarioOverrides overrides;
  overrides.sets = {"params.scale=" + scale, "output.maps_every=0"};
  if (steps >= 0) overrides.sets.push_back("steps=" + std::to_string(steps));
  return load_scenario(path, builtin_models(), overrides);
}

// One run on `threads` worker threads; its wall time, statistics and peak RSS.
Result measure(const ModelInfo& info, const ScenarioSpec& spec, int threads) {
  Result r;
  r.threads = threads;
  r.steps = spec.steps;
  bench::reset_peak_rss();
  NullSink sink;
  const auto start = std::chrono::steady_clock::now();
  parallel::with_threads(threads, [&] { r.stats = run_simulation(info, spec, sink); });
  r.total_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.peak_rss_mib = bench::peak_rss_since_reset_mib();
  return r;
}

void print(const Result& r, bool first) {
  const RunStats& s = r.stats;
  const double agents_mean =
      0.5 * (static_cast<double>(r.agents_start) + static_cast<double>(s.footprint.agents));
  const double agent_steps = agents_mean * static_cast<double>(s.steps_done);
  const double rate = agent_steps / s.seconds;
  const double steps = static_cast<double>(std::max<std::int64_t>(1, s.steps_done));
  double in_phases = 0.0;
  for (const auto& p : s.phases) in_phases += p.seconds;
  std::printf(
      "%s    {\"scale\": %s, \"threads\": %d, \"steps\": %lld, \"agents_start\": %zu, "
      "\"agents_end\": %zu, \"setup_seconds\": %.3f, \"step_seconds\": %.3f, "
      "\"total_seconds\": %.3f, \"agent_steps_per_s\": %.4g, "
      "\"agent_steps_per_s_per_thread\": %.4g, \"ns_per_agent_step\": %.2f, "
      "\"ms_per_step\": %.2f, \"bytes_per_agent\": %zu, \"model_bytes_per_agent\": %.1f, "
      "\"model_mib\": %.1f, \"peak_rss_mib\": %.1f, \"ms_per_step_by_phase\": {",
      first ? "" : ",\n", r.scale.c_str(), r.threads, static_cast<long long>(s.steps_done),
      r.agents_start, s.footprint.agents, r.total_seconds - s.seconds, s.seconds, r.total_seconds,
      rate, rate / r.threads, 1e9 / rate, 1e3 * s.seconds / steps, s.footprint.bytes_per_agent,
      static_cast<double>(s.footprint.bytes_total) / static_cast<double>(s.footprint.agents),
      static_cast<double>(s.footprint.bytes_total) / (1024.0 * 1024.0), r.peak_rss_mib);
  for (std::size_t i = 0; i < s.phases.size(); ++i) {
    std::printf("%s\"%s\": %.3f", i ? ", " : "", s.phases[i].name.c_str(),
                1e3 * s.phases[i].seconds / steps);
  }
  // The step loop outside the phases: the timeline, measuring the national and regional
  // series, handing records and events to the sink.
  std::printf("}, \"ms_per_step_outside_phases\": %.3f}", 1e3 * (s.seconds - in_phases) / steps);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::string> scales{"20", "1"};
  std::vector<std::string> threads{"1", std::to_string(hardware)};
  std::int64_t steps = 26;
  std::string scenario = SAHELSIM_SOURCE_DIR "/scenarios/mali/default.yaml";
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--full") {
      steps = -1;  // the scenario's own length
      continue;
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "bench_sahel: option %s needs a value\n", flag.c_str());
      return 2;
    }
    const std::string value = argv[++i];
    if (flag == "--scales") {
      scales = split(value);
    } else if (flag == "--threads") {
      threads = split(value);
    } else if (flag == "--steps") {
      steps = std::max(1, std::stoi(value));
    } else if (flag == "--scenario") {
      scenario = value;
    } else {
      std::fprintf(stderr,
                   "usage: bench_sahel [--scales 20,1] [--threads 1,N] [--steps 26 | --full] "
                   "[--scenario FILE]\n");
      return 2;
    }
  }

  const ModelInfo& info = *builtin_models().find("sahel");
  bench::print_environment("sahel", hardware);
  std::printf("  \"scenario\": \"%s\",\n  \"results\": [\n", scenario.c_str());
  std::fflush(stdout);
  bool first = true;
  for (const auto& scale : scales) {
    const ScenarioSpec spec = load(scenario, scale, steps);
    // The agents at the start: the same world built and not stepped (untimed).
    const std::size_t agents_start =
        info.create({spec.params, spec.seed, spec.calendar})->footprint().agents;
    for (const auto& t : threads) {
      Result r = measure(info, spec, std::stoi(t));
      r.scale = scale;
      r.agents_start = agents_start;
      print(r, first);
      first = false;
    }
  }
  std::printf("\n  ]\n}\n");
  return 0;
}
