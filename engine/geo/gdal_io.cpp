#include "gdal_io.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <gdal_alg.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <cmath>
#include <filesystem>
#include <mutex>
#include <set>
#include <stdexcept>

#include "core/errors.hpp"

namespace sahelsim::geo {

namespace fs = std::filesystem;

namespace {

std::once_flag g_init;

[[noreturn]] void fail(const Input& input, const std::string& message) {
  throw UserError(Location{input.shown, 0, 0}, input.key, message);
}

// GDAL's last error message, trimmed, or `fallback`.
std::string gdal_message(const std::string& fallback) {
  std::string message = CPLGetLastErrorMsg();
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return message.empty() ? fallback : message;
}

void check_exists(const Input& input) {
  if (input.path.rfind("/vsi", 0) == 0) return;
  std::error_code ec;
  if (!fs::exists(input.path, ec)) fail(input, "file not found");
  if (fs::is_directory(input.path, ec)) fail(input, "is a directory (expected a file)");
}

// Refuses anything but geographic WGS84 coordinates. A file without a coordinate system
// (a CSV, an ASCII grid or a Shapefile without .prj) is taken as WGS84 lon/lat; its
// coordinates are then checked to be plausible longitudes and latitudes.
void check_crs(const Input& input, OGRSpatialReferenceH srs) {
  if (srs == nullptr) return;
  OGRSpatialReferenceH wgs84 = OSRNewSpatialReference(nullptr);
  OSRImportFromEPSG(wgs84, 4326);
  const bool same = OSRIsGeographic(srs) != 0 && OSRIsSameGeogCS(srs, wgs84) != 0;
  OSRDestroySpatialReference(wgs84);
  if (!same) {
    const char* name = OSRGetName(srs);
    fail(input, std::string("wrong coordinate reference system (expected WGS84 longitude/"
                            "latitude, EPSG:4326; got '") +
                    (name != nullptr ? name : "unnamed") +
                    "'; reproject it first, e.g. with ogr2ogr -t_srs EPSG:4326 or gdalwarp "
                    "-t_srs EPSG:4326)");
  }
}

void check_lonlat(const Input& input, double min_x, double max_x, double min_y, double max_y) {
  if (min_x < -180.0 - 1e-9 || max_x > 180.0 + 1e-9 || min_y < -90.0 - 1e-9 ||
      max_y > 90.0 + 1e-9) {
    char text[200];
    std::snprintf(text, sizeof text, "x %.6g..%.6g, y %.6g..%.6g", min_x, max_x, min_y, max_y);
    fail(input, std::string("coordinates are not longitude/latitude (expected WGS84 degrees, "
                            "got ") +
                    text + "; reproject to EPSG:4326 first)");
  }
}

const char* shape_name(Shape shape) {
  switch (shape) {
    case Shape::polygons:
      return "polygons";
    case Shape::lines:
      return "lines";
    case Shape::points:
      return "points";
  }
  return "?";
}

bool shape_matches(OGRwkbGeometryType type, Shape shape) {
  switch (wkbFlatten(type)) {
    case wkbPolygon:
    case wkbMultiPolygon:
      return shape == Shape::polygons;
    case wkbLineString:
    case wkbMultiLineString:
      return shape == Shape::lines;
    case wkbPoint:
      return shape == Shape::points;
    default:
      return false;
  }
}

// An open GDAL dataset, closed on scope exit. Construction fails with a message naming the
// file, what was expected and what GDAL said.
class Dataset {
 public:
  Dataset(const Input& input, unsigned flags, const char* const* options, const char* expected) {
    CPLErrorReset();
    handle_ = GDALOpenEx(input.path.c_str(), flags | GDAL_OF_READONLY, nullptr, options, nullptr);
    if (handle_ == nullptr) {
      fail(input, std::string("cannot read as ") + expected +
                      "; GDAL says: " + gdal_message("unrecognised format") + ")");
    }
  }
  Dataset(const Dataset&) = delete;
  Dataset& operator=(const Dataset&) = delete;
  ~Dataset() { GDALClose(handle_); }
  [[nodiscard]] GDALDatasetH get() const { return handle_; }

