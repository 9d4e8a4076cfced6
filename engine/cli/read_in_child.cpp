// The commands that read results files run in a child process (commands.hpp).
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "commands.hpp"

namespace sahelsim::cli {

int read_in_child(const std::vector<std::string>& files, const std::function<int()>& body) {
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) return body();  // no child to be had: read here
  if (pid == 0) {
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
