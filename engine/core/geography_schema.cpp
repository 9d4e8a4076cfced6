#include "geography_schema.hpp"

namespace sahelsim {

namespace {
constexpr const char* kEngine = "sahelsim engine setting";
constexpr const char* kAssumption =
    "assumption (not calibrated; see docs/geography.md, 'What is approximate')";

Schema build() {
  Schema s;
  s.choice("geography.preset", {"mali", "synthetic"}, "mali")
      .describe(
          "Which world: `mali` builds Mali and its neighbours from the data shipped with "
          "sahelsim (Natural Earth boundaries, INSTAT census, towns, the Niger); `synthetic` "
          "generates a small Sahel-like teaching world that needs no data files.")
      .cite(kEngine);
  s.real("geography.cell_deg", 0.1)
      .range(0.01, 1.0)
      .units("degree")
      .describe(
          "Cell size in degrees of longitude and latitude (0.1 is about 11 km; 0.05 and 0.25 "
          "also work). Cells shrink east-west with latitude; their areas are computed on the "
          "sphere.")
      .cite(kEngine);
  s.real("geography.detail_deg", 0.01)
      .range(0.002, 0.1)
      .units("degree")
      .describe(
          "Spacing of the sampling lattice used inside cells: polygon coverage (majority rule), "
          "and the distances to borders, towns and the river. Each cell is sampled by an odd "
          "number of points per side, the odd number nearest cell_deg / detail_deg.")
      .cite(kEngine);
  s.real("geography.west", -12.5)
      .range(-180, 180)
      .units("degrees_east")
      .describe("Western edge of the grid (preset mali).")
      .cite("SAHEL_MODEL.md §2: Mali and a margin of its neighbours");
  s.real("geography.east", 4.5)
      .range(-180, 180)
      .units("degrees_east")
      .describe(
          "Eastern edge of the grid (preset mali); the grid extends to a whole number of "
          "cells.")
      .cite("SAHEL_MODEL.md §2: Mali and a margin of its neighbours");
  s.real("geography.south", 10.0)
      .range(-90, 90)
      .units("degrees_north")
      .describe("Southern edge of the grid (preset mali).")
      .cite("SAHEL_MODEL.md §2: Mali and a margin of its neighbours");
  s.real("geography.north", 25.2)
      .range(-90, 90)
      .units("degrees_north")
      .describe(
          "Northern edge of the grid (preset mali); the grid extends to a whole number of "
          "cells.")
      .cite("SAHEL_MODEL.md §2: Mali and a margin of its neighbours");
  s.choice("geography.census", {"2009", "2022"}, "2009")
      .describe(
          "Census the regional totals come from: the 2009 RGPH (final results) or the 2022 "
          "RGPH5 regrouped into the pre-2023 regions. Totals are grown (or shrunk) to the year "
          "of calendar.start at growth_rate.")
      .cite("INSTAT RGPH 2009; INSTAT RGPH5 2022 (data/mali/tables/census.csv)");
  s.real("geography.growth_rate", 0.033)
      .range(-0.1, 0.1)
      .units("1/year")
      .describe(
          "Annual population growth applied to the census totals for each year between the "
          "census and calendar.start (compounded yearly, same rate in every region).")
      .cite("INSTAT RGPH5: 3.3 %/yr (mali_facts §1.1); 2009 to 2022 censuses imply 3.3 %/yr");
  s.choice("geography.regions", {"historical", "2016"}, "historical")
      .describe(
          "Mali's regions: `historical` is the 8 regions and Bamako district of the 2009 "
          "census; `2016` also splits off Ménaka (from Gao) and Taoudénit (from Tombouctou), "
          "approximately, by the two lines below.")
      .cite("Law 2012-017, regions put in place 19 Jan 2016 (mali_facts §1.2)");
  s.real("geography.menaka_east_of", 1.6)
      .range(-180, 180)
      .units("degrees_east")
      .describe(
          "With regions: 2016, cells of Gao whose centre lies east of this longitude form "
          "Ménaka (gives about 76,600 km², official 81,040).")
      .cite("mali_facts §5 (approximation; no post-2016 polygons were available)");
  s.real("geography.taoudenit_north_of", 18.8)
      .range(-90, 90)
      .units("degrees_north")
      .describe(
          "With regions: 2016, cells of Tombouctou whose centre lies north of this latitude "
          "form Taoudénit (gives about 323,000 km², the fr.wikipedia figure; areas are "
          "disputed).")
      .cite("mali_facts §1.2 and §5 (approximation chosen to match fr.wikipedia's area)");
  s.real("geography.biome.sahel_south", 14.0)
      .range(-90, 90)
      .units("degrees_north")
      .describe(
          "Southern limit of the Sahelian band: cells whose centre lies south of it are "
          "Sudanian. Stands for the 600 mm/yr isohyet across Mali.")
      .cite("Sahel = 200-600 mm/yr isohyets; their latitude in Mali: docs/geography.md");
  s.real("geography.biome.sahara_south", 17.0)
      .range(-90, 90)
      .units("degrees_north")
      .describe(
          "Southern limit of the Saharan band: cells whose centre lies north of it are Saharan. "
          "Stands for the 200 mm/yr isohyet across Mali (Kidal about 130 mm, Tessalit 68 mm).")
      .cite("Sahel = 200-600 mm/yr isohyets; their latitude in Mali: docs/geography.md");
  s.real("geography.river_km", 10.0)
      .above(0)
      .at_most(200)
      .units("km")
      .describe(
          "A cell is riverine when some part of it lies within this distance of the Niger's "
          "centre line (the valley, its irrigated and flooded strip, and the towns on its "
          "banks; the Natural Earth 50m line is generalised by a few km).")
      .cite(kAssumption);
  s.real("geography.delta.within_km", 40.0)
      .above(0)
      .at_most(500)
      .units("km")
      .describe(
          "Inner Niger Delta: cells inside the delta box whose centre lies within this distance "
          "of the Niger or its delta branches.")
      .cite(kAssumption);
  s.real("geography.delta.west", -5.4)
      .range(-180, 180)
      .units("degrees_east")
      .describe("Western edge of the Inner Niger Delta box.")
      .cite("mali_facts §5: Inner Delta lat 13.9-16.3, lon -5.4 to -3.0");
  s.real("geography.delta.east", -3.0)
      .range(-180, 180)
      .units("degrees_east")
      .describe("Eastern edge of the Inner Niger Delta box.")
      .cite("mali_facts §5: Inner Delta lat 13.9-16.3, lon -5.4 to -3.0");
  s.real("geography.delta.south", 13.9)
      .range(-90, 90)
      .units("degrees_north")
      .describe("Southern edge of the Inner Niger Delta box.")
      .cite("mali_facts §5: Inner Delta lat 13.9-16.3, lon -5.4 to -3.0");
  s.real("geography.delta.north", 16.3)
      .range(-90, 90)
      .units("degrees_north")
      .describe("Northern edge of the Inner Niger Delta box.")
      .cite("mali_facts §5: Inner Delta lat 13.9-16.3, lon -5.4 to -3.0");
  s.real("geography.population.weight_sudanian", 1.0)
      .at_least(0)
      .units("1")
      .describe(
          "Relative rural density of Sudanian cells (per km²), before the river factor. Each "
          "region's rural population is spread over its cells in proportion to area x biome "
          "weight x river factor.")
      .cite(kAssumption);
  s.real("geography.population.weight_sahelian", 0.5)
      .at_least(0)
      .units("1")
      .describe("Relative rural density of Sahelian cells (per km²), before the river factor.")
      .cite(kAssumption);
  s.real("geography.population.weight_saharan", 0.02)
      .at_least(0)
      .units("1")
      .describe("Relative rural density of Saharan cells (per km²), before the river factor.")
      .cite(kAssumption);
  s.real("geography.population.river_boost", 3.0)
      .at_least(0)
      .units("1")
      .describe(
          "River factor 1 + river_boost x exp(-d / river_scale_km), d the distance from the cell "
          "centre to the Niger: people crowd the valley.")
      .cite(kAssumption);
  s.real("geography.population.river_scale_km", 20.0)
      .above(0)
      .units("km")
      .describe("Distance over which the river factor falls by a factor e.")
      .cite(kAssumption);
  s.text("geography.layers.countries", "")
      .describe(
          "Your own country polygons (GeoJSON, Shapefile or any OGR vector format, WGS84 "
          "lon/lat) instead of the preset's. One feature per country; the country is "
          "identified by country_field, and Mali must be 'MLI'.")
      .cite(kEngine);
  s.text("geography.layers.country_field", "iso3")
      .describe("Attribute of the country polygons holding the ISO 3166 alpha-3 code.")
      .cite(kEngine);
  s.text("geography.layers.regions", "")
      .describe(
          "Your own Mali region polygons instead of the preset's; region_field must hold the "
          "census region names (Kayes, Koulikoro, Sikasso, Segou, Mopti, Tombouctou, Gao, "
          "Kidal, Bamako).")
      .cite(kEngine);
  s.text("geography.layers.region_field", "name")
      .describe("Attribute of the region polygons holding the region name.")
      .cite(kEngine);
  s.text("geography.layers.river", "")
      .describe("Your own river centre lines (lines, WGS84 lon/lat) instead of the Niger's.")
      .cite(kEngine);
  s.text("geography.layers.towns", "")
      .describe(
          "Your own towns (points; or CSV with lat and lon columns) with attribute name and, "
          "optionally, region, region_2016, population and population_year (default 2009); "
          "docs/geography.md lists the rules.")
      .cite(kEngine);
  s.text("geography.layers.population", "")
      .describe(
          "A population raster (GeoTIFF, ASCII grid or any GDAL raster, WGS84 lon/lat) that "
          "replaces the census allocation: each cell gets the people of the raster that fall "
          "in it.")
      .cite(kEngine);
  s.choice("geography.layers.population_units", {"count", "per_km2"}, "count")
      .describe(
          "What the population raster's values are: people per pixel (as WorldPop's counts) "
          "or people per km².")
      .cite(kEngine);
  s.integer("geography.synthetic.population", 1000000)
      .range(1, 1e9)
      .units("people")
      .describe("Total population of the synthetic world (preset synthetic).")
      .cite(kEngine);
  return s;
}
}  // namespace

const Schema& geography_schema() {
  static const Schema schema = build();
  return schema;
}

}  // namespace sahelsim
