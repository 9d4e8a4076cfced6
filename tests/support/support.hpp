// Helpers shared by the tests: paths, running the sahelsim executable, running scenarios
// in memory at a chosen thread count.
#pragma once

#include <cstdint>
#include <string>

#include "core/simulation.hpp"
#include "io/scenario_loader.hpp"

namespace sahelsim::test {

// The repository root (for scenarios/ and docs/).
[[nodiscard]] std::string source_dir();
// A fresh path under the build tree's test-tmp/ folder, unique to this process.
[[nodiscard]] std::string temp_path(const std::string& name);
// The whole content of a file ("" when it cannot be read).
[[nodiscard]] std::string read_file(const std::string& path);
// Writes text to a file (creating folders) and returns its path.
std::string write_file(const std::string& path, const std::string& text);

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs `sahelsim ARGS` (a shell word list) and captures exit code, stdout and stderr.
[[nodiscard]] CommandResult sahelsim(const std::string& args);
// Runs any shell command the same way.
[[nodiscard]] CommandResult shell(const std::string& command);
// "" when two results files hold the same datasets with the same shapes and values (root
// attributes, which hold times and provenance, and /scenario left out); else what differs.
// h5diff alone is not enough: it calls datasets whose shapes differ, or one of which is
// empty, "not comparable" and may still exit with 0; the listings of `h5ls -r` (every
// dataset with its shape) must agree too.
[[nodiscard]] std::string dataset_differences(const std::string& a, const std::string& b);
// A shell command for shell(): starts `command` in the background, waits (at most about 12
// s) until at least `count` paths match the glob `pattern`, then `delay` seconds more, sends
// `signal` (KILL, INT, TERM) and prints "exit=CODE". One brace group, so that shell()'s
// redirections take every part's output.
[[nodiscard]] std::string signal_when(const std::string& command, const std::string& pattern,
                                      int count, const std::string& signal,
                                      const std::string& delay = "0");

// Loads a scenario from YAML text against the built-in models.
[[nodiscard]] ScenarioSpec scenario(const std::string& yaml,
                                    const ScenarioOverrides& overrides = {});
// Loads a scenario file from the repository (path relative to its root).
[[nodiscard]] ScenarioSpec scenario_file(const std::string& relative,
                                         const ScenarioOverrides& overrides = {});
// Runs a scenario into memory with at most `threads` worker threads.
[[nodiscard]] MemorySink run(const ScenarioSpec& spec, int threads = 1);
// Runs a repository scenario file for seeds 1..n, each with `sets` and "seed=k" applied.
[[nodiscard]] std::vector<MemorySink> run_seeds(const std::string& relative,
                                                const std::vector<std::string>& sets, int n,
                                                int threads = 1);

// Checks (doctest CHECKs) that two runs recorded the same bits: times, series, regional
// series, maps and events.
void check_identical(const MemorySink& a, const MemorySink& b);

}  // namespace sahelsim::test
