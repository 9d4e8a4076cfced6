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
#include <limits>
#include <map>
#include <optional>
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
  std::string region_2016;  // with the 2016 regions
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
  std::vector<Country> country_info;  // parallel to countries
  std::vector<geo::Geometry> regions;
  std::vector<std::string> region_of_polygon;  // census name of each polygon
  std::vector<geo::Geometry> river;
  std::vector<geo::Geometry> branches;  // extra channels for the delta flag
  std::vector<CensusRow> census;
  std::vector<PointRow> towns, camps, crossings;
  std::vector<std::string> notes;
  bool synthetic = false;
};

// Where a relative layer path is resolved from: the scenario file that set it.
std::string resolve(const ParamSet& params, const std::string& key) {
  const std::string& value = params.text(key);
  const fs::path path(value);
  if (path.is_absolute()) return value;
  const Location& origin = params.origin(params.index(key));
  if (!origin.known() || origin.file.rfind("--set", 0) == 0) return value;
  return (fs::path(origin.file).parent_path() / path).lexically_normal().string();
}

geo::Input user_input(const ParamSet& params, const std::string& key) {
  return {resolve(params, key), resolve(params, key), key};
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

// Points with name, region and population attributes (towns) or just names (camps, ...).
std::vector<PointRow> read_points(const geo::Input& input, const std::string& name_field,
                                  std::vector<std::string>& notes) {
  const geo::VectorLayer layer = geo::read_vector(input, geo::Shape::points);
  geo::require_field(layer, name_field, input.key);
  std::vector<PointRow> out;
  for (const auto& f : layer.features) {
    PointRow p;
    p.name = f.field(name_field);
    p.region = f.field("region");
    p.region_2016 = f.field("region_2016");
    if (p.region_2016.empty()) p.region_2016 = p.region;
    const std::string population = f.field("population");
    p.population = std::llround(to_double(population, 0.0));
    if (p.population < 0) {
      throw UserError(
          Location{input.shown, 0, 0}, input.key,
          p.name + ": negative population (expected people >= 0, got " + population + ")");
    }
    p.population_year = static_cast<int>(to_double(f.field("population_year"), 2009.0));
    p.note = f.field("note");
    const double x = OGR_G_GetX(f.handle(), 0);
    const double y = OGR_G_GetY(f.handle(), 0);
    p.lon = x;
    p.lat = y;
    out.push_back(std::move(p));
  }
  if (layer.skipped > 0) {
    notes.push_back(input.shown + ": " + std::to_string(layer.skipped) +
                    " row(s) without coordinates left out");
  }
  return out;
}

void read_mali(const ParamSet& params, Sources& s) {
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
    bool has_home = false;
    for (auto& f : layer.features) {
      std::string code = f.field(field);
      std::string name = f.field("name");
      if (name.empty()) name = code;
      has_home = has_home || code == s.home;
      s.country_info.push_back({code, name});
      s.countries.push_back(std::move(f.geometry));
    }
    if (!has_home) {
      throw UserError(Location{input.shown, 0, 0}, input.key,
                      "no polygon of Mali (expected a feature with " + field + " = 'MLI')");
    }
    if (s.countries.size() > 250) {
      throw UserError(Location{input.shown, 0, 0}, input.key,
                      "too many polygons (expected at most 250 countries, got " +
                          std::to_string(s.countries.size()) + ")");
    }
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
    std::vector<std::string> valid;
    for (const auto& c : s.census) {
      if (c.parent.empty()) valid.push_back(c.name);
    }
    for (auto& f : layer.features) {
      const std::string name = f.field(field);
      std::string region;
      for (const auto& c : s.census) {
        if (c.parent.empty() && (name == c.name || name == c.polygon_name)) region = c.name;
      }
      if (region.empty()) {
        throw UserError(
            Location{input.shown, 0, 0}, input.key,
            "region '" + name + "' is not in the census table" + suggestion(name, valid));
      }
      s.region_of_polygon.push_back(region);
      s.regions.push_back(std::move(f.geometry));
    }
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
  s.countries.push_back(
      geo::geometry_from_wkt("POLYGON ((6.5 11,8 11,8 19,6.6 19,6.4 17,6.8 15,6.2 13,6.5 11))"));
  s.country_info.push_back({"EAS", "Eastland"});
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
  s.camps.push_back({"East camp", "", "", 7.3, 15.2, 0, 2009, ""});
  s.crossings.push_back({"Borderpost crossing", "", "", 6.45, 14.6, 0, 2009, ""});
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
                 "geography.layers.regions", "geography.layers.river", "geography.layers.towns"},
                "applies to preset mali only (the synthetic world has a fixed layout)");
    make_synthetic(params, s);
  } else {
    refuse_keys(params, {"geography.synthetic.population"}, "applies to preset synthetic only");
    read_mali(params, s);
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
  for (std::size_t i = 0; i < s.countries.size(); ++i) burn.push_back(static_cast<double>(i + 1));
  const std::vector<std::uint16_t> fine_country =
      geo::rasterize(lattice, handles(s.countries), burn, false);
  g.country =
      majority(fine_country, g.width, g.height, k, static_cast<int>(s.countries.size()), false);

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
    const int gao = region_index("Gao"), menaka = region_index("Menaka");
    const int tombouctou = region_index("Tombouctou"), taoudenit = region_index("Taoudenit");
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
    if (c < 0 || g.country[idx(c)] != g.home_country) {
      throw UserError(params.origin(params.index("geography.cell_deg")), "geography.cell_deg",
                      "region " + g.regions[r].name +
                          " gets no cell at this resolution, and its capital is not on a cell of "
                          "the country (use smaller cells or check the region polygons)");
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
  for (const auto& t : s.towns) {
    if (!place(t, g.towns, "town")) continue;
    const std::string& name = split ? t.region_2016 : t.region;
    int wanted = 0;
    if (!name.empty()) {
      wanted = region_index(name);
      if (wanted == 0 && !synthetic && !params.text("geography.layers.towns").empty()) {
        throw UserError(Location{resolve(params, "geography.layers.towns"), 0, 0},
                        "geography.layers.towns",
                        t.name + ": region '" + name + "' is not a region of this geography" +
                            suggestion(name, region_names));
      }
    }
    Place& p = g.towns.back();
    if (wanted == 0 || p.region == wanted) continue;
    // The point is on a cell of another region (a town within half a cell of a region
    // border, or a border post outside the polygons): move it to the nearest cell of its
    // own region.
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
    if (best < 0) continue;
    char text[160];
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
  for (std::size_t r = 1; r < g.regions.size(); ++r) {
    for (const auto& c : s.census) {
      if (c.name != g.regions[r].name) continue;
      std::int64_t census = g.census_year == 2022 ? c.pop_2022 : c.pop_2009;
      // Historical regions include the regions split off them in 2016.
      if (!split) {
        for (const auto& child : s.census) {
          if (child.parent == c.name)
            census += g.census_year == 2022 ? child.pop_2022 : child.pop_2009;
        }
      }
      g.regions[r].census = census;
      g.regions[r].target = std::llround(grow(static_cast<double>(census), g.census_year));
    }
  }
  g.population.assign(n, 0);
  const std::string raster_path = params.text("geography.layers.population");
  if (!raster_path.empty()) {
    const geo::Input input = user_input(params, "geography.layers.population");
    const geo::Raster raster = geo::read_raster(input);
    const bool per_km2 = params.text("geography.layers.population_units") == "per_km2";
    const double px = raster.transform[1], py = -raster.transform[5];
    const int sub = std::max(1, static_cast<int>(std::ceil(2.0 * std::max(px, py) / cell)));
    std::vector<double> people(n, 0.0);
    for (int i = 0; i < raster.height; ++i) {
      const double top = raster.transform[3] - i * py;
      const double pixel_km2 = geo::box_area_km2(top - py, top, px);
      for (int j = 0; j < raster.width; ++j) {
        double v = raster.values[idx(i) * idx(raster.width) + idx(j)];
        if ((raster.has_nodata && v == raster.nodata) || std::isnan(v)) continue;
        if (v < 0.0 || !std::isfinite(v)) {
          throw UserError(Location{input.shown, 0, 0}, input.key,
                          "pixel (row " + std::to_string(i) + ", column " + std::to_string(j) +
                              ") holds " + format_value(v) +
                              " (expected people >= 0, or the raster's nodata value)");
        }
        if (per_km2) v *= pixel_km2;
        const double share = v / (sub * sub);
        for (int a = 0; a < sub; ++a) {
          for (int b = 0; b < sub; ++b) {
            const double lon = raster.transform[0] + (j + (b + 0.5) / sub) * px;
            const double lat = top - (a + 0.5) / sub * py;
            const std::int32_t c = g.cell_at(lon, lat);
            if (c >= 0) people[idx(c)] += share;
          }
        }
      }
    }
    double sum = 0.0;
    std::size_t on_grid = 0;
    for (double v : people) {
      sum += v;
      on_grid += v > 0.0 ? 1 : 0;
    }
    const double right = raster.transform[0] + raster.width * px;
    const double bottom = raster.transform[3] - raster.height * py;
    const double grid_east = west + g.width * cell, grid_north = south + g.height * cell;
    if (raster.transform[0] >= grid_east || right <= west || bottom >= grid_north ||
        raster.transform[3] <= south) {
      char extent[160];
      std::snprintf(extent, sizeof extent,
                    "raster lon %g..%g, lat %g..%g; grid lon %g..%g, lat %g..%g",
                    raster.transform[0], right, bottom, raster.transform[3], west, grid_east, south,
                    grid_north);
      throw UserError(Location{input.shown, 0, 0}, input.key,
                      std::string("no pixel of the raster falls on the grid (") + extent + ")");
    }
    if (on_grid == 0) {
      g.notes.push_back(input.shown + ": the raster holds no people on the grid");
    }
    g.population = geo::apportion(std::llround(sum), people);
    g.population_source =
        "raster " + input.shown + " (" + params.text("geography.layers.population_units") + ")";
  } else {
    const double w_biome[] = {0.0, params.real("geography.population.weight_saharan"),
                              params.real("geography.population.weight_sahelian"),
                              params.real("geography.population.weight_sudanian")};
    const double boost = params.real("geography.population.river_boost");
    const double scale = params.real("geography.population.river_scale_km");
    std::vector<std::uint8_t> has_town(n, 0);
    for (const auto& t : g.towns) has_town[idx(t.cell)] = 1;
    for (std::size_t r = 1; r < g.regions.size(); ++r) {
      Region& region_info = g.regions[r];
      // Towns keep their share of the region's people at their census.
      std::int64_t in_towns = 0;
      const CensusRow* row = nullptr;
      for (const auto& c : s.census) {
        if (c.name == region_info.name) row = &c;
      }
      std::int64_t base_2009 = row ? row->pop_2009 : 0;
      if (!split && row) {
        for (const auto& child : s.census) {
          if (child.parent == row->name) base_2009 += child.pop_2009;
        }
      }
      for (std::size_t t = 0; t < g.towns.size(); ++t) {
        Place& town = g.towns[t];
        if (town.region != r) continue;
        const PointRow* source = nullptr;
        for (const auto& st : s.towns) {
          if (st.name == town.name && st.lon == town.lon && st.lat == town.lat) source = &st;
        }
        double people = static_cast<double>(town.population);
        if (!synthetic && source != nullptr && base_2009 > 0) {
          // The town's people in 2009, then its share of the region applied to the target.
          const double in_2009 = people * std::pow(1.0 + params.real("geography.growth_rate"),
                                                   2009.0 - source->population_year);
          people =
              in_2009 / static_cast<double>(base_2009) * static_cast<double>(region_info.target);
        }
        town.population = std::llround(people);
        in_towns += town.population;
      }
      if (in_towns > region_info.target) {
        throw UserError(Location{}, "geography.layers.towns",
                        "the towns of " + region_info.name + " hold " + std::to_string(in_towns) +
                            " people, more than the region's " +
                            std::to_string(region_info.target));
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
  for (auto& note : s.notes) g.notes.push_back(std::move(note));
  return g;
}

}  // namespace sahelsim
