// Running a sweep: each run is an ordinary run of its scenario with its own seed, written to
// its own results file (DIR/runs/run-NNNNNN.h5) as it goes; the index file DIR/sweep.h5
// links them and holds the summaries (docs/experiments.md).
//
// Runs are independent and deterministic, so where and in which order they run never
// changes a bit of any run's datasets: local workers (TBB), MPI ranks (run k goes to rank
// k mod ranks) and resumed sweeps all give the same files.
#pragma once

#include <atomic>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sweep.hpp"

namespace sahelsim {

struct SweepOptions {
  std::string output_dir;       // empty: the sweep's output.dir
  int threads = 0;              // worker threads of this process (0: all hardware threads)
  bool resume = false;          // skip runs whose file is complete
  bool overwrite = false;       // delete an earlier sweep's files in the folder first
  bool progress = false;        // a live progress line on stderr (a terminal)
  bool progress_lines = false;  // a progress line every minute (logs, batch jobs)
  const std::atomic<bool>* stop = nullptr;
  int rank = 0;  // this process among `ranks` (MPI); rank 0 writes the index
  int ranks = 1;
  std::function<void()> barrier;  // waits for every rank (MPI); null with one process
  // Sends rank 0's text to every rank and returns it (MPI); null with one process.
  std::function<std::string(const std::string&)> share;
};

// Thrown on ranks other than 0 when rank 0 refused to start (its error says why).
class SweepAbandoned : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class RunStatus : std::uint8_t { ok = 0, failed = 1, missing = 2 };

struct RunOutcome {
  RunStatus status = RunStatus::missing;
  std::string error;  // why it failed
};

struct SweepReport {
  std::string directory;
  std::string index_file;  // written by rank 0 ("" on other ranks)
  std::size_t runs = 0;    // in the sweep
  // On rank 0, for every rank:
  std::size_t finished = 0;         // runs whose file is complete
  std::size_t skipped = 0;          // of those, complete before this start (resume)
  std::vector<std::size_t> failed;  // run indices that failed
  std::size_t missing = 0;          // not run (stopped)
  bool stopped = false;             // by a signal (Ctrl-C, SIGTERM)
  bool halted = false;              // by the first failure (on_error: stop)
  double seconds = 0.0;
};

// Runs the sweep (this rank's share) and, on rank 0, writes the index with summaries and,
// for Morris designs, the sensitivity table. Throws UserError for problems with the
// output folder; a failing run is recorded (DIR/runs/run-NNNNNN.error) and, unless the
// sweep says on_error: stop, the others go on.
SweepReport run_sweep(const SweepSpec& spec, const ModelRegistry& models,
                      const SweepOptions& options);

// The run file of run `index` inside `directory`.
[[nodiscard]] std::string run_file(const std::string& directory, std::size_t index);

// Reads what the run files in `directory` say about each run.
[[nodiscard]] std::vector<RunOutcome> scan_runs(const SweepSpec& spec,
                                                const std::string& directory);

// Writes DIR/sweep.h5: /runs, /points, links to the run files, /summary and /sensitivity.
void write_index(const SweepSpec& spec, const std::string& directory,
                 const std::vector<RunOutcome>& outcomes);

// One line per parameter, ranked by mu*, for each sensitivity output (Morris).
[[nodiscard]] std::string sensitivity_table(const std::string& index_file);

}  // namespace sahelsim
