#include <doctest/doctest.h>

#include <vector>

#include "core/rng.hpp"
#include "core/row_prefix.hpp"

using namespace sahelsim;

namespace {
// A random 0/1 field.
std::vector<std::uint32_t> random_field(const Grid& grid, double density, std::uint64_t seed) {
  std::vector<std::uint32_t> field(static_cast<std::size_t>(grid.cells()));
  Draws draws(seed, 1, 0, 0);
  for (auto& v : field) v = draws.bernoulli(density) ? 1u : 0u;
  return field;
}
}  // namespace

TEST_CASE("row-prefix neighbourhood sums equal a direct count") {
  for (const auto topology : {Topology::torus, Topology::bounded}) {
    for (const auto kind :
         {NeighbourhoodKind::euclidean, NeighbourhoodKind::moore, NeighbourhoodKind::von_neumann}) {
      for (const double radius : {1.0, 1.7, 3.5, 7.0}) {
        const Grid grid(23, 17, topology);
        const Neighbourhood n(kind, radius);
        if (!grid.fits(n)) continue;
        const auto field = random_field(grid, 0.4, 5);
        RowPrefix<std::uint32_t> prefix(grid, n);
        prefix.build([&](std::int32_t c) { return field[static_cast<std::size_t>(c)]; });
        for (std::int32_t cell = 0; cell < grid.cells(); ++cell) {
          std::uint32_t direct = field[static_cast<std::size_t>(cell)];
          grid.visit(cell, n,
                     [&](std::int32_t c) { direct += field[static_cast<std::size_t>(c)]; });
          REQUIRE(prefix.sum(n, grid.x_of(cell), grid.y_of(cell)) == direct);
        }
      }
    }
  }
}

TEST_CASE("select finds the k-th counted site in row-major order") {
  for (const auto topology : {Topology::torus, Topology::bounded}) {
    const Grid grid(19, 21, topology);
    const Neighbourhood n(NeighbourhoodKind::euclidean, 4.0);
    const auto field = random_field(grid, 0.3, 9);
    RowPrefix<std::uint32_t> prefix(grid, n);
    prefix.build([&](std::int32_t c) { return field[static_cast<std::size_t>(c)]; });
    const auto identity = [](std::uint32_t v) { return v; };
    for (std::int32_t cell = 0; cell < grid.cells(); cell += 7) {
      // Direct enumeration in the same order: row spans, dy then dx, centre included.
      std::vector<std::int32_t> counted;
      for (const RowSpan& span : n.rows()) {
        for (int dx = -span.half_width; dx <= span.half_width; ++dx) {
          const std::int32_t c =
              dx == 0 && span.dy == 0 ? cell : grid.neighbour(cell, {dx, span.dy});
          if (c >= 0 && field[static_cast<std::size_t>(c)]) counted.push_back(c);
        }
      }
      const int x = grid.x_of(cell);
      const int y = grid.y_of(cell);
      REQUIRE(prefix.sum(n, x, y) == counted.size());
      for (std::uint32_t k = 0; k < counted.size(); ++k) {
        CHECK(prefix.select(n, x, y, k, identity) == counted[k]);
      }
    }
  }
}

TEST_CASE("packed counts in one integer do not interfere") {
  const Grid grid(30, 30, Topology::torus);
  const Neighbourhood n(NeighbourhoodKind::euclidean, 7.0);
  const auto a = random_field(grid, 0.5, 1);
  const auto b = random_field(grid, 0.2, 2);
  RowPrefix<std::uint32_t> packed(grid, n);
  packed.build([&](std::int32_t c) {
    return (b[static_cast<std::size_t>(c)] << 16) | a[static_cast<std::size_t>(c)];
  });
  RowPrefix<std::uint32_t> only_a(grid, n);
  only_a.build([&](std::int32_t c) { return a[static_cast<std::size_t>(c)]; });
  RowPrefix<std::uint32_t> only_b(grid, n);
  only_b.build([&](std::int32_t c) { return b[static_cast<std::size_t>(c)]; });
  for (int y = 0; y < 30; ++y) {
    for (int x = 0; x < 30; ++x) {
      const std::uint32_t both = packed.sum(n, x, y);
      CHECK((both & 0xFFFFu) == only_a.sum(n, x, y));
      CHECK((both >> 16) == only_b.sum(n, x, y));
    }
  }
}