 private:
  GDALDatasetH handle_ = nullptr;
};

}  // namespace

void gdal_init() {
  std::call_once(g_init, [] {
    GDALAllRegister();
    // GDAL's own printing is replaced by our messages (its text is read back with
    // CPLGetLastErrorMsg where it helps).
    CPLSetErrorHandler(CPLQuietErrorHandler);
  });
}

void GeometryDeleter::operator()(void* geometry) const {
  if (geometry != nullptr) OGR_G_DestroyGeometry(static_cast<OGRGeometryH>(geometry));
}

std::string Feature::field(const std::string& name) const {
  const auto it = fields.find(name);
  return it == fields.end() ? std::string{} : it->second;
}

VectorLayer read_vector(const Input& input, Shape shape) {
  gdal_init();
  check_exists(input);
  // For CSV: coordinates from lon/lat columns, every value kept as text.
  const char* options[] = {"X_POSSIBLE_NAMES=lon,longitude,x", "Y_POSSIBLE_NAMES=lat,latitude,y",
                           "KEEP_GEOM_COLUMNS=YES", nullptr};
  const bool csv = fs::path(input.path).extension() == ".csv";
  const Dataset opened(input, GDAL_OF_VECTOR, csv ? options : nullptr,
                       "a vector layer (expected GeoJSON, Shapefile, CSV with lon/lat columns or "
                       "another OGR format");
  GDALDatasetH dataset = opened.get();
  if (GDALDatasetGetLayerCount(dataset) < 1) fail(input, "empty (expected a layer, got none)");
  OGRLayerH layer = GDALDatasetGetLayer(dataset, 0);
  check_crs(input, OGR_L_GetSpatialRef(layer));

  VectorLayer out;
  out.input = input;
  OGRFeatureDefnH definition = OGR_L_GetLayerDefn(layer);
  const int field_count = OGR_FD_GetFieldCount(definition);
  for (int i = 0; i < field_count; ++i) {
    out.field_names.emplace_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(definition, i)));
  }
  OGR_L_ResetReading(layer);
  double min_x = HUGE_VAL, max_x = -HUGE_VAL, min_y = HUGE_VAL, max_y = -HUGE_VAL;
  std::set<std::string> other_shapes;
  while (OGRFeatureH feature = OGR_L_GetNextFeature(layer)) {
    OGRGeometryH geometry = OGR_F_GetGeometryRef(feature);
    if (geometry == nullptr || OGR_G_IsEmpty(geometry)) {
      ++out.skipped;
      OGR_F_Destroy(feature);
      continue;
    }
    if (!shape_matches(OGR_G_GetGeometryType(geometry), shape)) {
      other_shapes.insert(OGR_G_GetGeometryName(geometry));
      OGR_F_Destroy(feature);
      continue;
    }
    OGREnvelope envelope;
    OGR_G_GetEnvelope(geometry, &envelope);
    min_x = std::min(min_x, envelope.MinX);
    max_x = std::max(max_x, envelope.MaxX);
    min_y = std::min(min_y, envelope.MinY);
    max_y = std::max(max_y, envelope.MaxY);
    Feature f;
    f.geometry = Geometry(OGR_G_Clone(geometry));
    for (int i = 0; i < field_count; ++i) {
      f.fields[out.field_names[static_cast<std::size_t>(i)]] =
          OGR_F_IsFieldSetAndNotNull(feature, i) ? OGR_F_GetFieldAsString(feature, i) : "";
    }
    out.features.push_back(std::move(f));
    OGR_F_Destroy(feature);
  }
  if (!other_shapes.empty()) {
    std::string names;
    for (const auto& n : other_shapes) names += (names.empty() ? "" : ", ") + n;
    fail(input,
         std::string("wrong geometry (expected ") + shape_name(shape) + ", got " + names + ")");
  }
  if (out.features.empty() && csv) {
    fail(input, "no rows with coordinates (expected a CSV with lat and lon columns, got " +
                    std::to_string(out.skipped) + " rows without)");
  }
  if (out.features.empty()) {
    fail(input, std::string("empty layer (expected ") + shape_name(shape) +
                    ", got no features with a geometry)");
  }
  check_lonlat(input, min_x, max_x, min_y, max_y);
  return out;
}

std::vector<std::map<std::string, std::string>> read_table(const Input& input) {
  gdal_init();
  check_exists(input);
  const Dataset opened(input, GDAL_OF_VECTOR, nullptr,
                       "a table (expected CSV or another OGR format");
  GDALDatasetH dataset = opened.get();
  std::vector<std::map<std::string, std::string>> rows;
  if (GDALDatasetGetLayerCount(dataset) < 1) return rows;
  OGRLayerH layer = GDALDatasetGetLayer(dataset, 0);
  OGRFeatureDefnH definition = OGR_L_GetLayerDefn(layer);
  const int field_count = OGR_FD_GetFieldCount(definition);
  OGR_L_ResetReading(layer);
  while (OGRFeatureH feature = OGR_L_GetNextFeature(layer)) {
    std::map<std::string, std::string> row;
    for (int i = 0; i < field_count; ++i) {
      row[OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(definition, i))] =
          OGR_F_IsFieldSetAndNotNull(feature, i) ? OGR_F_GetFieldAsString(feature, i) : "";
    }
    rows.push_back(std::move(row));
    OGR_F_Destroy(feature);
  }
  return rows;
}

