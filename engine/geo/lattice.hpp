// A regular lon/lat lattice of sample points and distances measured on it.
//
// The geography samples each cell with k x k points (k odd, so that the middle point is the
// cell centre). Distances are exact Euclidean distance transforms (Felzenszwalb &
// Huttenlocher 2012, "Distance transforms of sampled functions") in a local
// equirectangular metric: a step along a row is R cos(lat) dlon, a step along a column
// R dlat, with R the mean Earth radius. Accurate to about one lattice step near the
// sources; over hundreds of km the flat metric is good to a few per cent.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

namespace sahelsim::geo {

inline constexpr double kEarthRadiusKm = 6371.0088;  // IUGG mean radius
inline constexpr double kPi = 3.14159265358979323846;

struct Lattice {
  double west = 0.0;   // western edge of column 0
  double south = 0.0;  // southern edge of row 0
  double step = 1.0;   // degrees between points (and size of the square each one stands for)
  int width = 0;
  int height = 0;

  [[nodiscard]] std::size_t size() const {
    return static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
  }
  [[nodiscard]] double lon(int x) const { return west + (x + 0.5) * step; }
  [[nodiscard]] double lat(int y) const { return south + (y + 0.5) * step; }
  // km between neighbouring points along row y, and along a column.
  [[nodiscard]] double dx_km(int y) const {
    return kEarthRadiusKm * std::cos(lat(y) * kPi / 180.0) * step * kPi / 180.0;
  }
  [[nodiscard]] double dy_km() const { return kEarthRadiusKm * step * kPi / 180.0; }
  // Column / row of the point whose square contains lon / lat (may be out of range).
  [[nodiscard]] int column_of(double longitude) const {
    return static_cast<int>(std::floor((longitude - west) / step));
  }
  [[nodiscard]] int row_of(double latitude) const {
    return static_cast<int>(std::floor((latitude - south) / step));
  }
};

// Area in km² of a lon/lat box on the sphere: R² dlon (sin(north) - sin(south)).
[[nodiscard]] double box_area_km2(double south, double north, double dlon_deg);

// Great-circle distance in km (haversine).
[[nodiscard]] double haversine_km(double lon1, double lat1, double lon2, double lat2);

struct DistanceField {
  std::vector<float> km;            // distance to the nearest source; +inf without sources
  std::vector<std::int32_t> index;  // point index of that source; -1 without sources
};

// Distance from every lattice point to the nearest point with source[p] != 0.
[[nodiscard]] DistanceField distance_transform(const Lattice& lattice,
                                               const std::vector<std::uint8_t>& source);

}  // namespace sahelsim::geo
