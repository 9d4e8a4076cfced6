#include <doctest/doctest.h>

#include <set>

#include "core/grid.hpp"

using namespace sahelsim;

TEST_CASE("Euclidean radius 1.7 gives the 8 Moore neighbours") {
  const Neighbourhood n(NeighbourhoodKind::euclidean, 1.7);
  CHECK(n.size() == 8);
  CHECK(n.reach() == 1);
}

TEST_CASE("Euclidean radius 7 gives 148 sites besides the centre") {
  CHECK(Neighbourhood(NeighbourhoodKind::euclidean, 7.0).size() == 148);
}

TEST_CASE("neighbourhood sizes of each kind") {
  CHECK(Neighbourhood(NeighbourhoodKind::euclidean, 1.0).size() == 4);
  CHECK(Neighbourhood(NeighbourhoodKind::euclidean, 0.5).size() == 0);
  CHECK(Neighbourhood(NeighbourhoodKind::moore, 1.0).size() == 8);
  CHECK(Neighbourhood(NeighbourhoodKind::moore, 1.7).size() == 8);
  CHECK(Neighbourhood(NeighbourhoodKind::moore, 2.0).size() == 24);
  CHECK(Neighbourhood(NeighbourhoodKind::moore, 7.0).size() == 224);  // 15 x 15 - 1
  CHECK(Neighbourhood(NeighbourhoodKind::von_neumann, 1.0).size() == 4);
  CHECK(Neighbourhood(NeighbourhoodKind::von_neumann, 1.7).size() == 4);
  CHECK(Neighbourhood(NeighbourhoodKind::von_neumann, 7.0).size() == 112);  // 2 r (r + 1)
}

TEST_CASE("offsets are row-major and the row spans cover exactly the offsets and the centre") {
  for (const auto kind :
       {NeighbourhoodKind::euclidean, NeighbourhoodKind::moore, NeighbourhoodKind::von_neumann}) {
    const Neighbourhood n(kind, 4.3);
    for (std::size_t i = 1; i < n.offsets().size(); ++i) {
      const Offset a = n.offsets()[i - 1];
      const Offset b = n.offsets()[i];
      CHECK((a.dy < b.dy || (a.dy == b.dy && a.dx < b.dx)));
    }
    std::size_t covered = 0;
    for (const RowSpan& span : n.rows())
      covered += static_cast<std::size_t>(2 * span.half_width + 1);
    CHECK(covered == n.size() + 1);
  }
}

TEST_CASE("a torus wraps neighbours around both edges") {
  const Grid grid(10, 5, Topology::torus);
  CHECK(grid.neighbour(grid.cell(0, 0), {-1, 0}) == grid.cell(9, 0));
  CHECK(grid.neighbour(grid.cell(0, 0), {0, -1}) == grid.cell(0, 4));
  CHECK(grid.neighbour(grid.cell(9, 4), {1, 1}) == grid.cell(0, 0));
}

TEST_CASE("a bounded grid has no neighbours beyond its edges") {
  const Grid grid(10, 5, Topology::bounded);
  CHECK(grid.neighbour(grid.cell(0, 0), {-1, 0}) == -1);
  CHECK(grid.neighbour(grid.cell(9, 4), {0, 1}) == -1);
  CHECK(grid.neighbour(grid.cell(5, 2), {1, 1}) == grid.cell(6, 3));
  int count = 0;
  grid.visit(grid.cell(0, 0), Neighbourhood(NeighbourhoodKind::moore, 1),
             [&](std::int32_t) { ++count; });
  CHECK(count == 3);
}

TEST_CASE("visit meets the same cells as neighbour() in the same order") {
  const Grid grid(9, 9, Topology::torus);
  const Neighbourhood n(NeighbourhoodKind::euclidean, 3.2);
  REQUIRE(grid.fits(n));
  for (std::int32_t cell : {0, 40, 80, 8}) {
    std::vector<std::int32_t> visited;
    grid.visit(cell, n, [&](std::int32_t c) { visited.push_back(c); });
    REQUIRE(visited.size() == n.size());
    for (std::size_t i = 0; i < n.size(); ++i)
      CHECK(visited[i] == grid.neighbour(cell, n.offsets()[i]));
    CHECK(std::set<std::int32_t>(visited.begin(), visited.end()).size() == n.size());
  }
}

TEST_CASE("a neighbourhood that would wrap onto itself does not fit a small torus") {
  const Neighbourhood n(NeighbourhoodKind::euclidean, 7.0);
  CHECK(Grid(15, 15, Topology::torus).fits(n));
  CHECK_FALSE(Grid(14, 40, Topology::torus).fits(n));
  CHECK(Grid(14, 40, Topology::bounded).fits(n));
}

TEST_CASE("geo-referenced cell centres") {
  const Grid grid(4, 3, Topology::bounded, GeoReference{-12.5, 10.0, 0.5});
  CHECK(grid.x_coordinates()[0] == doctest::Approx(-12.25));
  CHECK(grid.x_coordinates()[3] == doctest::Approx(-10.75));
  CHECK(grid.y_coordinates()[0] == doctest::Approx(10.25));
  CHECK(grid.y_coordinates()[2] == doctest::Approx(11.25));
  const Grid plain(4, 3, Topology::torus);
  CHECK(plain.x_coordinates()[2] == 2.0);
}

TEST_CASE("runs of a neighbourhood cover its row spans in order") {
  for (const auto topology : {Topology::torus, Topology::bounded}) {
    const Grid grid(11, 9, topology);
    const Neighbourhood n(NeighbourhoodKind::euclidean, 3.6);
    for (std::int32_t cell = 0; cell < grid.cells(); ++cell) {
      std::vector<std::int32_t> from_runs;
      grid.for_each_run(cell, n, [&](std::int32_t first, std::int32_t last) {
        for (std::int32_t c = first; c < last; ++c) from_runs.push_back(c);
      });
      std::vector<std::int32_t> visited;
      for (const RowSpan& span : n.rows()) {
        for (int dx = -span.half_width; dx <= span.half_width; ++dx) {
          const std::int32_t c =
              dx == 0 && span.dy == 0 ? cell : grid.neighbour(cell, {dx, span.dy});
          if (c >= 0) visited.push_back(c);
        }
      }
      REQUIRE(from_runs == visited);
    }
  }
}
