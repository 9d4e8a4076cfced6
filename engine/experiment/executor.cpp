#include "executor.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

#include "core/parallel.hpp"
#include "io/h5.hpp"
#include "io/results_reader.hpp"
#include "io/results_writer.hpp"
#include "io/scenario_loader.hpp"
#include "statistics.hpp"

namespace sahelsim {

namespace fs = std::filesystem;

std::string run_file(const std::string& directory, std::size_t index) {
  char name[32];
  std::snprintf(name, sizeof name, "run-%06zu.h5", index);
  return (fs::path(directory) / "runs" / name).string();
}

namespace {

std::string error_file(const std::string& directory, std::size_t index) {
  return run_file(directory, index) + ".error";
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The HDF5 writer is called from several runs at once; HDF5 calls are serialised here so
// that a library built without thread safety is safe too. Calls are buffered by the
// writer (records in chunks, events in batches), so the lock is rarely contended.
std::mutex g_hdf5;

class LockedSink final : public ResultSink {
 public:
  explicit LockedSink(ResultSink& inner) : inner_(inner) {}
  void begin(const RunHeader& h) override {
    const std::lock_guard<std::mutex> lock(g_hdf5);
    inner_.begin(h);
  }
  void record(std::int64_t t, std::span<const double> v) override {
    const std::lock_guard<std::mutex> lock(g_hdf5);
    inner_.record(t, v);
  }
  void record_regional(std::int64_t t, std::span<const double> v) override {
    const std::lock_guard<std::mutex> lock(g_hdf5);
    inner_.record_regional(t, v);
  }
  void map(std::int64_t t, std::size_t m, const MapBuffer& b) override {
    const std::lock_guard<std::mutex> lock(g_hdf5);
    inner_.map(t, m, b);
  }
  void events(std::span<const Event> e) override {
    const std::lock_guard<std::mutex> lock(g_hdf5);
    inner_.events(e);
  }
  void timeline(std::span<const AppliedChange> c) override {
    const std::lock_guard<std::mutex> lock(g_hdf5);
    inner_.timeline(c);
  }
  void finish(const RunStats& s) override {
    const std::lock_guard<std::mutex> lock(g_hdf5);
    inner_.finish(s);
  }

 private:
  ResultSink& inner_;
};

bool run_complete(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return false;
  const std::lock_guard<std::mutex> lock(g_hdf5);
  try {
    return ResultsFile(path).complete();
  } catch (const UserError&) {
    return false;
  }
}

std::string duration_text(double seconds) {
  char text[32];
  if (seconds < 60) {
    std::snprintf(text, sizeof text, "%.0fs", seconds);
  } else if (seconds < 3600) {
    std::snprintf(text, sizeof text, "%.0fm%02.0fs", std::floor(seconds / 60),
                  std::fmod(seconds, 60));
  } else {
    std::snprintf(text, sizeof text, "%.0fh%02.0fm", std::floor(seconds / 3600),
                  std::fmod(seconds / 60, 60));
  }
  return text;
}

// Prepares the folder: refuses to overwrite an earlier sweep unless asked, and refuses to
// resume one made from a different sweep file.
void prepare(const SweepSpec& spec, const std::string& directory, const SweepOptions& options) {
  std::error_code ec;
  const fs::path dir(directory);
  const fs::path runs = dir / "runs";
  const fs::path copy = dir / "sweep.yaml";
  const bool earlier = fs::exists(copy, ec) || fs::exists(dir / "sweep.h5", ec) ||
                       (fs::exists(runs, ec) && !fs::is_empty(runs, ec));
  if (earlier && options.overwrite) {
    for (const auto& entry : fs::directory_iterator(runs, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.rfind("run-", 0) == 0) fs::remove(entry.path(), ec);
    }
    fs::remove(dir / "sweep.h5", ec);
    fs::remove(dir / "sweep.h5.partial", ec);
    fs::remove(copy, ec);
    fs::remove(dir / "fingerprint", ec);
  } else if (earlier && !options.resume) {
    throw UserError({directory, 0, 0}, "",
                    "holds an earlier sweep (use --resume to finish it, or --overwrite to start "
                    "again)");
  } else if (earlier && options.resume && fs::exists(copy, ec) &&
             read_text(copy.string()) != spec.text) {
    throw UserError({directory, 0, 0}, "",
                    "holds a sweep made from a different sweep file (" + spec.path +
                        " changed since; use --overwrite to start again)");
  } else if (earlier && options.resume && fs::exists(dir / "fingerprint", ec) &&
             read_text((dir / "fingerprint").string()) != spec.fingerprint()) {
    throw UserError({directory, 0, 0}, "",
                    "holds runs of other scenarios or another engine version (a scenario the "
                    "sweep uses, a file it extends, or sahelsim changed since; use --overwrite "
                    "to start again)");
  }
  fs::create_directories(runs, ec);
  if (ec) {
    throw UserError({directory, 0, 0}, "", "cannot create the folder (" + ec.message() + ")");
  }
  if (!fs::exists(copy, ec)) {
    std::ofstream out(copy, std::ios::binary);
    out << spec.text;
    if (!out) throw UserError({copy.string(), 0, 0}, "", "cannot write the copy of the sweep");
  }
  std::ofstream(dir / "fingerprint", std::ios::binary) << spec.fingerprint();
}

// An exclusive lock on DIR/.lock for as long as the sweep runs, so that two sweeps never
// write into one folder at once.
class FolderLock {
 public:
  explicit FolderLock(const std::string& directory) {
    std::error_code ec;
    if (fs::exists(directory, ec) && !fs::is_directory(directory, ec)) {
      throw UserError({directory, 0, 0}, "", "is a file (expected a folder for the sweep)");
    }
    fs::create_directories(directory, ec);
    if (ec) {
      throw UserError({directory, 0, 0}, "", "cannot create the folder (" + ec.message() + ")");
    }
    const std::string path = (fs::path(directory) / ".lock").string();
    fd_ = ::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
    if (fd_ < 0) throw UserError({path, 0, 0}, "", "cannot create the lock file");
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd_);
      throw UserError({directory, 0, 0}, "",
                      "another sweep is running in this folder (wait for it, or use another "
                      "folder with -o)");
    }
  }
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;
  ~FolderLock() { ::close(fd_); }

