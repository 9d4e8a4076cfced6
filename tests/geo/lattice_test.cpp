// Units of the geography: distance transform, exact apportionment, spherical areas.
#include <doctest/doctest.h>

#include <cmath>
#include <numeric>

#include "core/rng.hpp"
#include "geo/allocate.hpp"
#include "geo/lattice.hpp"

using namespace sahelsim;
using namespace sahelsim::geo;

TEST_CASE("the distance transform equals brute force in the lattice's metric") {
  const Lattice lattice{-5.0, 12.0, 0.05, 37, 29};
  for (int trial = 0; trial < 4; ++trial) {
    std::vector<std::uint8_t> source(lattice.size(), 0);
    for (std::size_t p = 0; p < source.size(); ++p) {
      Draws d(11, 2, static_cast<std::uint64_t>(trial), p);
      source[p] = d.uniform() < 0.02 ? 1 : 0;
    }
    source[5] = 1;
    const DistanceField field = distance_transform(lattice, source);
    for (int y = 0; y < lattice.height; ++y) {
      for (int x = 0; x < lattice.width; ++x) {
        double best = INFINITY;
        for (int yy = 0; yy < lattice.height; ++yy) {
          for (int xx = 0; xx < lattice.width; ++xx) {
            if (!source[static_cast<std::size_t>(yy * lattice.width + xx)]) continue;
            // The metric: horizontal steps at the source's latitude, vertical steps dy.
            const double dx = lattice.dx_km(yy) * (x - xx), dy = lattice.dy_km() * (y - yy);
            best = std::min(best, std::sqrt(dx * dx + dy * dy));
          }
        }
        const std::size_t p = static_cast<std::size_t>(y * lattice.width + x);
        REQUIRE(field.km[p] == doctest::Approx(best).epsilon(1e-5));
        REQUIRE(source[static_cast<std::size_t>(field.index[p])] == 1);
      }
    }
  }
  // The metric is close to great-circle distance at these scales.
  const double km = lattice.dy_km() * 20;
  CHECK(km == doctest::Approx(haversine_km(-5, 12, -5, 13)).epsilon(1e-6));
}

TEST_CASE("without sources every distance is infinite") {
  const Lattice lattice{0, 0, 1, 4, 3};
  const DistanceField field = distance_transform(lattice, std::vector<std::uint8_t>(12, 0));
  for (float km : field.km) CHECK(std::isinf(km));
  for (auto i : field.index) CHECK(i == -1);
}

TEST_CASE("apportion splits a total exactly and in proportion") {
  const std::vector<double> weights = {1.0, 2.0, 3.0, 0.0, 4.0};
  const auto parts = apportion(1001, weights);
  CHECK(std::accumulate(parts.begin(), parts.end(), std::int64_t{0}) == 1001);
  CHECK(parts[3] == 0);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    CHECK(std::abs(static_cast<double>(parts[i]) - 1001.0 * weights[i] / 10.0) < 1.0);
  }
  // Ties go to the lower index; all-zero weights split evenly.
  CHECK(apportion(1, std::vector<double>{1, 1}) == std::vector<std::int64_t>{1, 0});
  CHECK(apportion(7, std::vector<double>{0, 0, 0}) == std::vector<std::int64_t>{3, 2, 2});
  CHECK(apportion(0, std::vector<double>{1, 2}) == std::vector<std::int64_t>{0, 0});
  // Many small weights: still exact.
  std::vector<double> many(100000);
  for (std::size_t i = 0; i < many.size(); ++i) many[i] = 1.0 + static_cast<double>(i % 7) * 0.1;
  const auto spread = apportion(16014987, many);
  CHECK(std::accumulate(spread.begin(), spread.end(), std::int64_t{0}) == 16014987);
}

TEST_CASE("cell areas on the sphere add up to the area of the band") {
  // A band 10..25 N, 17 degrees wide, cut into 0.1-degree cells.
  double sum = 0.0;
  for (int y = 0; y < 150; ++y)
    sum += 170 * box_area_km2(10.0 + y * 0.1, 10.0 + (y + 1) * 0.1, 0.1);
  CHECK(sum == doctest::Approx(box_area_km2(10.0, 25.0, 17.0)).epsilon(1e-9));
  // One degree at the equator is about 111.2 km square.
  CHECK(box_area_km2(0.0, 1.0, 1.0) == doctest::Approx(111.195 * 111.195).epsilon(1e-3));
}
