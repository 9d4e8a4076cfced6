// What every benchmark program reports about where it ran, and its option parsing helpers.
#pragma once

#include <sys/resource.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

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

}  // namespace sahelsim::bench
