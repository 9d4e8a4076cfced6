// The geography in a results file (docs/output-format.md, "Geography"):
//   /grid/<layer>     (y, x) per-cell layers: lon, lat, area_km2, country, region, biome,
//                     mali, land, river, delta, border_km, town_km, river_km, population
//   /regions/names    (region) region names, a dimension scale; census, target, population,
//                     area_km2, cells by region
//   /countries/code, /countries/name   (country) index 0 = no country
//   /places/<kind>/   (town | camp | crossing) name, lon, lat, cell, region, population, note
#pragma once

#include <hdf5.h>

#include <string>

#include "geo/geography.hpp"
#include "io/scenario_loader.hpp"

namespace sahelsim {

// Writes the geography below `root`, which must already hold the /y and /x scales and may
// hold a /grid group (created otherwise).
void write_geography(hid_t root, const Geography& geography);

// A file holding just the geography (`sahelsim geo -o`): provenance attributes, the
// geography section of the scenario, /y, /x and the datasets above. Written as
// PATH.partial and renamed when complete.
void write_geography_file(const std::string& path, const Geography& geography,
                          const GeographyScenario& scenario);

}  // namespace sahelsim
