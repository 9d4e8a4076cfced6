// build_geography: from the `geography.*` parameters to a Geography (docs/geography.md).
//
// Steps: read the layers (preset data or the user's files) -> lay out the grid and a finer
// sampling lattice (k x k points per cell) -> rasterize country and region polygons on the
// lattice and give each cell its majority -> biome by latitude -> distances to borders,
// towns and the river on the lattice -> place towns, camps and crossings -> allocate each
// region's census population exactly over its cells (or take a user raster).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include <ogr_api.h>

#include "allocate.hpp"
#include "core/errors.hpp"
#include "embedded_data.hpp"
#include "gdal_io.hpp"
#include "geography.hpp"
#include "lattice.hpp"

namespace sahelsim {

namespace fs = std::filesystem;
using geo::Lattice;

std::int32_t Geography::cell_at(double longitude, double latitude) const {
  const double fx = std::floor((longitude - ref.west) / ref.cell_deg);
  const double fy = std::floor((latitude - ref.south) / ref.cell_deg);
  if (!(fx >= 0 && fx < width && fy >= 0 && fy < height)) return -1;
  return static_cast<std::int32_t>(fy) * width + static_cast<std::int32_t>(fx);
}

std::int64_t Geography::total_population() const {
  std::int64_t total = 0;
  for (auto p : population) total += p;
  return total;
}

std::int64_t Geography::land_cells() const {
  return std::count_if(country.begin(), country.end(), [](std::uint8_t c) { return c != 0; });
}

int census_year(const ParamSet& params) {
  return params.text("geography.census") == "2022" ? 2022 : 2009;
}

namespace {

constexpr std::size_t kMaxCells = 4'000'000;
constexpr std::size_t kMaxLattice = 40'000'000;

std::size_t idx(std::int64_t i) {
  return static_cast<std::size_t>(i);
}

// One region of the census table.
struct CensusRow {
  std::string name;
  std::string parent;        // Ménaka, Taoudénit: the historical region they belong to
  std::string polygon_name;  // name in the preset's polygons ("" for split-off regions)
  std::string iso;
  double capital_lon = 0.0;
  double capital_lat = 0.0;
  double official_area = 0.0;
  std::int64_t pop_2009 = 0;
  std::int64_t pop_2022 = 0;
};

struct PointRow {
  std::string name;
  std::string region;       // census region name ("" when unknown)
  std::string region_2016;  // with the 2016 regions (the pre-2016 region when not given)
  bool region_2016_given = false;
  double lon = 0.0;
  double lat = 0.0;
  std::int64_t population = 0;
  int population_year = 2009;
  std::string note;
};

// Everything the builder reads, whichever preset or files it came from.
struct Sources {
  std::string home = "MLI";
  std::vector<geo::Geometry> countries;
  std::vector<std::size_t> country_of_polygon;  // index into country_info, per polygon
  std::vector<Country> country_info;            // one per distinct code
  double home_west = 0, home_east = 0, home_south = 0, home_north = 0;  // Mali's envelope
  std::string countries_shown;
  std::vector<geo::Geometry> regions;
  std::vector<std::string> region_of_polygon;  // census name of each polygon
  std::string regions_shown;
  std::vector<geo::Geometry> river;
  std::vector<geo::Geometry> branches;  // extra channels for the delta flag
  std::vector<CensusRow> census;
  std::vector<PointRow> towns, camps, crossings;
  geo::Input towns_input;  // where the towns came from (for errors)
  std::vector<std::string> notes;
  bool synthetic = false;
};

geo::Input user_input(const ParamSet& params, const std::string& key) {
  return {params.path(key), params.path(key), key};
}

geo::Input builtin(const std::string& name) {
  return {geo::embedded_path(name), "data/" + name + " (built in)", "geography.preset"};
}

double to_double(const std::string& text, double fallback) {
  if (text.empty()) return fallback;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  return (end != nullptr && *end == '\0' && std::isfinite(value)) ? value : fallback;
}

std::vector<CensusRow> read_census(const geo::Input& input) {
  std::vector<CensusRow> out;
  for (const auto& row : geo::read_table(input)) {
    CensusRow c;
    c.name = row.at("region");
    c.parent = row.at("parent");
    c.polygon_name = row.at("polygon_name");
    c.iso = row.at("iso3166_2");
    c.capital_lat = to_double(row.at("capital_lat"), 0.0);
    c.capital_lon = to_double(row.at("capital_lon"), 0.0);
    c.official_area = to_double(row.at("area_km2_official"), 0.0);
    c.pop_2009 = std::llround(to_double(row.at("pop_2009"), 0.0));
    c.pop_2022 = std::llround(to_double(row.at("pop_2022"), 0.0));
    out.push_back(std::move(c));
  }
  return out;
}

// The first of `names` the feature has (Shapefiles cut attribute names to 10 characters,
// so longer names have short aliases).
std::string any_field(const geo::Feature& f, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (f.fields.count(name) != 0) return f.field(name);
  }
  return {};
}

// Points with name, region and population attributes (towns) or just names (camps, ...).
// Population and its year are optional (empty: 0 people, counted in 2009); a value that is
// not a number is an error naming the row.
std::vector<PointRow> read_points(const geo::Input& input, const std::string& name_field,
                                  std::vector<std::string>& notes) {
  const geo::VectorLayer layer = geo::read_vector(input, geo::Shape::points);
  geo::require_field(layer, name_field, input.key);
  std::vector<PointRow> out;
  const auto bad = [&](const std::string& name, const std::string& what) {
    throw UserError(Location{input.shown, 0, 0}, input.key, name + ": " + what);
  };
  for (const auto& f : layer.features) {
    PointRow p;
    p.name = f.field(name_field);
    p.region = f.field("region");
    p.region_2016 = any_field(f, {"region_2016", "region_201", "region16"});
    p.region_2016_given = !p.region_2016.empty();
    if (p.region_2016.empty()) p.region_2016 = p.region;
    const std::string population = f.field("population");
    const double people = to_double(population, std::nan(""));
    if (!population.empty() && !(std::isfinite(people) && people >= 0.0 && people < 1e10)) {
      bad(p.name, "population is not a number of people (expected a number >= 0, got '" +
                      population + "')");
    }
    p.population = population.empty() ? 0 : std::llround(people);
    const std::string year = any_field(f, {"population_year", "pop_year"});
    const double y = to_double(year, std::nan(""));
    if (!year.empty() && !(y >= 1900 && y <= 2100 && y == std::floor(y))) {
      bad(p.name, "population_year is not a year (expected 1900..2100, got '" + year + "')");
    }
    p.population_year = year.empty() ? 2009 : static_cast<int>(y);
    p.note = f.field("note");
    p.lon = OGR_G_GetX(f.handle(), 0);
    p.lat = OGR_G_GetY(f.handle(), 0);
    out.push_back(std::move(p));
  }
  if (layer.skipped > 0) {
    notes.push_back(input.shown + ": " + std::to_string(layer.skipped) +
                    " row(s) without coordinates left out");
  }
  return out;
}

void read_mali(const ParamSet& params, bool split, Sources& s) {
  s.census = read_census(builtin("mali/tables/census.csv"));
  // Countries.
  {
    const bool user = !params.text("geography.layers.countries").empty();
    const geo::Input input =
        user ? user_input(params, "geography.layers.countries")
             : builtin("mali/boundaries/ne50m_admin0_mali_and_neighbours.geojson");
    const std::string field = params.text("geography.layers.country_field");
    geo::VectorLayer layer = geo::read_vector(input, geo::Shape::polygons);
    geo::require_field(layer, field, "geography.layers.country_field");
    // Several features may share a code (a country in pieces): they are one country.
    bool has_home = false;
    for (auto& f : layer.features) {
      const std::string code = f.field(field);
      std::string name = f.field("name");
      if (name.empty()) name = code;
      std::size_t index = s.country_info.size();
      for (std::size_t i = 0; i < s.country_info.size(); ++i) {
        if (s.country_info[i].code == code) index = i;
      }
      if (index == s.country_info.size()) s.country_info.push_back({code, name});
      if (code == s.home) {
        OGREnvelope e;
        OGR_G_GetEnvelope(f.handle(), &e);
        s.home_west = has_home ? std::min(s.home_west, e.MinX) : e.MinX;
        s.home_east = has_home ? std::max(s.home_east, e.MaxX) : e.MaxX;
        s.home_south = has_home ? std::min(s.home_south, e.MinY) : e.MinY;
        s.home_north = has_home ? std::max(s.home_north, e.MaxY) : e.MaxY;
        has_home = true;
      }
      s.country_of_polygon.push_back(index);
      s.countries.push_back(std::move(f.geometry));
    }
    if (!has_home) {
      throw UserError(Location{input.shown, 0, 0}, input.key,
                      "no polygon of Mali (expected a feature with " + field + " = 'MLI')");
    }
    if (s.country_info.size() > 250) {
      throw UserError(Location{input.shown, 0, 0}, input.key,
                      "too many countries (expected at most 250 distinct " + field +
                          " codes, got " + std::to_string(s.country_info.size()) + ")");
    }
    s.countries_shown = input.shown;
  }
  // Regions: every polygon must name a census region.
  {
    const bool user = !params.text("geography.layers.regions").empty();
    const geo::Input input = user
                                 ? user_input(params, "geography.layers.regions")
                                 : builtin("mali/boundaries/ne10m_admin1_mali_2015regions.geojson");
    const std::string field = params.text("geography.layers.region_field");
    geo::VectorLayer layer = geo::read_vector(input, geo::Shape::polygons);
    geo::require_field(layer, field, "geography.layers.region_field");
    // With the 2016 division, a layer may hold Ménaka and Taoudénit polygons of its own.
    std::vector<std::string> valid;
    for (const auto& c : s.census) {
      if (c.parent.empty() || split) valid.push_back(c.name);
    }
    for (auto& f : layer.features) {
      const std::string name = f.field(field);
      std::string region;
      for (const auto& c : s.census) {
        if ((c.parent.empty() || split) && (name == c.name || name == c.polygon_name)) {
          region = c.name;
        }
      }
      if (region.empty()) {
        throw UserError(
            Location{input.shown, 0, 0}, input.key,
            "region '" + name + "' is not in the census table" + suggestion(name, valid));
      }
      s.region_of_polygon.push_back(region);
      s.regions.push_back(std::move(f.geometry));
    }
    s.regions_shown = input.shown;
  }
  // The Niger (main channel) and, for the delta, its side branches.
  {
    const bool user = !params.text("geography.layers.river").empty();
    const geo::Input input = user ? user_input(params, "geography.layers.river")
                                  : builtin("mali/river/niger_river_ne50m.geojson");
    geo::VectorLayer layer = geo::read_vector(input, geo::Shape::lines);
    for (std::size_t i = 0; i < layer.features.size(); ++i) {
      // In the preset file the first feature is the main channel, the second the branches.
      auto& target = (!user && i > 0) ? s.branches : s.river;
      target.push_back(std::move(layer.features[i].geometry));
    }
  }
  {
    const bool user = !params.text("geography.layers.towns").empty();
    const geo::Input input =
        user ? user_input(params, "geography.layers.towns") : builtin("mali/tables/towns.csv");
    s.towns = read_points(input, "name", s.notes);
    s.towns_input = input;
  }
  s.camps = read_points(builtin("mali/tables/refugee_camps.csv"), "camp", s.notes);
  s.crossings = read_points(builtin("mali/tables/border_crossings.csv"), "mali_side", s.notes);
}

// The teaching world: 8 x 8 degrees with a north-south aridity gradient (the same biome
// bands as Mali), a river bending like the Niger with a small inland delta, three regions,
// five towns, a neighbour to the east with a refugee camp, and one border crossing.
void make_synthetic(const ParamSet& params, Sources& s) {
  s.synthetic = true;
  s.home = "SAH";
  s.countries.push_back(
      geo::geometry_from_wkt("POLYGON ((0 11,6.5 11,6.2 13,6.8 15,6.4 17,6.6 19,0 19,0 11))"));
  s.country_info.push_back({"SAH", "Sahelia"});
  s.country_of_polygon.push_back(0);
  s.home_west = 0.0, s.home_east = 6.8, s.home_south = 11.0, s.home_north = 19.0;
  s.countries.push_back(
      geo::geometry_from_wkt("POLYGON ((6.5 11,8 11,8 19,6.6 19,6.4 17,6.8 15,6.2 13,6.5 11))"));
  s.country_info.push_back({"EAS", "Eastland"});
  s.country_of_polygon.push_back(1);
  const char* boxes[] = {"POLYGON ((0 11,8 11,8 13.5,0 13.5,0 11))",
                         "POLYGON ((0 13.5,8 13.5,8 16.3,0 16.3,0 13.5))",
                         "POLYGON ((0 16.3,8 16.3,8 19,0 19,0 16.3))"};
  const char* names[] = {"South", "Centre", "North"};
  const double shares[] = {0.55, 0.38, 0.07};
  const std::int64_t total = params.integer("geography.synthetic.population");
  std::vector<double> weights(shares, shares + 3);
  const auto totals = geo::apportion(total, weights);
  const double capitals[3][2] = {{1.3, 11.9}, {2.9, 14.7}, {3.0, 18.0}};
  for (int r = 0; r < 3; ++r) {
    s.regions.push_back(geo::geometry_from_wkt(boxes[r]));
    s.region_of_polygon.push_back(names[r]);
    CensusRow c;
    c.name = names[r];
    c.iso = std::string("SAH-") + static_cast<char>('1' + r);
    c.capital_lon = capitals[r][0];
    c.capital_lat = capitals[r][1];
    c.pop_2009 = c.pop_2022 = totals[idx(r)];
    s.census.push_back(c);
  }
  s.river.push_back(geo::geometry_from_wkt(
      "LINESTRING (0.4 11,1.1 11.8,2.0 13.0,2.7 14.3,3.2 15.2,3.9 16.0,4.6 16.4,5.4 16.1,"
      "6.0 15.6,6.6 15.0,7.3 14.4,8 13.9)"));
  s.branches.push_back(geo::geometry_from_wkt("LINESTRING (2.7 14.3,2.6 15.0,3.0 15.6,3.9 16.0)"));
  // Towns: shares of their region's people.
  struct TownSpec {
    const char* name;
    int region;
    double lon, lat, share;
  };
  const TownSpec towns[] = {{"Capital", 0, 1.3, 11.9, 0.30},
                            {"Rivertown", 1, 2.9, 14.7, 0.12},
                            {"Deltaville", 1, 3.25, 15.45, 0.06},
                            {"Borderpost", 1, 6.3, 14.6, 0.04},
                            {"Oasis", 2, 3.0, 18.0, 0.30}};
  for (const auto& t : towns) {
    PointRow p;
    p.name = t.name;
    p.region = p.region_2016 = names[t.region];
    p.lon = t.lon;
    p.lat = t.lat;
    p.population = std::llround(t.share * static_cast<double>(totals[idx(t.region)]));
    s.towns.push_back(p);
  }
  const auto point = [](const char* name, double lon, double lat) {
    PointRow p;
    p.name = name;
    p.lon = lon;
    p.lat = lat;
    return p;
  };
  s.camps.push_back(point("East camp", 7.3, 15.2));
  s.crossings.push_back(point("Borderpost crossing", 6.45, 14.6));
  s.towns_input = {"", "(synthetic world)", "geography.preset"};
}

// Which setting keys a preset ignores; setting them is an error rather than a surprise.
void refuse_keys(const ParamSet& params, const std::vector<std::string>& keys,
                 const std::string& why) {
  DiagnosticList problems;
  for (const auto& key : keys) {
    const Location& origin = params.origin(params.index(key));
    if (origin.known()) problems.add(origin, key, why);
  }
  problems.throw_if_any();
}

int odd_samples(double cell, double detail) {
  const int k = static_cast<int>(std::lround((cell / detail - 1.0) / 2.0)) * 2 + 1;
  return std::max(1, k);
}

// The value held by most points of each cell (ties: the lower value).
std::vector<std::uint8_t> majority(const std::vector<std::uint16_t>& fine, int width, int height,
                                   int k, int values, bool ignore_zero) {
  std::vector<std::uint8_t> out(idx(width) * idx(height), 0);
  const int fine_width = width * k;
  std::vector<int> count(idx(values) + 1);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      std::fill(count.begin(), count.end(), 0);
      for (int j = 0; j < k; ++j) {
        const std::size_t row = idx(y * k + j) * idx(fine_width);
        for (int i = 0; i < k; ++i) ++count[fine[row + idx(x * k + i)]];
      }
      int best = ignore_zero ? -1 : 0;
      int best_count = ignore_zero ? 0 : count[0];
      for (int v = 1; v <= values; ++v) {
        if (count[idx(v)] > best_count) {
          best = v;
          best_count = count[idx(v)];
        }
      }
      out[idx(y) * idx(width) + idx(x)] = static_cast<std::uint8_t>(std::max(best, 0));
    }
  }
  return out;
}

