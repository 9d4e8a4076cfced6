// Geographic input through GDAL/OGR: vector layers (GeoJSON, Shapefile, CSV with lon/lat
// columns, any OGR format), rasters (GeoTIFF, ASCII grid, any GDAL format), and
// rasterization of geometries onto a lattice. Everything is WGS84 longitude/latitude;
// other coordinate systems are refused with a clear error (reproject with ogr2ogr or
// gdalwarp first).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "lattice.hpp"

typedef void* OGRGeometryH;  // NOLINT: as GDAL's ogr_api.h declares it

namespace sahelsim::geo {

// Registers GDAL's drivers once and routes GDAL's messages to our errors.
void gdal_init();

// A file to read, how to name it to the user, and the scenario key that named it.
struct Input {
  std::string path;   // what GDAL opens (may be /vsimem/... for built-in data)
  std::string shown;  // what errors print
  std::string key;    // e.g. "geography.layers.regions"
};

struct GeometryDeleter {
  void operator()(void* geometry) const;
};
using Geometry = std::unique_ptr<void, GeometryDeleter>;

struct Feature {
  Geometry geometry;                          // never null
  std::map<std::string, std::string> fields;  // attribute name -> value as text
  [[nodiscard]] OGRGeometryH handle() const { return geometry.get(); }
  // The attribute, or "" when absent.
  [[nodiscard]] std::string field(const std::string& name) const;
};

enum class Shape { polygons, lines, points };

struct VectorLayer {
  Input input;
  std::vector<Feature> features;
  std::vector<std::string> field_names;
  int skipped = 0;  // features without geometry (e.g. CSV rows with empty coordinates)
};

// Reads the first layer of a vector file. Throws UserError naming the file when it is
// missing, unreadable, empty, holds another kind of geometry, or is not in WGS84 lon/lat.
[[nodiscard]] VectorLayer read_vector(const Input& input, Shape shape);

// Reads the rows of a table (CSV or any OGR format) as text, geometry ignored.
[[nodiscard]] std::vector<std::map<std::string, std::string>> read_table(const Input& input);

// A geometry from WKT (for generated worlds); throws std::invalid_argument on bad WKT.
[[nodiscard]] Geometry geometry_from_wkt(const std::string& wkt);

// Throws UserError naming the layer when `field` is not one of its attributes.
void require_field(const VectorLayer& layer, const std::string& field,
                   const std::string& field_key);

// Band 1 of a raster, opened and checked (coordinate system, north-up, lon/lat extent).
// Pixels are read by windows, so that a large raster never has to fit in memory.
class RasterFile {
 public:
  explicit RasterFile(const Input& input);  // throws UserError naming the file

  int width = 0;
  int height = 0;
  double transform[6] = {0, 1, 0, 0, 0, -1};  // GDAL geotransform: x0, dx, 0, y0, 0, -dy
  bool has_nodata = false;
  double nodata = 0.0;

  // Rows [row, row + rows) and columns [column, column + columns), row-major, row 0 the
  // northern-most, into `out`.
  void read(int row, int rows, int column, int columns, std::vector<double>& out) const;

 private:
  Input input_;
  std::shared_ptr<void> dataset_;
};

// Burns geometries onto the lattice: point p gets burn[i] of the last geometry i that
// covers its centre (all_touched: that touches its square at all). Row 0 is southern-most.
[[nodiscard]] std::vector<std::uint16_t> rasterize(const Lattice& lattice,
                                                   const std::vector<OGRGeometryH>& geometries,
                                                   const std::vector<double>& burn,
                                                   bool all_touched);

// Writes a single-band Float32 GeoTIFF. `values` are row-major with row 0 the
// southern-most (as the grid stores them); `geographic`: WGS84 lon/lat with the given
// west/south edges and cell size, otherwise a plain pixel grid without a CRS. NaN is the
// nodata value. Throws UserError when the file cannot be written.
void write_geotiff(const std::string& path, int width, int height,
                   const std::vector<float>& values, bool geographic, double west, double south,
                   double cell);

// Makes `bytes` readable by GDAL at `path` (a /vsimem/ path); idempotent.
void register_memory_file(const std::string& path, const unsigned char* bytes, std::size_t size);

}  // namespace sahelsim::geo
