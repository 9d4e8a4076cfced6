// Time to build the Mali geography (read the embedded layers through GDAL, rasterize,
// distances, census allocation) at several cell sizes and thread counts. Prints JSON with
// the environment (commit, compiler, CPU) so figures can be compared honestly.
//
//   bench_geo [--cells 0.25,0.1,0.05] [--threads 1,N] [--repeat 5]
//
// Each configuration is built `repeat` times after one untimed build (GDAL driver
// registration, the embedded files); the figures are the median and the minimum.
#include <oneapi/tbb/global_control.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../bench_common.hpp"
#include "core/geography_schema.hpp"
#include "core/version.hpp"
#include "geo/geography.hpp"

using namespace sahelsim;
using bench::peak_rss_mib;
using bench::split;

int main(int argc, char** argv) {
  const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::string> cells = {"0.25", "0.1", "0.05"};
  std::vector<std::string> threads = {"1", std::to_string(hardware)};
  int repeat = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string option = argv[i];
    if (option == "--cells") {
      cells = split(argv[i + 1]);
    } else if (option == "--threads") {
      threads = split(argv[i + 1]);
    } else if (option == "--repeat") {
      repeat = std::max(1, std::stoi(argv[i + 1]));
    } else {
      std::fprintf(stderr,
                   "usage: bench_geo [--cells 0.25,0.1,0.05] [--threads 1,N] [--repeat 5]\n");
      return 2;
    }
  }
  bench::print_environment("geography", hardware);
  std::printf("  \"repeat\": %d,\n  \"results\": [\n", repeat);
  bool first = true;
  for (const auto& cell : cells) {
    for (const auto& t : threads) {
      const int n_threads = std::stoi(t);
      tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                                static_cast<std::size_t>(n_threads));
      ParamSet params(geography_schema());
      params.set(params.index("geography.cell_deg"), std::stod(cell));
      Geography g = build_geography(params, 2012);  // untimed
      std::vector<double> seconds;
      for (int r = 0; r < repeat; ++r) {
        const auto start = std::chrono::steady_clock::now();
        g = build_geography(params, 2012);
        seconds.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      }
      std::sort(seconds.begin(), seconds.end());
      std::printf(
          "%s    {\"cell_deg\": %s, \"threads\": %d, \"width\": %d, \"height\": %d, "
          "\"cells\": %d, \"median_seconds\": %.4f, \"min_seconds\": %.4f, "
          "\"ns_per_cell\": %.0f, \"population\": %lld, \"peak_rss_mib\": %.1f}",
          first ? "" : ",\n", cell.c_str(), n_threads, g.width, g.height, g.cells(),
          seconds[seconds.size() / 2], seconds.front(),
          1e9 * seconds[seconds.size() / 2] / g.cells(),
          static_cast<long long>(g.total_population()), peak_rss_mib());
      std::fflush(stdout);
      first = false;
    }
  }
  std::printf("\n  ]\n}\n");
  return 0;
}
