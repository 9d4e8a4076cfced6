// `sahelsim export`: one map snapshot of a results file, or one layer of a geography, as a
// GeoTIFF for QGIS and other GIS tools.
#include <cmath>
#include <cstdio>
#include <string>

#include "commands.hpp"
#include "core/errors.hpp"
#include "geo/gdal_io.hpp"
#include "io/h5.hpp"
#include "io/results_reader.hpp"

namespace sahelsim::cli {

int export_map(const std::string& file, const std::string& name, long long step,
               const std::string& output) {
  return reading_results(file, [&] {
    const ResultsFile results(file);
    const hid_t id = results.id();
    if (!h5::exists(id, "grid")) throw UserError({file, 0, 0}, "", "holds no grid");
    h5::Handle grid(H5Gopen2(id, "grid", H5P_DEFAULT), "open grid");
    const auto width = static_cast<int>(h5::read_int_attribute(grid.id(), "width"));
    const auto height = static_cast<int>(h5::read_int_attribute(grid.id(), "height"));
    if (width <= 0 || height <= 0)
      throw h5::Error("HDF5: the grid's width or height is not positive");
    const bool geographic = h5::has_attribute(grid.id(), "cell_deg");
    std::vector<double> values;
    const std::size_t cells = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
    if (h5::exists(id, "maps/" + name)) {
      const auto times = h5::read_int64s(id, "map_time");
      std::size_t frame = times.size();
      for (std::size_t k = 0; k < times.size(); ++k) {
        if (times[k] == step) frame = k;
      }
      if (frame == times.size()) {
        std::string list;
        for (std::size_t k = 0; k < times.size() && k < 12; ++k) {
          list += (k ? ", " : "") + std::to_string(times[k]);
        }
        throw UserError({file, 0, 0}, "--step",
                        "no snapshot of map '" + name + "' at step " + std::to_string(step) +
                            " (snapshots at steps " + list + (times.size() > 12 ? ", ..." : "") +
                            ")");
      }
      values = h5::read_slab(id, "maps/" + name, frame);
    } else if (h5::exists(id, "grid/" + name)) {
      values = h5::read_doubles(id, "grid/" + name);
    } else {
      std::vector<std::string> names;
      if (h5::exists(id, "maps")) names = h5::member_names(id, "maps");
      for (const auto& n : h5::member_names(id, "grid")) names.push_back(n);
      throw UserError({file, 0, 0}, "--map",
                      "no map or grid layer '" + name + "'" + suggestion(name, names));
    }
    if (values.size() != cells) throw UserError({file, 0, 0}, "", "map of an unexpected size");
    std::vector<float> pixels(values.begin(), values.end());
    const double west = geographic ? h5::read_double_attribute(grid.id(), "west") : 0.0;
    const double south = geographic ? h5::read_double_attribute(grid.id(), "south") : 0.0;
    const double cell = geographic ? h5::read_double_attribute(grid.id(), "cell_deg") : 1.0;
    geo::write_geotiff(output, width, height, pixels, geographic, west, south, cell);
    std::printf("wrote %s (%d x %d, %s)\n", output.c_str(), width, height,
                geographic ? "WGS84 lon/lat" : "pixel grid, no coordinate system");
    return kExitOk;
  });
}

}  // namespace sahelsim::cli
