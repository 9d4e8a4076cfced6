// The sahelsim subcommands. Each returns the process exit code; user errors are thrown as
// UserError and turned into exit code 2 by main.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sahelsim::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;    // an internal error (a bug): please report
inline constexpr int kExitUserError = 2;  // bad input: the message says what to fix
inline constexpr int kExitInterrupted = 130;

struct RunOptions {
  std::string scenario;  // empty: the built-in default scenario
  std::string output;    // empty: the scenario's output.file, or results/<name>.h5
  std::optional<std::string> seed;
  std::optional<std::string> steps;
  std::vector<std::string> sets;
  int threads = 0;  // 0: all hardware threads
  bool quiet = false;
  std::int64_t checkpoint_every = 0;  // 0: no checkpoints
  std::string checkpoint;             // empty: the results path with .ckpt for .h5
  bool keep_checkpoints = false;      // one file per checkpoint (NAME.<step>.ckpt)
  std::string resume;                 // a checkpoint to continue (its own scenario)
  std::string from;                   // a checkpoint to fork (under `scenario`)
};

int run(const RunOptions& options);

// Runs `body` (a command that reads the results files `files`) in a child process and
// returns its exit code. libhdf5 1.10 can crash on damaged metadata (docs/reliability.md,
// the fuzzing findings): a child ended by such a signal is reported as a damaged file,
// exit code 2, instead of crashing sahelsim.
int read_in_child(const std::vector<std::string>& files, const std::function<int()>& body);

struct GeoOptions {
  std::string scenario;
  std::string output;  // empty: summary only
  std::vector<std::string> sets;
};
int geo(const GeoOptions& options);

struct SweepCommandOptions {
  std::string sweep;
  std::string output;  // empty: the sweep's output.dir
  int threads = 0;
  bool resume = false;
  bool overwrite = false;
  bool quiet = false;
};
// Exit codes: 0 every run finished, 1 some runs failed, 2 bad input, 130 stopped.
int sweep(const SweepCommandOptions& options);
int export_map(const std::string& file, const std::string& name, long long step,
               const std::string& output);
int report(const std::vector<std::string>& files, const std::string& output,
           const std::string& title, const std::vector<std::string>& tradeoff);
int compare(const std::vector<std::string>& files, const std::vector<std::string>& series,
            const std::string& at);
int validate(const std::vector<std::string>& scenarios, const std::vector<std::string>& sets);
int params(const std::string& model, bool markdown);
int models();
int inspect(const std::string& file);

// The built-in default scenario (scenarios/mali/default.yaml, embedded at build time).
extern const char* const kDefaultScenarioText;
extern const char* const kDefaultScenarioName;

}  // namespace sahelsim::cli
