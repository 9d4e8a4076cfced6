// Throughput of Epstein Model I: agent-steps per second, ns per agent-step, bytes per
// agent and peak memory, for lattice sizes x protocols x thread counts. Prints JSON with
// the environment (commit, compiler, CPU, threads) so figures can be compared honestly.
//
//   bench_epstein [--sizes 40,400,2000] [--protocols parallel,sequential]
//                 [--threads 1,N] [--vision 7] [--seconds 2] [--warmup 3]
//
// Densities are the paper's Run 2 (agents 0.7, cops 0.04, L = 0.82, J_max = 30, floor rule).
// Steps are timed after `warmup` steps (first-touch of memory, and the initial transient
// of the dynamics); each configuration then runs until `seconds` have passed (at least 3
// steps). Results are not recorded: this measures the model, not the writer.
#include <oneapi/tbb/global_control.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../bench_common.hpp"
#include "core/version.hpp"
#include "io/scenario_loader.hpp"
#include "registry.hpp"

using namespace sahelsim;
using bench::peak_rss_mib;
using bench::split;

namespace {

struct Result {
  int size;
  std::string protocol;
  int threads;
  std::size_t agents;
  std::int64_t steps;
  double seconds;
  Footprint footprint;
  std::vector<Schedule::PhaseTiming> phases;  // seconds per step, by phase
};

Result measure(int size, const std::string& protocol, int threads, double vision, double budget,
               int warmup) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads));
  const std::string yaml =
      "model: epstein\nseed: 1\nsteps: 1000000\nparams: {width: " + std::to_string(size) +
      ", height: " + std::to_string(size) + ", agent_vision: " + std::to_string(vision) +
      ", cop_vision: " + std::to_string(vision) + ", activation: " + protocol + "}\n";
  const ScenarioSpec spec = load_scenario_text(yaml, "bench.yaml", builtin_models());
  const ModelInfo& info = *builtin_models().find("epstein");
  std::unique_ptr<Model> model = info.create({spec.params, spec.seed});
  Schedule schedule;
  model->schedule(schedule);
  EventLog events(false);
  StepContext context{0, spec.seed, &spec.params, &events};
  std::vector<double> series(info.series.size());
  const auto step_once = [&] {
    schedule.run(context);
    model->measure(series);
    ++context.step;
  };
  for (int i = 0; i < warmup; ++i) step_once();
  const auto before = schedule.timings();
  const auto start = std::chrono::steady_clock::now();
  std::int64_t steps = 0;
  double elapsed = 0.0;
  while (steps < 3 || elapsed < budget) {
    step_once();
    ++steps;
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  const Footprint footprint = model->footprint();
  auto phases = schedule.timings();
  for (std::size_t i = 0; i < phases.size(); ++i) {
    phases[i].seconds = (phases[i].seconds - before[i].seconds) / static_cast<double>(steps);
  }
  return {size, protocol, threads, footprint.agents, steps, elapsed, footprint, phases};
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> sizes{"40", "400", "2000"};
  std::vector<std::string> protocols{"parallel", "sequential"};
  const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::string> threads{"1", std::to_string(hardware)};
  double vision = 7.0;
  double seconds = 2.0;
  int warmup = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--sizes")
      sizes = split(value);
    else if (flag == "--protocols")
      protocols = split(value);
    else if (flag == "--threads")
      threads = split(value);
    else if (flag == "--vision")
      vision = std::stod(value);
    else if (flag == "--seconds")
      seconds = std::stod(value);
    else if (flag == "--warmup")
      warmup = std::stoi(value);
    else {
      std::fprintf(stderr, "bench_epstein: unknown option %s\n", flag.c_str());
      return 2;
    }
  }

  bench::print_environment("epstein", hardware);
  std::printf("  \"vision\": %g,\n  \"warmup_steps\": %d,\n", vision, warmup);
  std::printf("  \"results\": [\n");
  bool first = true;
  for (const auto& size : sizes) {
    for (const auto& protocol : protocols) {
      for (const auto& t : threads) {
        const int n_threads = std::stoi(t);
        // The sequential protocol is single-threaded by definition: measure it once.
        if (protocol == "sequential" && n_threads != 1) continue;
        const Result r = measure(std::stoi(size), protocol, n_threads, vision, seconds, warmup);
        const double agent_steps = static_cast<double>(r.agents) * static_cast<double>(r.steps);
        const double rate = agent_steps / r.seconds;
        std::printf(
            "%s    {\"size\": %d, \"protocol\": \"%s\", \"threads\": %d, \"agents\": %zu, "
            "\"steps\": %lld, "
            "\"seconds\": %.4f, \"agent_steps_per_s\": %.4g, \"agent_steps_per_s_per_thread\": "
            "%.4g, "
            "\"ns_per_agent_step\": %.2f, \"bytes_per_agent\": %zu, \"model_bytes_per_agent\": "
            "%.1f, "
            "\"peak_rss_mib\": %.1f, \"ms_per_step_by_phase\": {",
            first ? "" : ",\n", r.size, r.protocol.c_str(), r.threads, r.agents,
            static_cast<long long>(r.steps), r.seconds, rate, rate / r.threads, 1e9 / rate,
            r.footprint.bytes_per_agent,
            static_cast<double>(r.footprint.bytes_total) / static_cast<double>(r.agents),
            peak_rss_mib());
        for (std::size_t i = 0; i < r.phases.size(); ++i) {
          std::printf("%s\"%s\": %.3f", i ? ", " : "", r.phases[i].name.c_str(),
                      1e3 * r.phases[i].seconds);
        }
        std::printf("}}");
        std::fflush(stdout);
        first = false;
      }
    }
  }
  std::printf("\n  ]\n}\n");
  return 0;
}
