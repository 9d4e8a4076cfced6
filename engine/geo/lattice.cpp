#include "lattice.hpp"

#include <limits>

#include "core/parallel.hpp"

namespace sahelsim::geo {

double box_area_km2(double south, double north, double dlon_deg) {
  const double rad = kPi / 180.0;
  return kEarthRadiusKm * kEarthRadiusKm * dlon_deg * rad *
         (std::sin(north * rad) - std::sin(south * rad));
}

double haversine_km(double lon1, double lat1, double lon2, double lat2) {
  const double rad = kPi / 180.0;
  const double dlat = (lat2 - lat1) * rad;
  const double dlon = (lon2 - lon1) * rad;
  const double a =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(lat1 * rad) * std::cos(lat2 * rad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2.0 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

// Lower envelope of parabolas f(q) + s²(p - q)² over q (Felzenszwalb & Huttenlocher):
// d[p] = min_q f(q) + s² (p - q)², arg[p] the minimising q (-1 when every f is infinite).
void envelope_1d(const std::vector<double>& f, double s2, std::vector<double>& d,
                 std::vector<int>& arg, std::vector<int>& v, std::vector<double>& z) {
  const int n = static_cast<int>(f.size());
  int k = -1;
  for (int q = 0; q < n; ++q) {
    if (f[static_cast<std::size_t>(q)] == kInf) continue;
    const double fq = f[static_cast<std::size_t>(q)] + s2 * q * q;
    while (k >= 0) {
      const int r = v[static_cast<std::size_t>(k)];
      const double fr = f[static_cast<std::size_t>(r)] + s2 * r * r;
      const double s = (fq - fr) / (2.0 * s2 * (q - r));
      if (s <= z[static_cast<std::size_t>(k)]) {
        --k;
      } else {
        break;
      }
    }
    ++k;
    v[static_cast<std::size_t>(k)] = q;
    if (k == 0) {
      z[0] = -kInf;
    } else {
      const int r = v[static_cast<std::size_t>(k - 1)];
      z[static_cast<std::size_t>(k)] =
          ((fq) - (f[static_cast<std::size_t>(r)] + s2 * r * r)) / (2.0 * s2 * (q - r));
    }
    z[static_cast<std::size_t>(k + 1)] = kInf;
  }
  if (k < 0) {
    std::fill(d.begin(), d.end(), kInf);
    std::fill(arg.begin(), arg.end(), -1);
    return;
  }
  int j = 0;
  for (int p = 0; p < n; ++p) {
    while (z[static_cast<std::size_t>(j + 1)] < p) ++j;
    const int q = v[static_cast<std::size_t>(j)];
    d[static_cast<std::size_t>(p)] = f[static_cast<std::size_t>(q)] + s2 * (p - q) * (p - q);
    arg[static_cast<std::size_t>(p)] = q;
  }
}
}  // namespace

DistanceField distance_transform(const Lattice& lattice, const std::vector<std::uint8_t>& source) {
  const int w = lattice.width;
  const int h = lattice.height;
  const auto at = [w](int x, int y) {
    return static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x);
  };
  // Pass 1, along rows: squared km to the nearest source of the same row, and its column.
  std::vector<double> g(lattice.size(), kInf);
  std::vector<std::int32_t> column(lattice.size(), -1);
  parallel::for_range(0, static_cast<std::size_t>(h), 8, [&](std::size_t y0, std::size_t y1) {
    for (int y = static_cast<int>(y0); y < static_cast<int>(y1); ++y) {
      const double dx = lattice.dx_km(y);
      int last = -1;
      for (int x = 0; x < w; ++x) {  // nearest source to the left (or here)
        if (source[at(x, y)] != 0) last = x;
        if (last >= 0) {
          g[at(x, y)] = dx * dx * (x - last) * (x - last);
          column[at(x, y)] = last;
        }
      }
      last = -1;
      for (int x = w - 1; x >= 0; --x) {  // to the right, when nearer (ties: the left one)
        if (source[at(x, y)] != 0) last = x;
        if (last >= 0) {
          const double d = dx * dx * (last - x) * (last - x);
          if (d < g[at(x, y)]) {
            g[at(x, y)] = d;
            column[at(x, y)] = last;
          }
        }
      }
    }
  });
  // Pass 2, along columns: lower envelope of the row distances plus the vertical offset.
  DistanceField out;
  out.km.assign(lattice.size(), std::numeric_limits<float>::infinity());
  out.index.assign(lattice.size(), -1);
  const double dy2 = lattice.dy_km() * lattice.dy_km();
  parallel::for_range(0, static_cast<std::size_t>(w), 16, [&](std::size_t x0, std::size_t x1) {
    std::vector<double> f(static_cast<std::size_t>(h)), d(static_cast<std::size_t>(h));
    std::vector<int> arg(static_cast<std::size_t>(h)), v(static_cast<std::size_t>(h));
    std::vector<double> z(static_cast<std::size_t>(h) + 1);
    for (int x = static_cast<int>(x0); x < static_cast<int>(x1); ++x) {
      for (int y = 0; y < h; ++y) f[static_cast<std::size_t>(y)] = g[at(x, y)];
      envelope_1d(f, dy2, d, arg, v, z);
      for (int y = 0; y < h; ++y) {
        const int r = arg[static_cast<std::size_t>(y)];
        if (r < 0) continue;
        out.km[at(x, y)] = static_cast<float>(std::sqrt(d[static_cast<std::size_t>(y)]));
        out.index[at(x, y)] = static_cast<std::int32_t>(at(column[at(x, r)], r));
      }
    }
  });
  return out;
}

}  // namespace sahelsim::geo
