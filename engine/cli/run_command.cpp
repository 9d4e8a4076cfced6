// `sahelsim run`: load, check, run, write results; progress on stderr, summary on stdout.
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "core/version.hpp"
#include "io/results_writer.hpp"
#include "io/scenario_loader.hpp"
#include "registry.hpp"

namespace sahelsim::cli {

namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_signal(int) {
  g_stop.store(true);
}

std::string format_duration(double seconds) {
  char buffer[32];
  if (seconds < 60) {
    std::snprintf(buffer, sizeof buffer, "%.1fs", seconds);
  } else {
    const auto s = static_cast<long>(seconds);
    std::snprintf(buffer, sizeof buffer, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  }
  return buffer;
}

// A progress line, redrawn at most five times a second, only on a terminal.
class Progress {
 public:
  Progress(bool enabled, std::string label) : enabled_(enabled), label_(std::move(label)) {}
  void operator()(std::int64_t done, std::int64_t total) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (done != total && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
    const double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0.0;
    std::fprintf(stderr, "\r%s step %lld/%lld (%3.0f%%)  %.0f steps/s  ETA %s   ", label_.c_str(),
                 static_cast<long long>(done), static_cast<long long>(total),
                 100.0 * static_cast<double>(done) / static_cast<double>(total), rate,
                 format_duration(eta).c_str());
    std::fflush(stderr);
    drawn_ = true;
  }
  void clear() {
    if (drawn_) std::fprintf(stderr, "\r\033[K");
  }

 private:
  bool enabled_;
  std::string label_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_ = start_;  // first line after 200 ms
  bool drawn_ = false;
};

std::string default_output(const ScenarioSpec& spec, const std::string& scenario_path) {
  if (!spec.output.file.empty()) return spec.output.file;
  const std::string stem = std::filesystem::path(scenario_path).stem().string();
  return "results/" + (stem.empty() ? std::string("default") : stem) + ".h5";
}

void print_summary(const ModelInfo& info, const ScenarioSpec& spec, const RunStats& stats,
                   int threads, const std::string& path) {
  std::printf("sahelsim %s | model %s | scenario \"%s\" | seed %llu | %d thread%s\n",
              std::string(engine_version()).c_str(), info.name.c_str(), spec.name.c_str(),
              static_cast<unsigned long long>(spec.seed), threads, threads == 1 ? "" : "s");
  const double agent_steps =
      static_cast<double>(stats.footprint.agents) * static_cast<double>(stats.steps_done);
  std::printf("%lld steps in %s (%.0f steps/s, %.3g agent-steps/s, %zu agents)\n",
              static_cast<long long>(stats.steps_done), format_duration(stats.seconds).c_str(),
              stats.seconds > 0 ? static_cast<double>(stats.steps_done) / stats.seconds : 0.0,
              stats.seconds > 0 ? agent_steps / stats.seconds : 0.0, stats.footprint.agents);
  std::printf("\n  %-14s %-5s %12s %12s %12s %12s  %s\n", "series", "kind", "final", "min", "max",
              "total", "unit");
  for (std::size_t i = 0; i < info.series.size(); ++i) {
    const SeriesSpec& s = info.series[i];
    const bool flow = s.kind == SeriesKind::flow;
    char total[32] = "";
    if (flow) std::snprintf(total, sizeof total, "%12.6g", stats.total[i]);
    std::printf("  %-14s %-5s %12.6g %12.6g %12.6g %12s  %s\n", s.name.c_str(),
                flow ? "flow" : "stock", stats.last_values[i], stats.minimum[i], stats.maximum[i],
                total, s.unit.c_str());
  }
  std::printf("\nresults: %s\n", path.c_str());
}

// Memory this process may still use: the system's available memory (MemAvailable) and the
// address-space limit (ulimit -v), whichever is smaller; 0 when unknown.
double available_memory_bytes() {
  double available = 0;
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  double kib = 0;
  std::string unit;
  while (meminfo >> key >> kib >> unit) {
    if (key == "MemAvailable:") available = kib * 1024.0;
  }
  rlimit limit{};
  if (getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    const auto cap = static_cast<double>(limit.rlim_cur);
    available = available > 0 ? std::min(available, cap) : cap;
  }
  return available;
}

// Refuses a run whose model says it needs more memory than is available.
void check_memory(const ModelInfo& info, const ScenarioSpec& spec) {
  if (!info.memory) return;
  const ModelInfo::MemoryEstimate need = info.memory(spec.params);
  const double available = available_memory_bytes();
  if (available <= 0 || need.bytes <= available) return;
  const auto gib = [](double bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f GiB", bytes / (1024.0 * 1024.0 * 1024.0));
    return std::string(text);
  };
  const Location where = spec.params.origin(spec.params.index(need.key));
  throw UserError(where, need.key,
                  "the run needs at least " + gib(need.bytes) + " of memory, more than the " +
                      gib(available) +
                      " available (expected a smaller world, fewer agents or a coarser scale)");
}

}  // namespace

int run(const RunOptions& options) {
  ScenarioOverrides overrides;
  if (options.seed) overrides.sets.push_back("seed=" + *options.seed);
  if (options.steps) overrides.sets.push_back("steps=" + *options.steps);
  overrides.sets.insert(overrides.sets.end(), options.sets.begin(), options.sets.end());

  const bool builtin = options.scenario.empty();
  const std::string scenario_path = builtin ? kDefaultScenarioName : options.scenario;
  const ScenarioSpec spec = builtin ? load_scenario_text(kDefaultScenarioText, kDefaultScenarioName,
                                                         builtin_models(), overrides)
                                    : load_scenario(options.scenario, builtin_models(), overrides);
  for (const auto& warning : spec.warnings) std::cerr << "warning: " << warning.str() << "\n";
  const ModelInfo& info = *builtin_models().find(spec.model);
  check_memory(info, spec);

  std::optional<tbb::global_control> limit;
  if (options.threads > 0) {
    limit.emplace(tbb::global_control::max_allowed_parallelism,
                  static_cast<std::size_t>(options.threads));
  }
  const int threads = static_cast<int>(
      tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));

  const std::string path =
      options.output.empty() ? default_output(spec, scenario_path) : options.output;
  ResultsWriter writer(path);

  g_stop.store(false);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  Progress progress(!options.quiet && isatty(STDERR_FILENO) != 0, "[" + spec.name + "]");
  RunControl control;
  control.progress = [&](std::int64_t done, std::int64_t total) { progress(done, total); };
  control.stop = &g_stop;

  const RunStats stats = run_simulation(info, spec, writer, control);
  progress.clear();
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);

  if (!stats.complete) {
    std::cerr << "interrupted after step " << stats.steps_done << " of " << spec.steps
              << ": the results so far are in " << writer.partial_path()
              << " (marked incomplete); no " << path << " was written. Run again to get a "
              << "complete file.\n";
    return kExitInterrupted;
  }
  if (!options.quiet) print_summary(info, spec, stats, threads, path);
  return kExitOk;
}

}  // namespace sahelsim::cli