void require_field(const VectorLayer& layer, const std::string& field,
                   const std::string& field_key) {
  for (const auto& name : layer.field_names) {
    if (name == field) return;
  }
  std::string names;
  for (const auto& n : layer.field_names) names += (names.empty() ? "" : ", ") + n;
  fail(layer.input, "no attribute '" + field + "' (set " + field_key +
                        " to one of the layer's attributes: " + (names.empty() ? "none" : names) +
                        ")");
}

Geometry geometry_from_wkt(const std::string& wkt) {
  gdal_init();
  OGRGeometryH geometry = nullptr;
  char* text = const_cast<char*>(wkt.c_str());
  if (OGR_G_CreateFromWkt(&text, nullptr, &geometry) != OGRERR_NONE || geometry == nullptr) {
    throw std::invalid_argument("bad WKT: " + wkt.substr(0, 60));
  }
  return Geometry(geometry);
}

RasterFile::RasterFile(const Input& input) : input_(input) {
  gdal_init();
  check_exists(input);
  CPLErrorReset();
  GDALDatasetH dataset =
      GDALOpenEx(input.path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  if (dataset == nullptr) {
    fail(input,
         "cannot read as a raster (expected GeoTIFF, ASCII grid or another GDAL raster "
         "format; GDAL says: " +
             gdal_message("unrecognised format") + ")");
  }
  dataset_ = std::shared_ptr<void>(dataset, [](void* d) { GDALClose(d); });
  if (GDALGetRasterCount(dataset) < 1) fail(input, "empty (expected a raster band, got none)");
  check_crs(input, GDALGetSpatialRef(dataset));
  if (GDALGetGeoTransform(dataset, transform) != CE_None) {
    fail(input, "no geo-reference (expected a north-up raster in WGS84 lon/lat)");
  }
  if (transform[2] != 0.0 || transform[4] != 0.0 || transform[5] >= 0.0 || transform[1] <= 0.0) {
    fail(input, "rotated or south-up raster (expected north-up; warp it with gdalwarp first)");
  }
  width = GDALGetRasterXSize(dataset);
  height = GDALGetRasterYSize(dataset);
  if (width <= 0 || height <= 0) fail(input, "empty raster (0 pixels)");
  check_lonlat(input, transform[0], transform[0] + width * transform[1],
               transform[3] + height * transform[5], transform[3]);
  int nodata_set = 0;
  nodata = GDALGetRasterNoDataValue(GDALGetRasterBand(dataset, 1), &nodata_set);
  has_nodata = nodata_set != 0;
}

void RasterFile::read(int row, int rows, int column, int columns, std::vector<double>& out) const {
  out.resize(static_cast<std::size_t>(rows) * static_cast<std::size_t>(columns));
  if (rows <= 0 || columns <= 0) return;
  GDALRasterBandH band = GDALGetRasterBand(static_cast<GDALDatasetH>(dataset_.get()), 1);
  if (GDALRasterIO(band, GF_Read, column, row, columns, rows, out.data(), columns, rows,
                   GDT_Float64, 0, 0) != CE_None) {
    fail(input_, "cannot read the raster's pixels (GDAL says: " + gdal_message("read error") + ")");
  }
}

std::vector<std::uint16_t> rasterize(const Lattice& lattice,
                                     const std::vector<OGRGeometryH>& geometries,
                                     const std::vector<double>& burn, bool all_touched) {
  gdal_init();
  GDALDriverH driver = GDALGetDriverByName("MEM");
  if (driver == nullptr) throw std::runtime_error("GDAL has no MEM driver");
  GDALDatasetH dataset =
      GDALCreate(driver, "", lattice.width, lattice.height, 1, GDT_UInt16, nullptr);
  if (dataset == nullptr) throw std::runtime_error("GDAL could not create a MEM raster");
  struct Closer {
    GDALDatasetH d;
    ~Closer() { GDALClose(d); }
  } closer{dataset};
  const double north = lattice.south + lattice.height * lattice.step;
  double transform[6] = {lattice.west, lattice.step, 0.0, north, 0.0, -lattice.step};
  GDALSetGeoTransform(dataset, transform);
  std::vector<std::uint16_t> raster(lattice.size(), 0);
  if (!geometries.empty()) {
    int bands[1] = {1};
    char** options = nullptr;
    if (all_touched) options = CSLSetNameValue(options, "ALL_TOUCHED", "TRUE");
    const CPLErr status =
        GDALRasterizeGeometries(dataset, 1, bands, static_cast<int>(geometries.size()),
                                const_cast<OGRGeometryH*>(geometries.data()), nullptr, nullptr,
                                const_cast<double*>(burn.data()), options, nullptr, nullptr);
    CSLDestroy(options);
    if (status != CE_None) {
      throw std::runtime_error("GDAL rasterization failed: " + gdal_message("unknown error"));
    }
    // GDAL's row 0 is the northern-most; ours is the southern-most.
    GDALRasterBandH band = GDALGetRasterBand(dataset, 1);
    std::vector<std::uint16_t> row(static_cast<std::size_t>(lattice.width));
    for (int y = 0; y < lattice.height; ++y) {
      if (GDALRasterIO(band, GF_Read, 0, lattice.height - 1 - y, lattice.width, 1, row.data(),
                       lattice.width, 1, GDT_UInt16, 0, 0) != CE_None) {
        throw std::runtime_error("GDAL raster read failed: " + gdal_message("unknown error"));
      }
      std::copy(row.begin(), row.end(),
                raster.begin() + static_cast<std::ptrdiff_t>(y) * lattice.width);
    }
  }
  return raster;
}

void write_geotiff(const std::string& path, int width, int height, const std::vector<float>& values,
                   bool geographic, double west, double south, double cell) {
  gdal_init();
  GDALDriverH driver = GDALGetDriverByName("GTiff");
  if (driver == nullptr) throw std::runtime_error("GDAL has no GTiff driver");
  const char* options[] = {"COMPRESS=DEFLATE", nullptr};
  CPLErrorReset();
  GDALDatasetH dataset =
      GDALCreate(driver, path.c_str(), width, height, 1, GDT_Float32, const_cast<char**>(options));
  if (dataset == nullptr) {
    throw UserError(Location{path, 0, 0}, "",
                    "cannot write the GeoTIFF (GDAL says: " + gdal_message("unknown error") + ")");
  }
  double transform[6] = {0.0, 1.0, 0.0, static_cast<double>(height), 0.0, -1.0};
  if (geographic) {
    transform[0] = west;
    transform[1] = cell;
    transform[3] = south + height * cell;
    transform[5] = -cell;
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(srs, 4326);
    GDALSetSpatialRef(dataset, srs);
    OSRDestroySpatialReference(srs);
  }
  GDALSetGeoTransform(dataset, transform);
  GDALRasterBandH band = GDALGetRasterBand(dataset, 1);
  GDALSetRasterNoDataValue(band, std::nan(""));
  std::vector<float> row(static_cast<std::size_t>(width));
  CPLErr status = CE_None;
  for (int y = 0; y < height && status == CE_None; ++y) {
    // GeoTIFF rows run north to south.
    const std::size_t from =
        static_cast<std::size_t>(height - 1 - y) * static_cast<std::size_t>(width);
    std::copy(values.begin() + static_cast<std::ptrdiff_t>(from),
              values.begin() + static_cast<std::ptrdiff_t>(from) + width, row.begin());
    status = GDALRasterIO(band, GF_Write, 0, y, width, 1, row.data(), width, 1, GDT_Float32, 0, 0);
  }
  GDALClose(dataset);
  if (status != CE_None) {
    throw UserError(Location{path, 0, 0}, "", "cannot write the GeoTIFF's pixels");
  }
}

void register_memory_file(const std::string& path, const unsigned char* bytes, std::size_t size) {
  gdal_init();
  static std::mutex mutex;
  static std::set<std::string> done;
  const std::lock_guard<std::mutex> lock(mutex);
  if (!done.insert(path).second) return;
  VSILFILE* file = VSIFileFromMemBuffer(path.c_str(), const_cast<GByte*>(bytes),
                                        static_cast<vsi_l_offset>(size), FALSE);
  if (file == nullptr) throw std::runtime_error("cannot register " + path);
  VSIFCloseL(file);
}

}  // namespace sahelsim::geo
