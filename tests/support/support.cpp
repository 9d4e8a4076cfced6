#include "support.hpp"

#include <doctest/doctest.h>
#include <oneapi/tbb/global_control.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "registry.hpp"

namespace sahelsim::test {

namespace fs = std::filesystem;

std::string source_dir() {
  return SAHELSIM_SOURCE_DIR;
}

std::string temp_path(const std::string& name) {
  const fs::path dir = fs::path(SAHELSIM_TEST_TMP) / std::to_string(getpid());
  fs::create_directories(dir);
  return (dir / name).string();
}

std::string write_file(const std::string& path, const std::string& text) {
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) fs::create_directories(parent);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

CommandResult shell(const std::string& command) {
  static int counter = 0;
  const std::string base = temp_path("command-" + std::to_string(counter++));
  const std::string full = command + " >" + base + ".out 2>" + base + ".err";
  const int status = std::system(full.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(base + ".out");
  result.err = read_file(base + ".err");
  return result;
}

std::string dataset_differences(const std::string& a, const std::string& b) {
  const auto listing = [](const std::string& file) {
    return shell("h5ls -r " + file + " | grep -v '^/scenario'").out;
  };
  const std::string la = listing(a), lb = listing(b);
  const auto r = shell("h5diff --exclude-attribute / --exclude-path /scenario " + a + " " + b);
  if (!la.empty() && la == lb && r.exit_code == 0) return "";
  return "h5ls -r " + a + ":\n" + la + "h5ls -r " + b + ":\n" + lb + "h5diff:\n" + r.out + r.err;
}

std::string signal_when(const std::string& command, const std::string& pattern, int count,
                        const std::string& signal, const std::string& delay) {
  return "{ " + command + " & pid=$!; for i in $(seq 1 600); do n=$(ls -d " + pattern +
         " 2>/dev/null | wc -l); [ \"$n\" -ge " + std::to_string(count) +
         " ] && break; sleep 0.02; done; sleep " + delay + "; kill -" + signal +
         " $pid; wait $pid; echo \"exit=$?\"; }";
}

CommandResult sahelsim(const std::string& args) {
  return shell(std::string("cd ") + SAHELSIM_SOURCE_DIR + " && " + SAHELSIM_BINARY + " " + args);
}

ScenarioSpec scenario(const std::string& yaml, const ScenarioOverrides& overrides) {
  return load_scenario_text(yaml, "test.yaml", builtin_models(), overrides);
}

ScenarioSpec scenario_file(const std::string& relative, const ScenarioOverrides& overrides) {
  return load_scenario(source_dir() + "/" + relative, builtin_models(), overrides);
}

MemorySink run(const ScenarioSpec& spec, int threads) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads));
  MemorySink sink;
  run_simulation(*builtin_models().find(spec.model), spec, sink);
  return sink;
}

std::vector<MemorySink> run_seeds(const std::string& relative, const std::vector<std::string>& sets,
                                  int n, int threads) {
  std::vector<MemorySink> runs;
  for (int seed = 1; seed <= n; ++seed) {
    ScenarioOverrides overrides{sets};
    overrides.sets.push_back("seed=" + std::to_string(seed));
    runs.push_back(run(scenario_file(relative, overrides), threads));
  }
  return runs;
}

namespace {

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

}  // namespace

void check_identical(const MemorySink& a, const MemorySink& b) {
  REQUIRE(a.times == b.times);
  REQUIRE(a.series.size() == b.series.size());
  for (std::size_t s = 0; s < a.series.size(); ++s) {
    CAPTURE(a.names[s]);
    CHECK(same_bits(a.series[s], b.series[s]));
  }
  REQUIRE(a.regional.size() == b.regional.size());
  for (std::size_t k = 0; k < a.regional.size(); ++k)
    CHECK(same_bits(a.regional[k], b.regional[k]));
  REQUIRE(a.maps.size() == b.maps.size());
  for (std::size_t m = 0; m < a.maps.size(); ++m) {
    REQUIRE(a.maps[m].size() == b.maps[m].size());
    for (std::size_t k = 0; k < a.maps[m].size(); ++k) {
      CHECK(same_bits(a.maps[m][k].u8, b.maps[m][k].u8));
      CHECK(same_bits(a.maps[m][k].f32, b.maps[m][k].f32));
    }
  }
  REQUIRE(a.event_log.size() == b.event_log.size());
  for (std::size_t e = 0; e < a.event_log.size(); ++e) {
    const Event& x = a.event_log[e];
    const Event& y = b.event_log[e];
    REQUIRE((x.step == y.step && x.kind == y.kind && x.cell == y.cell && x.actor == y.actor &&
             x.target == y.target && x.count == y.count));
  }
}

}  // namespace sahelsim::test
