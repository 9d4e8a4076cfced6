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
#include <optional>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "core/version.hpp"
#include "io/checkpoint.hpp"
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

std::string checkpoint_path(const RunOptions& options, const std::string& results) {
  if (!options.checkpoint.empty()) return options.checkpoint;
  std::filesystem::path p(results);
  if (p.extension() == ".h5") return p.replace_extension(".ckpt").string();
  return results + ".ckpt";
}

// The checkpoint to continue, its scenario, and the scenario to continue it under.
struct Start {
  std::optional<CheckpointFile> checkpoint;
  ScenarioSpec spec;
  std::string scenario_path;
};

Start prepare(const RunOptions& options) {
  ScenarioOverrides overrides;
  if (options.seed) overrides.sets.push_back("seed=" + *options.seed);
  if (options.steps) overrides.sets.push_back("steps=" + *options.steps);
  overrides.sets.insert(overrides.sets.end(), options.sets.begin(), options.sets.end());

  Start start;
  if (options.checkpoint_every == 0 && options.keep_checkpoints) {
    throw UserError(Location{}, "--checkpoint-every",
                    "missing (expected --checkpoint-every N with --keep-checkpoints)");
  }
  if (!options.resume.empty()) {
    if (!options.from.empty() || !options.scenario.empty() || !overrides.sets.empty()) {
      throw UserError(Location{options.resume, 0, 0}, "",
                      "--resume continues the checkpoint's own scenario (expected no scenario, "
                      "--set, --seed, --steps or --from; to continue under another scenario "
                      "use --from CHECKPOINT SCENARIO)");
    }
    start.checkpoint = read_checkpoint(options.resume, builtin_models());
    start.spec = start.checkpoint->spec;
    start.scenario_path = start.spec.sources.empty() ? std::string(kDefaultScenarioName)
                                                     : start.spec.sources.front().path;
    return start;
  }
  const bool builtin = options.scenario.empty();
  if (!options.from.empty() && builtin) {
    throw UserError(Location{options.from, 0, 0}, "",
                    "--from forks the checkpoint under another scenario (expected a scenario "
                    "file after the options, got none; to continue the same run use --resume)");
  }
  start.scenario_path = builtin ? kDefaultScenarioName : options.scenario;
  start.spec = builtin ? load_scenario_text(kDefaultScenarioText, kDefaultScenarioName,
                                            builtin_models(), overrides)
                       : load_scenario(options.scenario, builtin_models(), overrides);
  if (!options.from.empty()) {
    start.checkpoint = read_checkpoint(options.from, builtin_models());
    const RunCheckpoint parent = start.checkpoint->run();
    const std::vector<Diagnostic> problems = check_fork(start.spec, parent);
    if (!problems.empty()) throw UserError(problems);
  }
  return start;
}

}  // namespace

int run(const RunOptions& options) {
  const Start start = prepare(options);
  const ScenarioSpec& spec = start.spec;
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

  std::string path = options.output;
  if (path.empty()) {
    path = !options.resume.empty() ? start.checkpoint->results_path
                                   : default_output(spec, start.scenario_path);
  }
  ResultsWriter writer(path);
  const bool checkpoints = options.checkpoint_every > 0;
  const std::string checkpoint_file = checkpoint_path(options, path);
  if (std::filesystem::is_directory(checkpoint_file)) {
    throw UserError(Location{checkpoint_file, 0, 0}, "--checkpoint",
                    "is a directory (expected a file path)");
  }

  RunCheckpoint parent;
  if (start.checkpoint) {
    const CheckpointFile& c = *start.checkpoint;
    parent = c.run();
    const bool fork = options.resume.empty();
    const std::string what = fork ? "forked" : "resumed";
    writer.add_attribute(what + "_from", c.path);
    writer.add_attribute(what + "_at_step", std::to_string(c.step));
    if (fork) {
      writer.add_attribute("forked_from_scenario", c.spec.name);
      writer.add_scenario_text("forked_from_resolved", c.spec.resolved_yaml);
    }
  }

  g_stop.store(false);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  Progress progress(!options.quiet && isatty(STDERR_FILENO) != 0, "[" + spec.name + "]");
  RunControl control;
  control.progress = [&](std::int64_t done, std::int64_t total) { progress(done, total); };
  control.stop = &g_stop;
  std::int64_t last_checkpoint = -1;
  std::string last_checkpoint_file = checkpoint_file;
  // A run without checkpoints that is stopped still leaves one: its state is kept here and
  // written with the results read back from the .partial file once that is closed.
  std::optional<std::pair<std::int64_t, std::vector<std::byte>>> stopped_state;
  control.checkpoint_every = options.checkpoint_every;
  control.checkpoint = [&](const RunCheckpoint& c) {
    if (!c.has_results) {
      stopped_state.emplace(c.step, std::vector<std::byte>(c.state.begin(), c.state.end()));
      return;
    }
    if (options.keep_checkpoints) {
      std::filesystem::path p(checkpoint_file);
      std::string ext = p.extension().string();
      if (ext.empty()) ext = ".ckpt";
      std::string numbered(".");
      numbered.append(std::to_string(c.step)).append(ext);
      last_checkpoint_file = p.replace_extension(numbered).string();
    }
    write_checkpoint(last_checkpoint_file, c, path);
    last_checkpoint = c.step;
  };
  if (start.checkpoint) control.resume = &parent;

  RunStats stats;
  try {
    stats = run_simulation(info, spec, writer, control);
  } catch (const StateError& e) {
    if (!start.checkpoint) throw;
    // The saved state does not fit the world this build made from the scenario (its
    // geographic files changed since, say): bad input, and nothing is left written (the
    // writer's open file goes with it).
    std::error_code ec;
    std::filesystem::remove(writer.partial_path(), ec);
    throw UserError(Location{start.checkpoint->path, 0, 0}, "",
                    std::string("cannot continue this checkpoint: ") + e.what());
  }
  progress.clear();
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);

  if (!stats.complete) {
    std::cerr << "interrupted after step " << stats.steps_done << " of " << spec.steps
              << ": the results so far are in " << writer.partial_path()
              << " (marked incomplete); no " << path << " was written.\n";
    if (stopped_state) {
      try {
        // The writer closed the file when the run finished.
        const ResultsLog results = read_results_log(writer.partial_path(), info);
        write_checkpoint(
            checkpoint_file,
            RunCheckpoint{&spec, stopped_state->first, results.bytes(), stopped_state->second},
            path);
        last_checkpoint = stopped_state->first;
      } catch (const std::exception& e) {
        std::cerr << "no checkpoint could be written (" << e.what() << ")\n";
      }
    }
    if (last_checkpoint == stats.steps_done) {
      std::cerr << "checkpoint after step " << last_checkpoint << ": " << last_checkpoint_file
                << "\ncontinue with: sahelsim run --resume " << last_checkpoint_file << "\n";
    } else {
      std::cerr << "Run again to get a complete file.\n";
    }
    return kExitInterrupted;
  }
  if (!options.quiet) {
    print_summary(info, spec, stats, threads, path);
    if (checkpoints) {
      std::printf("checkpoint: %s (after step %lld)\n", last_checkpoint_file.c_str(),
                  static_cast<long long>(last_checkpoint));
    }
  }
  return kExitOk;
}

}  // namespace sahelsim::cli
