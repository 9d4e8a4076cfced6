#include "cell_index.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/parallel_scan.h>

#include <algorithm>
#include <atomic>
#include <cassert>

namespace sahelsim {

void CellIndex::build(std::span<const std::int32_t> cell_of_slot, std::int32_t cells) {
  const auto n_cells = static_cast<std::size_t>(cells);
  const std::size_t n = cell_of_slot.size();
  constexpr std::size_t kGrain = 16384;

  // 1. Histogram. Integer increments commute, so the counts do not depend on the order.
  cursor_.assign(n_cells, 0);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, kGrain),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t s = r.begin(); s != r.end(); ++s) {
                        const std::int32_t c = cell_of_slot[s];
                        if (c < 0) continue;
                        assert(c < cells);
                        std::atomic_ref<std::int32_t>(cursor_[static_cast<std::size_t>(c)])
                            .fetch_add(1, std::memory_order_relaxed);
                      }
                    });

  // 2. Exclusive prefix sum into offsets.
  offsets_.resize(n_cells + 1);
  offsets_[0] = 0;
  const std::int32_t total = tbb::parallel_scan(
      tbb::blocked_range<std::size_t>(0, n_cells, kGrain), std::int32_t{0},
      [&](const tbb::blocked_range<std::size_t>& r, std::int32_t sum, bool is_final) {
        for (std::size_t c = r.begin(); c != r.end(); ++c) {
          sum += cursor_[c];
          if (is_final) offsets_[c + 1] = sum;
        }
        return sum;
      },
      [](std::int32_t a, std::int32_t b) { return a + b; });
  slots_.resize(static_cast<std::size_t>(total));

  // 3. Scatter. Positions within a cell depend on thread timing here...
  std::copy(offsets_.begin(), offsets_.end() - 1, cursor_.begin());
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, kGrain),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t s = r.begin(); s != r.end(); ++s) {
                        const std::int32_t c = cell_of_slot[s];
                        if (c < 0) continue;
                        const std::int32_t at =
                            std::atomic_ref<std::int32_t>(cursor_[static_cast<std::size_t>(c)])
                                .fetch_add(1, std::memory_order_relaxed);
                        slots_[static_cast<std::size_t>(at)] = static_cast<std::int32_t>(s);
                      }
                    });

  // 4. ...so each cell's segment is sorted, which makes the result unique.
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n_cells, kGrain),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t c = r.begin(); c != r.end(); ++c) {
                        const auto b = static_cast<std::size_t>(offsets_[c]);
                        const auto e = static_cast<std::size_t>(offsets_[c + 1]);
                        if (e - b > 1)
                          std::sort(slots_.begin() + static_cast<std::ptrdiff_t>(b),
                                    slots_.begin() + static_cast<std::ptrdiff_t>(e));
                      }
                    });
}

}  // namespace sahelsim