 private:
  int fd_ = -1;
};

}  // namespace

std::vector<RunOutcome> scan_runs(const SweepSpec& spec, const std::string& directory) {
  std::vector<RunOutcome> out(spec.run_count());
  std::error_code ec;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const std::string file = run_file(directory, i);
    if (run_complete(file)) {
      out[i].status = RunStatus::ok;
    } else if (fs::exists(error_file(directory, i), ec)) {
      out[i].status = RunStatus::failed;
      out[i].error = read_text(error_file(directory, i));
    }
  }
  return out;
}

SweepReport run_sweep(const SweepSpec& spec, const ModelRegistry& models,
                      const SweepOptions& options) {
  SweepReport report;
  report.directory = options.output_dir.empty() ? spec.output_dir : options.output_dir;
  report.runs = spec.run_count();
  const auto started = std::chrono::steady_clock::now();
  // Rank 0 locks and prepares the folder; if it cannot, every rank stops.
  std::unique_ptr<FolderLock> folder_lock;
  std::exception_ptr refused;
  std::string why;
  std::vector<char> complete_before;  // rank 0: which run files were complete at the start
  if (options.rank == 0) {
    try {
      folder_lock = std::make_unique<FolderLock>(report.directory);
      prepare(spec, report.directory, options);
      complete_before.resize(report.runs);
      for (std::size_t i = 0; i < report.runs; ++i) {
        complete_before[i] = run_complete(run_file(report.directory, i)) ? 1 : 0;
        if (complete_before[i] != 0) ++report.skipped;
      }
    } catch (const UserError& e) {
      refused = std::current_exception();
      why = e.what();
    }
  }
  if (options.share) why = options.share(why);
  if (refused) std::rethrow_exception(refused);
  if (!why.empty()) throw SweepAbandoned(why);

  // This rank's runs still to do.
  std::vector<std::size_t> todo;
  std::size_t mine_done = 0;
  for (std::size_t i = static_cast<std::size_t>(options.rank); i < report.runs;
       i += static_cast<std::size_t>(options.ranks)) {
    if (options.rank == 0 ? complete_before[i] != 0 : run_complete(run_file(report.directory, i))) {
      ++mine_done;
      continue;
    }
    std::error_code ec;
    fs::remove(error_file(report.directory, i), ec);
    todo.push_back(i);
  }

  // By default the threads this process may use (under mpirun, the cores bound to the rank).
  const int threads = options.threads > 0 ? options.threads : parallel::max_threads();
  std::atomic<std::size_t> done{0}, failures{0};
  std::atomic<bool> halt{false};
  std::mutex progress_mutex;
  auto last_print = std::chrono::steady_clock::now() - std::chrono::seconds(10);
  const auto print_progress = [&](bool final) {
    if (!options.progress && !options.progress_lines) return;
    const std::lock_guard<std::mutex> lock_progress(progress_mutex);
    const auto now = std::chrono::steady_clock::now();
    const auto every = options.progress ? std::chrono::milliseconds(500) : std::chrono::seconds(60);
    if (!final && now - last_print < every) return;
    if (final && !options.progress) return;
    last_print = now;
    const double elapsed = std::chrono::duration<double>(now - started).count();
    const std::size_t n = done.load();
    const double per_minute = elapsed > 0 ? 60.0 * static_cast<double>(n) / elapsed : 0.0;
    const double eta =
        n > 0 ? elapsed / static_cast<double>(n) * static_cast<double>(todo.size() - n) : 0.0;
    std::fprintf(stderr, "%ssweep: %zu/%zu runs", options.progress ? "\r" : "", n + mine_done,
                 options.ranks > 1 ? todo.size() + mine_done : report.runs);
    if (options.ranks > 1) std::fprintf(stderr, " of rank 0 (%d ranks)", options.ranks);
    if (failures > 0) std::fprintf(stderr, ", %zu failed", failures.load());
    std::fprintf(stderr, ", %.1f runs/min, ETA %s   %s", per_minute,
                 n > 0 ? duration_text(eta).c_str() : "?", final || !options.progress ? "\n" : "");
    std::fflush(stderr);
  };

  const auto run_one = [&](std::size_t index, int run_threads) {
    if (halt.load() || (options.stop != nullptr && options.stop->load())) return;
    const SweepRun run = spec.run(index);
    const SweepPoint& point = spec.points[run.point];
    std::vector<std::string> sets = point.sets;
    sets.push_back("seed=" + std::to_string(run.seed));
    const std::string file = run_file(report.directory, index);
    std::optional<ResultsWriter> writer;
    try {
      const ScenarioSpec scenario = load_scenario(point.scenario_path, models, {sets});
      const ModelInfo* info = models.find(scenario.model);
      {
        const std::lock_guard<std::mutex> lock(g_hdf5);
        writer.emplace(file);
      }
      LockedSink sink(*writer);
      RunControl control;
      control.stop = options.stop;
      RunStats stats;
      if (run_threads > 0) {
        parallel::with_threads(run_threads,
                               [&] { stats = run_simulation(*info, scenario, sink, control); });
      } else {
        stats = run_simulation(*info, scenario, sink, control);
      }
      {
        const std::lock_guard<std::mutex> lock(g_hdf5);
        writer.reset();
      }
      if (!stats.complete) return;  // stopped: the .partial stays, --resume redoes it
      ++done;
    } catch (const std::exception& e) {
      {
        const std::lock_guard<std::mutex> lock_hdf5(g_hdf5);
        writer.reset();  // closes the .partial it may have begun
      }
      std::ofstream out(error_file(report.directory, index), std::ios::binary);
      out << e.what();
      ++failures;
      ++done;
      if (spec.stop_on_error) halt = true;
    }
    print_progress(false);
  };

  if (!todo.empty()) {
    // Runs go to a pool of workers; with threads_per_run: 0 the loops inside the runs share
    // the same workers (work stealing), otherwise each run gets its own arena of T threads
    // and threads / T runs go at once.
    const int at_once =
        spec.threads_per_run > 0 ? std::max(1, threads / spec.threads_per_run) : threads;
    parallel::with_threads(at_once, [&] {
      parallel::for_range(0, todo.size(), 1, [&](std::size_t first, std::size_t last) {
        for (std::size_t i = first; i < last; ++i) run_one(todo[i], spec.threads_per_run);
      });
    });
  }
  print_progress(true);
  report.stopped = options.stop != nullptr && options.stop->load();
  report.halted = halt.load();

  if (options.barrier) options.barrier();
  if (options.rank == 0) {
    const std::vector<RunOutcome> outcomes = scan_runs(spec, report.directory);
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
      if (outcomes[i].status == RunStatus::ok) ++report.finished;
      if (outcomes[i].status == RunStatus::failed) report.failed.push_back(i);
      if (outcomes[i].status == RunStatus::missing) ++report.missing;
    }
    write_index(spec, report.directory, outcomes);
    report.index_file = (fs::path(report.directory) / "sweep.h5").string();
  }
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace sahelsim
