// `sahelsim geo`: builds the geography of a scenario, prints a summary (cells, land, area,
// population by region against the census) and optionally writes it to an HDF5 file.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "geo/geography.hpp"
#include "io/geography_writer.hpp"
#include "io/scenario_loader.hpp"

namespace sahelsim::cli {

namespace {

constexpr double kMaliAreaKm2 = 1240192.0;  // CIA World Factbook (mali_facts §1.1)

std::string thousands(long long value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (value < 0 ? "-" : "") + out;
}

}  // namespace

int geo(const GeoOptions& options) {
  const GeographyScenario scenario = load_geography(options.scenario, {options.sets});
  const int year = scenario.start_year.value_or(census_year(scenario.geography));
  const auto started = std::chrono::steady_clock::now();
  const Geography g = build_geography(scenario.geography, year);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::int64_t home_cells = 0;
  double home_area = 0.0;
  for (std::int32_t c = 0; c < g.cells(); ++c) {
    if (g.country[static_cast<std::size_t>(c)] == g.home_country) {
      ++home_cells;
      home_area += g.area(c);
    }
  }
  const std::string& home = g.countries[g.home_country].name;
  std::printf("%s: geography (preset %s), %d x %d cells of %g deg, lon %g..%g, lat %g..%g\n",
              scenario.name.c_str(), g.preset.c_str(), g.width, g.height, g.ref.cell_deg,
              g.ref.west, g.ref.west + g.width * g.ref.cell_deg, g.ref.south,
              g.ref.south + g.height * g.ref.cell_deg);
  std::printf("cells %s, land cells %s, %s cells %s covering %s km2", thousands(g.cells()).c_str(),
              thousands(g.land_cells()).c_str(), home.c_str(), thousands(home_cells).c_str(),
              thousands(std::llround(home_area)).c_str());
  if (g.preset == "mali") {
    std::printf(" (official %s km2: %+.1f %%)", thousands(std::llround(kMaliAreaKm2)).c_str(),
                100.0 * (home_area / kMaliAreaKm2 - 1.0));
  }
  std::printf("\npopulation: %s, year %d\n\n", g.population_source.c_str(), g.year);
  std::printf(
      "%-12s %7s %11s %12s %12s %12s %12s\n", "region", "cells", "area km2", "official km2",
      g.preset == "synthetic" ? "people" : ("census " + std::to_string(g.census_year)).c_str(),
      ("target " + std::to_string(g.year)).c_str(), "on grid");
  std::int64_t cells = 0, census = 0, target = 0, population = 0;
  double area = 0.0, official = 0.0;
  for (std::size_t r = 1; r < g.regions.size(); ++r) {
    const Region& x = g.regions[r];
    std::printf(
        "%-12s %7lld %11s %12s %12s %12s %12s\n", x.name.c_str(), static_cast<long long>(x.cells),
        thousands(std::llround(x.area_km2)).c_str(),
        x.official_area_km2 > 0 ? thousands(std::llround(x.official_area_km2)).c_str() : "-",
        thousands(x.census).c_str(), thousands(x.target).c_str(), thousands(x.population).c_str());
    cells += x.cells;
    area += x.area_km2;
    official += x.official_area_km2;
    census += x.census;
    target += x.target;
    population += x.population;
  }
  std::printf("%-12s %7lld %11s %12s %12s %12s %12s\n", "total", static_cast<long long>(cells),
              thousands(std::llround(area)).c_str(), thousands(std::llround(official)).c_str(),
              thousands(census).c_str(), thousands(target).c_str(), thousands(population).c_str());
  if (g.regions[0].population != 0) {
    std::printf("%-12s %7lld %11s %12s %12s %12s %12s\n", "(elsewhere)",
                static_cast<long long>(g.regions[0].cells),
                thousands(std::llround(g.regions[0].area_km2)).c_str(), "-", "-", "-",
                thousands(g.regions[0].population).c_str());
  }
  std::int64_t river = 0, delta = 0;
  for (std::size_t c = 0; c < g.river.size(); ++c) {
    river += g.river[c];
    delta += g.delta[c];
  }
  std::printf(
      "\ntowns %zu, refugee camps %zu, border crossings %zu; riverine cells %lld, "
      "Inner Delta cells %lld\n",
      g.towns.size(), g.camps.size(), g.crossings.size(), static_cast<long long>(river),
      static_cast<long long>(delta));
  for (const auto& note : g.notes) std::printf("note: %s\n", note.c_str());
  std::printf("built in %.2f s\n", seconds);
  if (!options.output.empty()) {
    write_geography_file(options.output, g, scenario);
    std::printf("wrote %s\n", options.output.c_str());
  }
  return kExitOk;
}

}  // namespace sahelsim::cli
