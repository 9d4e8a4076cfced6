#include "cell_index.hpp"

#include <algorithm>
#include <atomic>
#include <cassert>

#include "parallel.hpp"

namespace sahelsim {

void CellIndex::build(std::span<const std::int32_t> cell_of_slot, std::int32_t cells) {
  const auto n_cells = static_cast<std::size_t>(cells);
  const std::size_t n = cell_of_slot.size();
  constexpr std::size_t kGrain = 16384;

  // 1. Histogram. Integer increments commute, so the counts do not depend on the order.
  cursor_.assign(n_cells, 0);
  parallel::for_range(0, n, kGrain, [&](std::size_t first, std::size_t last) {
    for (std::size_t s = first; s != last; ++s) {
      const std::int32_t c = cell_of_slot[s];
      if (c < 0) continue;
      assert(c < cells);
      std::atomic_ref<std::int32_t>(cursor_[static_cast<std::size_t>(c)])
          .fetch_add(1, std::memory_order_relaxed);
    }
  });

  // 2. Exclusive prefix sum into offsets (one pass over the cells: memory-bound anyway).
  offsets_.resize(n_cells + 1);
  offsets_[0] = 0;
  for (std::size_t c = 0; c < n_cells; ++c) offsets_[c + 1] = offsets_[c] + cursor_[c];
  slots_.resize(static_cast<std::size_t>(offsets_[n_cells]));

  // 3. Scatter. Positions within a cell depend on thread timing here...
  std::copy(offsets_.begin(), offsets_.end() - 1, cursor_.begin());
  parallel::for_range(0, n, kGrain, [&](std::size_t first, std::size_t last) {
    for (std::size_t s = first; s != last; ++s) {
      const std::int32_t c = cell_of_slot[s];
      if (c < 0) continue;
      const std::int32_t at = std::atomic_ref<std::int32_t>(cursor_[static_cast<std::size_t>(c)])
                                  .fetch_add(1, std::memory_order_relaxed);
      slots_[static_cast<std::size_t>(at)] = static_cast<std::int32_t>(s);
    }
  });

  // 4. ...so each cell's segment is sorted, which makes the result unique.
  parallel::for_range(0, n_cells, kGrain, [&](std::size_t first, std::size_t last) {
    for (std::size_t c = first; c != last; ++c) {
      const auto b = static_cast<std::size_t>(offsets_[c]);
      const auto e = static_cast<std::size_t>(offsets_[c + 1]);
      if (e - b > 1) {
        std::sort(slots_.begin() + static_cast<std::ptrdiff_t>(b),
                  slots_.begin() + static_cast<std::ptrdiff_t>(e));
      }
    }
  });
}

}  // namespace sahelsim