// The point of the lattice at the centre of each cell (k odd).
std::size_t centre_point(int x, int y, int k, int fine_width) {
  return idx(y * k + k / 2) * idx(fine_width) + idx(x * k + k / 2);
}

std::vector<OGRGeometryH> handles(const std::vector<geo::Geometry>& geometries) {
  std::vector<OGRGeometryH> out;
  for (const auto& g : geometries) out.push_back(g.get());
  return out;
}

}  // namespace

Geography build_geography(const ParamSet& params, int year) {
  geo::gdal_init();
  Geography g;
  g.preset = params.text("geography.preset");
  const bool synthetic = g.preset == "synthetic";
  const bool split = params.text("geography.regions") == "2016";

  Sources s;
  if (synthetic) {
    refuse_keys(params,
                {"geography.west", "geography.east", "geography.south", "geography.north",
                 "geography.census", "geography.regions", "geography.menaka_east_of",
                 "geography.taoudenit_north_of", "geography.delta.west", "geography.delta.east",
                 "geography.delta.south", "geography.delta.north", "geography.layers.countries",
                 "geography.layers.regions", "geography.layers.river", "geography.layers.towns",
                 "geography.layers.country_field", "geography.layers.region_field",
                 "geography.growth_rate"},
                "applies to preset mali only (the synthetic world has a fixed layout)");
    make_synthetic(params, s);
  } else {
    refuse_keys(params, {"geography.synthetic.population"}, "applies to preset synthetic only");
    read_mali(params, split, s);
  }

  // ---- The grid and the sampling lattice.
  const double cell = params.real("geography.cell_deg");
  double west = params.real("geography.west"), east = params.real("geography.east");
  double south = params.real("geography.south"), north = params.real("geography.north");
  if (synthetic) {
    west = 0.0, east = 8.0, south = 11.0, north = 19.0;
  } else {
    DiagnosticList problems;
    // Reported where the user wrote one of the two (the other may be a default).
    const auto where = [&](const char* a, const char* b) {
      const Location& first = params.origin(params.index(a));
      return first.known() ? first : params.origin(params.index(b));
    };
    if (!(east > west)) {
      problems.add(where("geography.east", "geography.west"), "geography.east",
                   "not east of geography.west (expected east > west, got east " +
                       format_value(east) + ", west " + format_value(west) + ")");
    }
    if (!(north > south)) {
      problems.add(where("geography.north", "geography.south"), "geography.north",
                   "not north of geography.south (expected north > south, got north " +
                       format_value(north) + ", south " + format_value(south) + ")");
    }
    problems.throw_if_any();
  }
  g.width = static_cast<int>(std::ceil((east - west) / cell - 1e-9));
  g.height = static_cast<int>(std::ceil((north - south) / cell - 1e-9));
  if (idx(g.width) * idx(g.height) > kMaxCells) {
    throw UserError(params.origin(params.index("geography.cell_deg")), "geography.cell_deg",
                    "grid too large (" + std::to_string(g.width) + " x " +
                        std::to_string(g.height) + " cells; expected at most " +
                        std::to_string(kMaxCells) + ": use larger cells or a smaller box)");
  }
  g.ref = GeoReference{west, south, cell};
  const int k = odd_samples(cell, params.real("geography.detail_deg"));
  const Lattice lattice{west, south, cell / k, g.width * k, g.height * k};
  if (lattice.size() > kMaxLattice) {
    throw UserError(params.origin(params.index("geography.detail_deg")), "geography.detail_deg",
                    "sampling lattice too large (" + std::to_string(lattice.size()) +
                        " points; expected at most " + std::to_string(kMaxLattice) +
                        ": raise detail_deg)");
  }
  const std::size_t n = idx(g.width) * idx(g.height);
  for (int x = 0; x < g.width; ++x) g.lon.push_back(west + (x + 0.5) * cell);
  for (int y = 0; y < g.height; ++y) {
    g.lat.push_back(south + (y + 0.5) * cell);
    g.row_area.push_back(geo::box_area_km2(south + y * cell, south + (y + 1) * cell, cell));
  }

  // ---- Countries: majority of the lattice points in each cell.
  g.countries.push_back({"", ""});
  for (auto& c : s.country_info) g.countries.push_back(c);
  for (std::size_t i = 1; i < g.countries.size(); ++i) {
    if (g.countries[i].code == s.home) g.home_country = static_cast<std::uint8_t>(i);
  }
  std::vector<double> burn;
  for (std::size_t i : s.country_of_polygon) burn.push_back(static_cast<double>(i + 1));
  const std::vector<std::uint16_t> fine_country =
      geo::rasterize(lattice, handles(s.countries), burn, false);
  g.country =
      majority(fine_country, g.width, g.height, k, static_cast<int>(s.country_info.size()), false);
  {
    // The box must hold the home country; a box that cuts it crowds the people of the
    // regions cut onto what is left, which deserves a note.
    const std::string& home_name = g.countries[g.home_country].name;
    if (std::find(g.country.begin(), g.country.end(), g.home_country) == g.country.end()) {
      Location where;
      for (const char* key :
           {"geography.west", "geography.east", "geography.south", "geography.north"}) {
        if (!where.known()) where = params.origin(params.index(key));
      }
      char text[240];
      std::snprintf(text, sizeof text,
                    "the grid holds no cell of %s (expected a box that overlaps lon %.2f..%.2f, "
                    "lat %.2f..%.2f; got lon %g..%g, lat %g..%g)",
                    home_name.c_str(), s.home_west, s.home_east, s.home_south, s.home_north, west,
                    east, south, north);
      throw UserError(where, "geography.west", text);
    }
    const double grid_east = west + g.width * cell, grid_north = south + g.height * cell;
    if (s.home_west < west || s.home_east > grid_east || s.home_south < south ||
        s.home_north > grid_north) {
      g.notes.push_back("the grid cuts " + home_name +
                        ": the people of the regions cut stand on the part inside the box");
    }
  }

  // ---- Regions of the home country.
  std::vector<std::string> region_names;  // census order, the split-off ones when used
  for (const auto& c : s.census) {
    if (c.parent.empty() || split) region_names.push_back(c.name);
  }
  g.regions.push_back(Region{});
  for (const auto& name : region_names) {
    for (const auto& c : s.census) {
      if (c.name != name) continue;
      Region r;
      r.name = c.name;
      r.iso = c.iso;
      r.official_area_km2 = c.official_area;
      if (split) {  // the 2016 regions took their area from their parent
        for (const auto& child : s.census) {
          if (child.parent == c.name) r.official_area_km2 -= child.official_area;
        }
      }
      g.regions.push_back(r);
    }
  }
  const auto region_index = [&](const std::string& name) -> int {
    for (std::size_t i = 1; i < g.regions.size(); ++i) {
      if (g.regions[i].name == name) return static_cast<int>(i);
    }
    return 0;
  };
  burn.clear();
  for (const auto& name : s.region_of_polygon) burn.push_back(region_index(name));
  const std::vector<std::uint16_t> fine_region =
      geo::rasterize(lattice, handles(s.regions), burn, false);
  std::vector<std::uint8_t> region =
      majority(fine_region, g.width, g.height, k, static_cast<int>(g.regions.size()) - 1, true);
  g.region.assign(n, 0);
  {
    // Home cells no polygon covers take the region of the nearest covered home cell.
    const Lattice cells{west, south, cell, g.width, g.height};
    std::vector<std::uint8_t> covered(n, 0);
    for (std::size_t c = 0; c < n; ++c) covered[c] = g.country[c] == g.home_country && region[c];
    const geo::DistanceField nearest = geo::distance_transform(cells, covered);
    for (std::size_t c = 0; c < n; ++c) {
      if (g.country[c] != g.home_country) continue;
      g.region[c] = covered[c]              ? region[c]
                    : nearest.index[c] >= 0 ? region[idx(nearest.index[c])]
                                            : std::uint8_t{0};
    }
  }
  if (split) {
    // Split off by a line, unless the region layer has a polygon of its own for them.
    const auto own_polygon = [&](const char* name) {
      return std::find(s.region_of_polygon.begin(), s.region_of_polygon.end(), name) !=
             s.region_of_polygon.end();
    };
    const int gao = region_index("Gao");
    const int menaka = own_polygon("Menaka") ? 0 : region_index("Menaka");
    const int tombouctou = region_index("Tombouctou");
    const int taoudenit = own_polygon("Taoudenit") ? 0 : region_index("Taoudenit");
    const double east_of = params.real("geography.menaka_east_of");
    const double north_of = params.real("geography.taoudenit_north_of");
    for (std::size_t c = 0; c < n; ++c) {
      const int x = static_cast<int>(c % idx(g.width)), y = static_cast<int>(c / idx(g.width));
      if (g.region[c] == gao && menaka > 0 && g.lon[idx(x)] > east_of) {
        g.region[c] = static_cast<std::uint8_t>(menaka);
      }
      if (g.region[c] == tombouctou && taoudenit > 0 && g.lat[idx(y)] > north_of) {
        g.region[c] = static_cast<std::uint8_t>(taoudenit);
      }
    }
  }
  // A region smaller than a cell (Bamako at 0.25 degrees) takes the cell of its capital.
  for (std::size_t r = 1; r < g.regions.size(); ++r) {
    if (std::find(g.region.begin(), g.region.end(), r) != g.region.end()) continue;
    const CensusRow* row = nullptr;
    for (const auto& c : s.census) {
      if (c.name == g.regions[r].name) row = &c;
    }
    const std::int32_t c = row ? g.cell_at(row->capital_lon, row->capital_lat) : -1;
    // Never the last cell of another region.
    const bool last = c >= 0 && g.region[idx(c)] != 0 &&
                      std::count(g.region.begin(), g.region.end(), g.region[idx(c)]) == 1;
    if (c < 0 || g.country[idx(c)] != g.home_country || last) {
      throw UserError(params.origin(params.index("geography.cell_deg")), "geography.cell_deg",
                      "region " + g.regions[r].name +
                          " gets no cell at this resolution, and its capital's cell cannot be "
                          "given to it (use smaller cells or check the region polygons)");
    }
    g.notes.push_back("region " + g.regions[r].name +
                      " is smaller than a cell: it takes the cell of its capital");
    g.region[idx(c)] = static_cast<std::uint8_t>(r);
  }

  // ---- Biome by latitude band.
  const double sahel_south = params.real("geography.biome.sahel_south");
  const double sahara_south = params.real("geography.biome.sahara_south");
  g.biome.assign(n, 0);
  for (std::size_t c = 0; c < n; ++c) {
    if (g.country[c] == 0) continue;
    const double lat = g.lat[c / idx(g.width)];
    const Biome b = lat >= sahara_south  ? Biome::saharan
                    : lat >= sahel_south ? Biome::sahelian
                                         : Biome::sudanian;
    g.biome[c] = static_cast<std::uint8_t>(b);
  }

  // ---- Distances on the lattice, read at cell centres.
  const int fw = lattice.width, fh = lattice.height;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  {
    std::vector<std::uint8_t> border(lattice.size(), 0);
    for (int y = 0; y < fh; ++y) {
      for (int x = 0; x < fw; ++x) {
        const std::size_t p = idx(y) * idx(fw) + idx(x);
        const std::uint16_t a = fine_country[p];
        if (a == 0) continue;
        if (x + 1 < fw) {
          const std::uint16_t b = fine_country[p + 1];
          if (b != 0 && b != a) border[p] = border[p + 1] = 1;
        }
        if (y + 1 < fh) {
          const std::uint16_t b = fine_country[p + idx(fw)];
          if (b != 0 && b != a) border[p] = border[p + idx(fw)] = 1;
        }
      }
    }
    const geo::DistanceField d = geo::distance_transform(lattice, border);
    g.border_km.assign(n, nan);
    for (int y = 0; y < g.height; ++y) {
      for (int x = 0; x < g.width; ++x) {
        const std::size_t c = idx(y) * idx(g.width) + idx(x);
        const float km = d.km[centre_point(x, y, k, fw)];
        if (g.country[c] != 0 && std::isfinite(km)) g.border_km[c] = km;
      }
    }
  }
  {
    std::vector<std::uint8_t> towns(lattice.size(), 0);
    for (const auto& t : s.towns) {
      const int x = lattice.column_of(t.lon), y = lattice.row_of(t.lat);
      if (x >= 0 && x < fw && y >= 0 && y < fh) towns[idx(y) * idx(fw) + idx(x)] = 1;
    }
    const geo::DistanceField d = geo::distance_transform(lattice, towns);
    g.town_km.assign(n, nan);
    for (int y = 0; y < g.height; ++y) {
      for (int x = 0; x < g.width; ++x) {
        const float km = d.km[centre_point(x, y, k, fw)];
        if (std::isfinite(km)) g.town_km[idx(y) * idx(g.width) + idx(x)] = km;
      }
    }
  }
  {
    const std::vector<double> ones(s.river.size(), 1.0);
    const std::vector<std::uint16_t> line = geo::rasterize(lattice, handles(s.river), ones, true);
    std::vector<std::uint8_t> source(line.begin(), line.end());
    const geo::DistanceField d = geo::distance_transform(lattice, source);
    const double river_km = params.real("geography.river_km");
    g.river_km.assign(n, nan);
    g.river.assign(n, 0);
    for (int y = 0; y < g.height; ++y) {
      for (int x = 0; x < g.width; ++x) {
        const std::size_t c = idx(y) * idx(g.width) + idx(x);
        const float km = d.km[centre_point(x, y, k, fw)];
        if (std::isfinite(km)) g.river_km[c] = km;
        bool near = false;
        for (int j = 0; j < k && !near; ++j) {
          for (int i = 0; i < k && !near; ++i) {
            near = d.km[idx(y * k + j) * idx(fw) + idx(x * k + i)] <= river_km;
          }
        }
        g.river[c] = near ? 1 : 0;
      }
    }
    // The delta: inside its box, near the main channel or a branch.
    std::vector<OGRGeometryH> channels = handles(s.river);
    for (const auto& b : s.branches) channels.push_back(b.get());
    const std::vector<double> all(channels.size(), 1.0);
    const std::vector<std::uint16_t> net = geo::rasterize(lattice, channels, all, true);
    const geo::DistanceField dd =
        geo::distance_transform(lattice, std::vector<std::uint8_t>(net.begin(), net.end()));
    double dw = params.real("geography.delta.west"), de = params.real("geography.delta.east");
    double ds = params.real("geography.delta.south"), dn = params.real("geography.delta.north");
    if (synthetic) dw = 2.3, de = 4.2, ds = 14.2, dn = 16.2;
    const double within = params.real("geography.delta.within_km");
    g.delta.assign(n, 0);
    for (int y = 0; y < g.height; ++y) {
      for (int x = 0; x < g.width; ++x) {
        const double lon = g.lon[idx(x)], lat = g.lat[idx(y)];
        if (lon < dw || lon > de || lat < ds || lat > dn) continue;
        g.delta[idx(y) * idx(g.width) + idx(x)] =
            dd.km[centre_point(x, y, k, fw)] <= within ? 1 : 0;
      }
    }
  }

  // ---- Towns, camps, crossings on their cells.
  const auto place = [&](const PointRow& row, std::vector<Place>& out, const char* kind) {
    Place p;
    p.name = row.name;
    p.lon = row.lon;
    p.lat = row.lat;
    p.population = row.population;
    p.note = row.note;
    p.cell = g.cell_at(row.lon, row.lat);
    if (p.cell < 0) {
      g.notes.push_back(std::string(kind) + " " + row.name + " lies outside the grid: left out");
      return false;
    }
    p.region = g.region[idx(p.cell)];
    out.push_back(std::move(p));
    return true;
  };
  const auto parent_of = [&](const std::string& name) -> std::string {
    for (const auto& c : s.census) {
      if (c.name == name) return c.parent;
    }
    return {};
  };
  const auto town_error = [&](const std::string& message) {
    throw UserError(Location{s.towns_input.shown, 0, 0}, s.towns_input.key, message);
  };
  // A town may move to its region's nearest cell when its point lies within about a cell of
  // it (a town near a region border, a border post outside the generalised polygons); a
  // longer move means a wrong region or wrong coordinates in the data.
  const double max_move_km = geo::haversine_km(0.0, 0.0, cell, cell) + 25.0;
  std::vector<const PointRow*> town_rows;  // the table row of each placed town
  for (const auto& t : s.towns) {
    if (!place(t, g.towns, "town")) continue;
    town_rows.push_back(&t);
    Place& p = g.towns.back();
    const std::string& name = split ? t.region_2016 : t.region;
    if (name.empty()) continue;  // no region given: the town stays where its point is
    const int wanted = region_index(name);
    if (wanted == 0) {
      town_error(t.name + ": region '" + name + "' is not a region of this geography" +
                 suggestion(name, region_names));
    }
    // A town given only its pre-2016 region may stand in a region split off it.
    if (p.region == wanted || (split && !t.region_2016_given && p.region != 0 &&
                               parent_of(g.regions[p.region].name) == name)) {
      continue;
    }
    std::int32_t best = -1;
    double best_km = std::numeric_limits<double>::infinity();
    for (std::size_t c = 0; c < n; ++c) {
      if (g.region[c] != wanted) continue;
      const double km =
          geo::haversine_km(p.lon, p.lat, g.lon[c % idx(g.width)], g.lat[c / idx(g.width)]);
      if (km < best_km) {
        best_km = km;
        best = static_cast<std::int32_t>(c);
      }
    }
    char text[240];
    if (best < 0 || best_km > max_move_km) {
      std::snprintf(text, sizeof text,
                    ": the point (lat %g, lon %g) is %.0f km from the nearest cell of %s "
                    "(expected within %.0f km: check the town's region and coordinates)",
                    p.lat, p.lon, best_km, name.c_str(), max_move_km);
      town_error(t.name + text);
    }
    std::snprintf(text, sizeof text, "placed on the nearest cell of %s (centre %.1f km away)",
                  name.c_str(), best_km);
    p.note += (p.note.empty() ? "" : "; ") + std::string(text);
    g.notes.push_back("town " + p.name + ": " + text);
    p.cell = best;
    p.region = static_cast<std::uint8_t>(wanted);
  }
  for (const auto& c : s.camps) place(c, g.camps, "camp");
  for (const auto& c : s.crossings) place(c, g.crossings, "border crossing");

  // ---- Population.
  g.census_year = synthetic ? year : census_year(params);
  g.year = year;
  const double growth = synthetic ? 0.0 : params.real("geography.growth_rate");
  const auto grow = [&](double people, int from) {
    return people * std::pow(1.0 + growth, static_cast<double>(year - from));
  };
  // Each region's people at the 2009 and 2022 censuses (historical regions include the
  // regions split off them in 2016).
  std::vector<double> pop_2009(g.regions.size(), 0.0), pop_2022(g.regions.size(), 0.0);
  for (std::size_t r = 1; r < g.regions.size(); ++r) {
    for (const auto& c : s.census) {
      if (c.name == g.regions[r].name || (!split && c.parent == g.regions[r].name)) {
        pop_2009[r] += static_cast<double>(c.pop_2009);
        pop_2022[r] += static_cast<double>(c.pop_2022);
      }
    }
    const double census = g.census_year == 2022 ? pop_2022[r] : pop_2009[r];
    const double target = grow(census, g.census_year);
    if (!(target <= 1e10)) {
      throw UserError(params.origin(params.index("geography.growth_rate")), "geography.growth_rate",
                      "grows " + g.regions[r].name + " to " + format_value(target) + " people by " +
                          std::to_string(year) +
                          " (expected at most 1e10: check this rate and calendar.start)");
    }
    g.regions[r].census = std::llround(census);
    g.regions[r].target = std::llround(target);
  }
  g.population.assign(n, 0);
  const std::string raster_path = params.text("geography.layers.population");
  if (!raster_path.empty()) {
    const geo::Input input = user_input(params, "geography.layers.population");
    const geo::RasterFile raster(input);
    const bool per_km2 = params.text("geography.layers.population_units") == "per_km2";
    const double x0 = raster.transform[0], y0 = raster.transform[3];
    const double px = raster.transform[1], py = -raster.transform[5];
    const double grid_east = west + g.width * cell, grid_north = south + g.height * cell;
    // Only the window of pixels that overlaps the grid is read, a block of rows at a time.
    const auto clamp = [](double v, int hi) {
      return static_cast<int>(std::clamp(v, 0.0, static_cast<double>(hi)));
    };
    const int c0 = clamp(std::floor((west - x0) / px), raster.width);
    const int c1 = clamp(std::ceil((grid_east - x0) / px), raster.width);
    const int r0 = clamp(std::floor((y0 - grid_north) / py), raster.height);
    const int r1 = clamp(std::ceil((y0 - south) / py), raster.height);
    if (c0 >= c1 || r0 >= r1) {
      char extent[200];
      std::snprintf(
          extent, sizeof extent, "raster lon %g..%g, lat %g..%g; grid lon %g..%g, lat %g..%g", x0,
          x0 + raster.width * px, y0 - raster.height * py, y0, west, grid_east, south, grid_north);
      throw UserError(Location{input.shown, 0, 0}, input.key,
                      std::string("no pixel of the raster falls on the grid (") + extent + ")");
    }
    // A pixel larger than half a cell is split into sub-pixels, each with its share.
    const int sub =
        static_cast<int>(std::clamp(std::ceil(2.0 * std::max(px, py) / cell), 1.0, 64.0));
    std::vector<double> people(n, 0.0);
    std::vector<double> block;
    constexpr int kBlockRows = 256;
    for (int b0 = r0; b0 < r1; b0 += kBlockRows) {
      const int rows = std::min(kBlockRows, r1 - b0);
      raster.read(b0, rows, c0, c1 - c0, block);
      for (int bi = 0; bi < rows; ++bi) {
        const int i = b0 + bi;
        const double top = y0 - i * py;
        const double pixel_km2 = geo::box_area_km2(top - py, top, px);
        for (int j = c0; j < c1; ++j) {
          double v = block[idx(bi) * idx(c1 - c0) + idx(j - c0)];
          if ((raster.has_nodata && v == raster.nodata) || std::isnan(v)) continue;
          if (v < 0.0 || !std::isfinite(v)) {
            throw UserError(Location{input.shown, 0, 0}, input.key,
                            "pixel (row " + std::to_string(i) + ", column " + std::to_string(j) +
                                ") holds " + format_value(v) +
                                " (expected people >= 0, or the raster's nodata value)");
          }
          if (per_km2) v *= pixel_km2;
          if (v == 0.0) continue;
          const double share = v / static_cast<double>(sub * sub);
          for (int a = 0; a < sub; ++a) {
            for (int b = 0; b < sub; ++b) {
              const double lon = x0 + (j + (b + 0.5) / sub) * px;
              const double lat = top - (a + 0.5) / sub * py;
              const std::int32_t c = g.cell_at(lon, lat);
              if (c >= 0) people[idx(c)] += share;
            }
          }
        }
      }
    }
    double sum = 0.0;
    for (double v : people) sum += v;
    if (!(sum < 1e10)) {
      throw UserError(Location{input.shown, 0, 0}, input.key,
                      "holds " + format_value(sum) +
                          " people on the grid (expected at most 1e10: are these counts or "
                          "densities? see geography.layers.population_units)");
    }
    if (sum == 0.0) g.notes.push_back(input.shown + ": the raster holds no people on the grid");
    g.population = geo::apportion(std::llround(sum), people);
    g.population_source =
        "raster " + input.shown + " (" + params.text("geography.layers.population_units") + ")";
  } else {
    const double w_biome[] = {0.0, params.real("geography.population.weight_saharan"),
                              params.real("geography.population.weight_sahelian"),
                              params.real("geography.population.weight_sudanian")};
    const double boost = params.real("geography.population.river_boost");
    const double scale = params.real("geography.population.river_scale_km");
    for (std::size_t t = 0; t < g.towns.size(); ++t) {
      // A town keeps its share of its region at the year of its figure: the figure over
      // the region's census that year (2009 or 2022), or over the 2009 census grown to
      // that year; the share is then applied to the region's target.
      Place& town = g.towns[t];
      const std::size_t r = town.region;
      if (r == 0 || synthetic) continue;
      const int when = town_rows[t]->population_year;
      const double region_then =
          when == 2022 ? pop_2022[r]
                       : pop_2009[r] * std::pow(1.0 + growth, static_cast<double>(when - 2009));
      town.population = region_then > 0.0
                            ? std::llround(static_cast<double>(town.population) / region_then *
                                           static_cast<double>(g.regions[r].target))
                            : 0;
    }
    // Cells with people in a town take no rural share (a town's figure is its commune's,
    // rural surroundings included).
    std::vector<std::uint8_t> has_town(n, 0);
    for (const auto& t : g.towns) {
      if (t.population > 0) has_town[idx(t.cell)] = 1;
    }
    for (std::size_t r = 1; r < g.regions.size(); ++r) {
      Region& region_info = g.regions[r];
      std::int64_t in_towns = 0;
      for (const auto& town : g.towns) {
        if (town.region == r) in_towns += town.population;
      }
      if (in_towns > region_info.target) {
        town_error("the towns of " + region_info.name + " hold " + std::to_string(in_towns) +
                   " people, more than the region's " + std::to_string(region_info.target) +
                   " (check their population and population_year)");
      }
      std::vector<std::size_t> cells;
      for (std::size_t c = 0; c < n; ++c) {
        if (g.region[c] == r && !has_town[c]) cells.push_back(c);
      }
      if (cells.empty()) {
        for (std::size_t c = 0; c < n; ++c) {
          if (g.region[c] == r) cells.push_back(c);
        }
      }
      std::vector<double> weights;
      for (std::size_t c : cells) {
        const double d = std::isfinite(g.river_km[c]) ? g.river_km[c] : 1e9;
        weights.push_back(g.area(static_cast<std::int32_t>(c)) * w_biome[g.biome[c]] *
                          (1.0 + boost * std::exp(-d / scale)));
      }
      const auto parts = geo::apportion(region_info.target - in_towns, weights);
      for (std::size_t i = 0; i < cells.size(); ++i) g.population[cells[i]] += parts[i];
    }
    for (const auto& t : g.towns) {
      if (t.region != 0) g.population[idx(t.cell)] += t.population;
    }
    char text[200];
    if (synthetic) {
      std::snprintf(text, sizeof text, "synthetic: %lld people",
                    static_cast<long long>(params.integer("geography.synthetic.population")));
    } else {
      std::snprintf(text, sizeof text, "census %d by region, grown %.2f %%/yr to %d", g.census_year,
                    100.0 * growth, year);
    }
    g.population_source = text;
  }
  for (std::size_t c = 0; c < n; ++c) {
    Region& r = g.regions[g.region[c]];
    r.population += g.population[c];
    r.cells += 1;
    r.area_km2 += g.area(static_cast<std::int32_t>(c));
  }
  g.regions[0].target = 0;
  if (raster_path.empty()) {
    for (const auto& r : g.regions) {
      // Every region has a cell (checked above) and apportion is exact.
      if (r.population != r.target) {
        throw std::logic_error("region " + r.name + " holds " + std::to_string(r.population) +
                               " people instead of " + std::to_string(r.target));
      }
    }
  }
  for (auto& note : s.notes) g.notes.push_back(std::move(note));
  return g;
}

}  // namespace sahelsim
