// What every benchmark program reports about where it ran, and its option parsing helpers.
#pragma once

#include <sys/resource.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/version.hpp"

namespace sahelsim::bench {

// "a,b,c" -> {"a", "b", "c"}
inline std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, ',');) out.push_back(item);
  return out;
}

inline std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "unknown";
}

// Peak resident set size of this process so far.
inline double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Starts a new peak for peak_rss_since_reset_mib() (Linux: writing 5 to /proc/self/clear_refs
// resets VmHWM to the current resident set). False where that is not possible; then
// peak_rss_since_reset_mib() is the process's peak so far, like peak_rss_mib().
inline bool reset_peak_rss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

// Peak resident set size since the last reset_peak_rss() (VmHWM in /proc/self/status), so
// that configurations run one after another in one process each get their own peak.
inline double peak_rss_since_reset_mib() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return peak_rss_mib();
}

// Opens the JSON object every benchmark prints: its name and where it ran (engine version,
// commit, build, CPU, hardware threads), each line ending with a comma.
inline void print_environment(const char* benchmark, unsigned hardware_threads) {
  std::printf(
      "{\n  \"benchmark\": \"%s\",\n  \"engine_version\": \"%s\",\n  \"commit\": \"%s\",\n"
      "  \"build\": \"%s\",\n  \"cpu\": \"%s\",\n  \"hardware_threads\": %u,\n",
      benchmark, std::string(engine_version()).c_str(), std::string(git_commit()).c_str(),
      std::string(build_description()).c_str(), cpu_model().c_str(), hardware_threads);
}

}  // namespace sahelsim::bench
