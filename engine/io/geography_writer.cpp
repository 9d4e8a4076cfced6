#include "geography_writer.hpp"

#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>

#include "core/errors.hpp"
#include "h5.hpp"
#include "results_writer.hpp"

namespace sahelsim {

namespace fs = std::filesystem;

namespace {

constexpr int kGzip = 4;

void flags(hid_t object, const std::vector<std::string>& meanings) {
  std::vector<std::int32_t> codes;
  std::string text;
  for (std::size_t i = 0; i < meanings.size(); ++i) {
    codes.push_back(static_cast<std::int32_t>(i));
    std::string word = meanings[i].empty() ? "none" : meanings[i];
    for (char& c : word) {
      if (c == ' ') c = '_';
    }
    text += (i ? " " : "") + word;
  }
  h5::write_attribute(object, "flag_values", codes);
  h5::write_attribute(object, "flag_meanings", text);
}

template <class T>
h5::Handle layer(hid_t grid, hid_t y, hid_t x, const std::string& name, hid_t type,
                 const std::vector<T>& values, int height, int width, const std::string& units,
                 const std::string& long_name) {
  const std::vector<hsize_t> shape{static_cast<hsize_t>(height), static_cast<hsize_t>(width)};
  h5::Handle d = h5::write_array(grid, name, type, shape, values.data(), kGzip);
  h5::describe(d.id(), units, long_name);
  h5::attach_scale(d.id(), y, 0);
  h5::attach_scale(d.id(), x, 1);
  return d;
}

void places(hid_t parent, const std::string& group_name, const std::string& dimension,
            const std::vector<Place>& list, const Geography& g) {
  h5::Handle group = h5::open_or_create_group(parent, group_name);
  std::vector<std::string> names, notes;
  std::vector<double> lon, lat;
  std::vector<std::int32_t> cell, row, column, region;
  std::vector<std::int64_t> population;
  for (const auto& p : list) {
    names.push_back(p.name);
    notes.push_back(p.note);
    lon.push_back(p.lon);
    lat.push_back(p.lat);
    cell.push_back(p.cell);
    row.push_back(p.cell / g.width);
    column.push_back(p.cell % g.width);
    region.push_back(p.region);
    population.push_back(p.population);
  }
  const hid_t gid = group.id();
  h5::write_texts(gid, dimension, names);
  h5::Handle scale(H5Dopen2(gid, dimension.c_str(), H5P_DEFAULT), "open " + dimension);
  h5::make_scale(scale.id(), dimension);
  h5::describe(scale.id(), "1", group_name + " name");
  const auto add = [&](const std::string& name, hid_t type, const void* data,
                       const std::string& units, const std::string& long_name) {
    h5::write_column(gid, name, type, list.size(), data, scale.id(), units, long_name);
  };
  add("lon", H5T_NATIVE_DOUBLE, lon.data(), "degrees_east", "longitude of the point");
  add("lat", H5T_NATIVE_DOUBLE, lat.data(), "degrees_north", "latitude of the point");
  add("cell", H5T_NATIVE_INT32, cell.data(), "1", "cell the place is on (y * width + x)");
  add("row", H5T_NATIVE_INT32, row.data(), "1", "row (y index) of that cell");
  add("column", H5T_NATIVE_INT32, column.data(), "1", "column (x index) of that cell");
  add("region", H5T_NATIVE_INT32, region.data(), "1",
      "region index of that cell (0: outside Mali; i: /regions/names[i-1])");
  add("population", H5T_NATIVE_INT64, population.data(), "people",
      "people on the place at the geography's year (towns)");
  h5::write_text_column(gid, "note", notes, scale.id(), "why the place is not on its point's cell");
}

}  // namespace

void write_geography(hid_t root, const Geography& g) {
  const int H = g.height, W = g.width;
  const std::size_t n = static_cast<std::size_t>(g.cells());
  h5::Handle y(H5Dopen2(root, "y", H5P_DEFAULT), "open y");
  h5::Handle x(H5Dopen2(root, "x", H5P_DEFAULT), "open x");
  h5::Handle grid = h5::open_or_create_group(root, "grid");
  const hid_t gid = grid.id();
  h5::write_attribute(gid, "preset", g.preset);
  h5::write_attribute(gid, "year", std::int32_t{g.year});
  h5::write_attribute(gid, "census_year", std::int32_t{g.census_year});
  h5::write_attribute(gid, "population_source", g.population_source);
  if (!h5::has_attribute(gid, "cell_deg")) {
    h5::write_attribute(gid, "width", std::int32_t{W});
    h5::write_attribute(gid, "height", std::int32_t{H});
    h5::write_attribute(gid, "topology", std::string("bounded"));
    h5::write_attribute(gid, "west", g.ref.west);
    h5::write_attribute(gid, "south", g.ref.south);
    h5::write_attribute(gid, "cell_deg", g.ref.cell_deg);
  }

  std::vector<double> lon(n), lat(n), area(n);
  std::vector<std::uint8_t> home(n), land(n);
  for (std::size_t c = 0; c < n; ++c) {
    lon[c] = g.lon[c % static_cast<std::size_t>(W)];
    lat[c] = g.lat[c / static_cast<std::size_t>(W)];
    area[c] = g.area(static_cast<std::int32_t>(c));
    home[c] = g.country[c] == g.home_country ? 1 : 0;
    land[c] = g.country[c] != 0 ? 1 : 0;
  }
  const hid_t yy = y.id(), xx = x.id();
  layer(gid, yy, xx, "lon", H5T_NATIVE_DOUBLE, lon, H, W, "degrees_east",
        "longitude of cell centres");
  layer(gid, yy, xx, "lat", H5T_NATIVE_DOUBLE, lat, H, W, "degrees_north",
        "latitude of cell centres");
  layer(gid, yy, xx, "area_km2", H5T_NATIVE_DOUBLE, area, H, W, "km2",
        "cell area on the sphere (R = 6371.0088 km)");
  {
    std::vector<std::string> codes;
    for (const auto& c : g.countries) codes.push_back(c.code);
    h5::Handle d = layer(gid, yy, xx, "country", H5T_NATIVE_UINT8, g.country, H, W, "1",
                         "country (index into /countries; 0: none)");
    flags(d.id(), codes);
  }
  {
    std::vector<std::string> names;
    for (const auto& r : g.regions) names.push_back(r.name);
    h5::Handle d = layer(gid, yy, xx, "region", H5T_NATIVE_UINT8, g.region, H, W, "1",
                         "Mali region (0: outside Mali; i: /regions/names[i-1])");
    flags(d.id(), names);
  }
  {
    h5::Handle d = layer(gid, yy, xx, "biome", H5T_NATIVE_UINT8, g.biome, H, W, "1",
                         "biome by latitude band (0: no country)");
    flags(d.id(), {kBiomeNames[0], kBiomeNames[1], kBiomeNames[2], kBiomeNames[3]});
  }
  layer(gid, yy, xx, "mali", H5T_NATIVE_UINT8, home, H, W, "1",
        "1 where the cell belongs to the home country (Mali)");
  layer(gid, yy, xx, "land", H5T_NATIVE_UINT8, land, H, W, "1",
        "1 where the cell belongs to any country of the layer");
  layer(gid, yy, xx, "river", H5T_NATIVE_UINT8, g.river, H, W, "1",
        "1 where part of the cell lies within river_km of the Niger");
  layer(gid, yy, xx, "delta", H5T_NATIVE_UINT8, g.delta, H, W, "1", "1 in the Inner Niger Delta");
  for (const auto& [name, values, long_name] :
       {std::tuple{"border_km", &g.border_km, "distance to the nearest international border"},
        std::tuple{"town_km", &g.town_km, "distance to the nearest town"},
        std::tuple{"river_km", &g.river_km, "distance to the Niger's centre line"}}) {
    h5::Handle d = layer(gid, yy, xx, name, H5T_NATIVE_FLOAT, *values, H, W, "km", long_name);
    h5::Handle space(H5Screate(H5S_SCALAR), "scalar space");
    const float fill = std::nanf("");
    h5::Handle attribute(
        H5Acreate2(d.id(), "_FillValue", H5T_NATIVE_FLOAT, space.id(), H5P_DEFAULT, H5P_DEFAULT),
        "create _FillValue");
    h5::check(H5Awrite(attribute.id(), H5T_NATIVE_FLOAT, &fill), "write _FillValue");
  }
  layer(gid, yy, xx, "population", H5T_NATIVE_INT64, g.population, H, W, "people",
        "initial population (" + g.population_source + ")");

  // Regions (index 1..R; index 0, outside Mali, is not listed).
  {
    h5::Handle regions = h5::open_or_create_group(root, "regions");
    const hid_t rid = regions.id();
    std::vector<std::string> names, iso;
    std::vector<std::int64_t> census, target, population, cells;
    std::vector<double> area_km2, official;
    for (std::size_t r = 1; r < g.regions.size(); ++r) {
      names.push_back(g.regions[r].name);
      iso.push_back(g.regions[r].iso);
      census.push_back(g.regions[r].census);
      target.push_back(g.regions[r].target);
      population.push_back(g.regions[r].population);
      cells.push_back(g.regions[r].cells);
      area_km2.push_back(g.regions[r].area_km2);
      official.push_back(g.regions[r].official_area_km2);
    }
    // The dimension scale is /regions/region (xarray names a dimension after its scale
    // dataset); /regions/names holds the same names under the documented name.
    h5::write_texts(rid, "region", names);
    h5::Handle scale(H5Dopen2(rid, "region", H5P_DEFAULT), "open region");
    h5::make_scale(scale.id(), "region");
    h5::describe(scale.id(), "1", "region name");
    h5::write_text_column(rid, "names", names, scale.id(),
                          "region name (index i+1 in /grid/region)");
    const auto add = [&](const std::string& name, hid_t type, const void* data,
                         const std::string& units, const std::string& long_name) {
      h5::write_column(rid, name, type, names.size(), data, scale.id(), units, long_name);
    };
    h5::write_text_column(rid, "iso", iso, scale.id(), "ISO 3166-2 code");
    add("census", H5T_NATIVE_INT64, census.data(), "people",
        "population at the census (/grid attribute census_year)");
    add("target", H5T_NATIVE_INT64, target.data(), "people",
        "census population grown to the geography's year");
    add("population", H5T_NATIVE_INT64, population.data(), "people",
        "people on the region's cells");
    add("cells", H5T_NATIVE_INT64, cells.data(), "1", "cells of the region");
    add("area_km2", H5T_NATIVE_DOUBLE, area_km2.data(), "km2", "area of the region's cells");
    add("official_area_km2", H5T_NATIVE_DOUBLE, official.data(), "km2",
        "official area (census table; 0: unknown)");
  }
  {
    h5::Handle countries = h5::open_or_create_group(root, "countries");
    std::vector<std::string> codes, names;
    for (const auto& c : g.countries) {
      codes.push_back(c.code);
      names.push_back(c.name);
    }
    h5::write_texts(countries.id(), "country", codes);
    h5::write_texts(countries.id(), "name", names);
    h5::Handle scale(H5Dopen2(countries.id(), "country", H5P_DEFAULT), "open country");
    h5::make_scale(scale.id(), "country");
    h5::Handle name(H5Dopen2(countries.id(), "name", H5P_DEFAULT), "open name");
    h5::attach_scale(name.id(), scale.id(), 0);
  }
  {
    h5::Handle group = h5::open_or_create_group(root, "places");
    places(group.id(), "towns", "town", g.towns, g);
    places(group.id(), "camps", "camp", g.camps, g);
    places(group.id(), "crossings", "crossing", g.crossings, g);
  }
}

void write_geography_file(const std::string& path, const Geography& g,
                          const GeographyScenario& scenario) {
  h5::quiet_errors();
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    throw UserError({path, 0, 0}, "", "is a directory (expected a file name such as grid.h5)");
  }
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty() && !fs::exists(parent, ec)) fs::create_directories(parent, ec);
  const std::string partial = path + ".partial";
  {
    h5::Handle file = h5::create_file(partial);
    if (!file.valid()) throw UserError({partial, 0, 0}, "", "cannot write the file");
    const hid_t root = file.id();
    write_provenance(root, "geography", scenario.name + " (geography)");
    h5::write_attribute(root, "scenario_name", scenario.name);
    write_scenario_group(root, scenario.resolved_yaml, scenario.sources);
    h5::write_vector(root, "y", g.lat);
    h5::write_vector(root, "x", g.lon);
    {
      h5::Handle y(H5Dopen2(root, "y", H5P_DEFAULT), "open y");
      h5::Handle x(H5Dopen2(root, "x", H5P_DEFAULT), "open x");
      h5::make_scale(y.id(), "y");
      h5::make_scale(x.id(), "x");
      h5::describe(y.id(), "degrees_north", "latitude of cell centres");
      h5::describe(x.id(), "degrees_east", "longitude of cell centres");
      h5::write_attribute(y.id(), "standard_name", std::string("latitude"));
      h5::write_attribute(x.id(), "standard_name", std::string("longitude"));
    }
    write_geography(root, g);
    h5::write_attribute(root, "complete", std::int32_t{1});
  }
  fs::rename(partial, path, ec);
  if (ec) {
    throw UserError({path, 0, 0}, "", "cannot rename the finished file (" + ec.message() + ")");
  }
}

}  // namespace sahelsim
