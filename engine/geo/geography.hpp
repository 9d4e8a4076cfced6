// A geo-referenced world: per-cell country, Mali region, biome, river and Inner Delta flags,
// distances to the nearest border, town and river, and the initial population; plus the
// towns, refugee camps and border crossings placed on their cells (docs/geography.md).
//
// Built once, before a run, by build_geography() from the scenario's `geography:` section
// and geographic files read through GDAL/OGR. Plain data afterwards: models read it, the
// results writer stores it under /grid, /regions and /places.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/grid.hpp"
#include "core/params.hpp"

namespace sahelsim {

enum class Biome : std::uint8_t { none = 0, saharan = 1, sahelian = 2, sudanian = 3 };
inline constexpr const char* kBiomeNames[] = {"none", "saharan", "sahelian", "sudanian"};

struct Country {
  std::string code;  // ISO 3166 alpha-3 ("" for index 0: no country)
  std::string name;
};

struct Region {
  std::string name;                // census name, ASCII ("Segou", "Tombouctou", ...)
  std::string iso;                 // ISO 3166-2 code
  std::int64_t census = 0;         // people at the census (its year)
  std::int64_t target = 0;         // people in the geography's year (census grown)
  std::int64_t population = 0;     // people on the region's cells
  std::int64_t cells = 0;          // cells of the region
  double area_km2 = 0.0;           // area of those cells
  double official_area_km2 = 0.0;  // from the census table (0 when unknown)
};

// A point placed on the grid.
struct Place {
  std::string name;
  double lon = 0.0;
  double lat = 0.0;
  std::int32_t cell = -1;       // -1: outside the grid
  std::uint8_t region = 0;      // Mali region index of `cell` (0: none)
  std::int64_t population = 0;  // people (towns; 0 when unknown)
  std::string note;             // e.g. why the town is not on the cell of its point
};

struct Geography {
  GeoReference ref;
  int width = 0;
  int height = 0;
  std::string preset;  // "mali" | "synthetic"
  int census_year = 0;
  int year = 0;  // the year the population stands for
  std::string population_source;

  std::vector<Country> countries;  // index 0: no country
  std::vector<Region> regions;     // index 0: outside Mali (name "")
  std::uint8_t home_country = 0;   // the country the regions subdivide (Mali)

  std::vector<double> lon;       // W: longitude of cell centres by column
  std::vector<double> lat;       // H: latitude of cell centres by row (row 0 southern-most)
  std::vector<double> row_area;  // H: area of one cell of each row, km² (sphere)

  // Per cell, row-major (cell = y * width + x).
  std::vector<std::uint8_t> country;  // index into countries
  std::vector<std::uint8_t> region;   // index into regions (0 outside Mali)
  std::vector<std::uint8_t> biome;    // Biome
  std::vector<std::uint8_t> river;    // 1: riverine (within river_km of the Niger)
  std::vector<std::uint8_t> delta;    // 1: Inner Niger Delta
  std::vector<float> border_km;       // to the nearest international border (NaN: no country)
  std::vector<float> town_km;         // to the nearest town
  std::vector<float> river_km;        // to the Niger's centre line
  std::vector<std::int64_t> population;

  std::vector<Place> towns;
  std::vector<Place> camps;
  std::vector<Place> crossings;
  std::vector<std::string> notes;  // things worth telling the user (towns moved, ...)

  [[nodiscard]] std::int32_t cells() const { return width * height; }
  [[nodiscard]] double area(std::int32_t cell) const {
    return row_area[static_cast<std::size_t>(cell / width)];
  }
  [[nodiscard]] Grid grid() const { return Grid(width, height, Topology::bounded, ref); }
  // The cell containing (lon, lat), or -1 outside the grid.
  [[nodiscard]] std::int32_t cell_at(double lon, double lat) const;
  [[nodiscard]] std::int64_t total_population() const;
  [[nodiscard]] std::int64_t land_cells() const;  // cells of any country
};

// Builds the world from the `geography.*` parameters for `year` (the year of the scenario's
// calendar.start; the census year when the scenario has no calendar). Relative layer
// paths are resolved from the directory of the scenario file that set them. Throws
// UserError for bad input (a missing or unreadable file, a wrong CRS, an empty layer, a
// region name that is not in the census table, ...), naming the file and the key.
[[nodiscard]] Geography build_geography(const ParamSet& params, int year);

// The year build_geography uses when the scenario has no calendar.
[[nodiscard]] int census_year(const ParamSet& params);

}  // namespace sahelsim
