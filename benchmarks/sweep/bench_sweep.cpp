// Sweep throughput: runs per minute of the teaching scenario (scenarios/teaching/
// rebellion.yaml, its own length and size) through the local executor, for several worker
// thread counts, with every run written to its own HDF5 file and the index summarised.
// Prints JSON with the environment.
//
//   bench_sweep [--runs 24] [--threads 1,N] [--dir /tmp/sahelsim-bench-sweep]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "../bench_common.hpp"
#include "core/version.hpp"
#include "experiment/executor.hpp"
#include "registry.hpp"

using namespace sahelsim;
using bench::peak_rss_mib;
using bench::split;

int main(int argc, char** argv) {
  const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
  int runs = 24;
  std::vector<std::string> threads = {"1", std::to_string(hardware)};
  std::string dir = (std::filesystem::temp_directory_path() / "sahelsim-bench-sweep").string();
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string option = argv[i];
    if (option == "--runs") {
      runs = std::max(1, std::stoi(argv[i + 1]));
    } else if (option == "--threads") {
      threads = split(argv[i + 1]);
    } else if (option == "--dir") {
      dir = argv[i + 1];
    } else {
      std::fprintf(stderr, "usage: bench_sweep [--runs 24] [--threads 1,N] [--dir DIR]\n");
      return 2;
    }
  }
  const std::string source = SAHELSIM_SOURCE_DIR;
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/bench.yaml";
  std::ofstream(path) << "name: bench\nbase: " << source
                      << "/scenarios/teaching/rebellion.yaml\nseed: 1\nreplicates: " << runs
                      << "\n";
  const SweepSpec spec = load_sweep(path, builtin_models());
  bench::print_environment("sweep", hardware);
  std::printf("  \"scenario\": \"scenarios/teaching/rebellion.yaml\",\n  \"results\": [\n");
  bool first = true;
  for (const auto& t : threads) {
    SweepOptions options;
    options.output_dir = dir + "/out-" + t;
    options.threads = std::stoi(t);
    options.overwrite = true;
    const auto start = std::chrono::steady_clock::now();
    const SweepReport report = run_sweep(spec, builtin_models(), options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf(
        "%s    {\"threads\": %s, \"runs\": %zu, \"failed\": %zu, \"seconds\": %.3f, "
        "\"runs_per_minute\": %.1f, \"peak_rss_mib\": %.1f}",
        first ? "" : ",\n", t.c_str(), report.finished, report.failed.size(), seconds,
        60.0 * static_cast<double>(report.finished) / seconds, peak_rss_mib());
    std::fflush(stdout);
    first = false;
  }
  std::printf("\n  ]\n}\n");
  return 0;
}
