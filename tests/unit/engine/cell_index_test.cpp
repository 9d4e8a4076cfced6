#include <doctest/doctest.h>

#include <oneapi/tbb/global_control.h>

#include <algorithm>

#include "core/cell_index.hpp"
#include "core/rng.hpp"

using namespace sahelsim;

TEST_CASE("the cell index lists each cell's agents in slot order") {
  const std::vector<std::int32_t> cells = {2, 0, 2, -1, 1, 2, 0};
  CellIndex index;
  index.build(cells, 4);
  CHECK(index.placed() == 6);
  CHECK(index.count(0) == 2);
  CHECK(index.count(3) == 0);
  const auto in_two = index.agents(2);
  REQUIRE(in_two.size() == 3);
  CHECK(in_two[0] == 0);
  CHECK(in_two[1] == 2);
  CHECK(in_two[2] == 5);
  CHECK(index.agents(0)[0] == 1);
  CHECK(index.agents(0)[1] == 6);
}

TEST_CASE("the cell index is identical at 1, 2 and 4 threads") {
  const std::int32_t n_cells = 5000;
  std::vector<std::int32_t> cells(300000);
  Draws draws(1, 1, 0, 0);
  for (auto& c : cells)
    c = static_cast<std::int32_t>(draws.below(static_cast<std::uint64_t>(n_cells))) - 1;
  std::vector<std::vector<std::int32_t>> results;
  for (int threads : {1, 2, 4}) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                              static_cast<std::size_t>(threads));
    CellIndex index;
    index.build(cells, n_cells);
    std::vector<std::int32_t> flat;
    for (std::int32_t c = 0; c < n_cells; ++c) {
      const auto agents = index.agents(c);
      REQUIRE(std::is_sorted(agents.begin(), agents.end()));
      for (auto s : agents) {
        REQUIRE(cells[static_cast<std::size_t>(s)] == c);
        flat.push_back(s);
      }
    }
    results.push_back(flat);
  }
  CHECK(results[0] == results[1]);
  CHECK(results[0] == results[2]);
}
