// The commands that read results files run in a child process (commands.hpp).
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "commands.hpp"
#include "io/results_reader.hpp"

namespace sahelsim::cli {

namespace {

// Files that open but are not complete (an interrupted or failed run, a sweep stopped half
// way): the command goes on with what they hold, and says so first.
void warn_incomplete(const std::vector<std::string>& files) {
  for (const auto& file : files) {
    try {
      const ResultsFile results(file);
      if (results.complete()) continue;
      std::string what = "the run or sweep was interrupted or failed";
      const auto names = results.attribute_names();
      const auto has = [&](const char* name) {
        return std::find(names.begin(), names.end(), name) != names.end();
      };
      if (has("steps_done") && has("steps")) {
        what = "the run stopped after step " + results.attribute("steps_done") + " of " +
               results.attribute("steps");
      }
      std::cerr << "warning: " << file << ": incomplete results file (" << what
                << "); what follows covers only what it holds\n";
    } catch (...) {
      // Damaged or not a results file: the command itself says so.
    }
  }
}

}  // namespace

int read_in_child(const std::vector<std::string>& files, const std::function<int()>& body) {
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) return body();  // no child to be had: read here
  if (pid == 0) {
    warn_incomplete(files);
    const int code = body();
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    std::_Exit(code);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return kExitFailure;
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  const int signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  if (signal == SIGINT || signal == SIGTERM) return kExitInterrupted;
  std::string names;
  for (const auto& f : files) names.append(names.empty() ? "" : ", ").append(f);
  std::cerr << names << ": damaged results file: the HDF5 library failed while reading it ("
            << (signal != 0 ? strsignal(signal) : "unknown failure")
            << "; expected a results file written by sahelsim)\n";
  return kExitUserError;
}

}  // namespace sahelsim::cli
