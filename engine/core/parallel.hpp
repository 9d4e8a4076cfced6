// The engine's parallel loops. Every parallel loop in the engine and its models goes
// through here, so that there is one place that decides how work is split and run.
//
// Normal builds run on oneTBB. ThreadSanitizer builds (SAHELSIM_SANITIZE=thread defines
// SAHELSIM_TSAN_EXECUTOR) run the same loops on plain std::threads instead: Debian's oneTBB
// library is not instrumented, so TSan cannot see its synchronisation and would report its
// internal task hand-offs as races; with threads that TSan understands, a report is about
// our code. The results never depend on which executor ran (the determinism contract).
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#ifdef SAHELSIM_TSAN_EXECUTOR
#include <algorithm>
#include <thread>
#else
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/parallel_reduce.h>
#include <oneapi/tbb/task_arena.h>
#include <algorithm>
#endif

namespace sahelsim::parallel {

#ifdef SAHELSIM_TSAN_EXECUTOR
namespace detail {
// Four chunks run by four threads whatever the grain: under TSan the point is to make
// every loop concurrent, even on a small lattice, so that races have a chance to show.
template <class Body>
void run_chunks(std::size_t begin, std::size_t end, std::size_t /*grain*/, Body&& body) {
  if (end <= begin) return;
  const std::size_t chunks = std::min<std::size_t>(4, end - begin);
  const std::size_t size = (end - begin + chunks - 1) / chunks;
  std::vector<std::thread> threads;
  for (std::size_t c = 0; c < chunks; ++c) {
    const std::size_t b = begin + c * size;
    const std::size_t e = std::min(end, b + size);
    if (b < e) threads.emplace_back([&body, b, e, c] { body(b, e, c); });
  }
  for (auto& t : threads) t.join();
}
}  // namespace detail
#endif

// Calls body(first, last) on disjoint subranges covering [begin, end), concurrently.
template <class Body>
void for_range(std::size_t begin, std::size_t end, std::size_t grain, Body&& body) {
#ifdef SAHELSIM_TSAN_EXECUTOR
  detail::run_chunks(begin, end, grain,
                     [&](std::size_t b, std::size_t e, std::size_t) { body(b, e); });
#else
  tbb::parallel_for(tbb::blocked_range<std::size_t>(begin, end, grain == 0 ? 1 : grain),
                    [&](const tbb::blocked_range<std::size_t>& r) { body(r.begin(), r.end()); });
#endif
}

// Sum over [begin, end) of partial(first, last), for an integer type: integer addition is
// exact and order-free, so the result does not depend on the split.
template <class T, class Partial>
T sum(std::size_t begin, std::size_t end, std::size_t grain, Partial&& partial) {
#ifdef SAHELSIM_TSAN_EXECUTOR
  std::vector<T> parts(4, T{0});
  detail::run_chunks(begin, end, grain, [&](std::size_t b, std::size_t e, std::size_t c) {
    parts[c] = partial(b, e);
  });
  T total{0};
  for (const T& p : parts) total += p;
  return total;
#else
  return tbb::parallel_reduce(
      tbb::blocked_range<std::size_t>(begin, end, grain == 0 ? 1 : grain), T{0},
      [&](const tbb::blocked_range<std::size_t>& r, T acc) {
        return acc + partial(r.begin(), r.end());
      },
      [](T a, T b) { return a + b; });
#endif
}

// Runs fn() with at most `threads` worker threads for the parallel loops inside it (a TBB
// task arena; under TSan, where loops always use four threads, simply fn()).
template <class Fn>
void with_threads(int threads, Fn&& fn) {
#ifdef SAHELSIM_TSAN_EXECUTOR
  (void)threads;
  fn();
#else
  tbb::task_arena arena(threads);
  arena.execute(std::forward<Fn>(fn));
#endif
}

// Worker threads the current arena may use under the process-wide limit (`--threads`, a
// tbb::global_control), informational: results do not depend on it.
inline int max_threads() {
#ifdef SAHELSIM_TSAN_EXECUTOR
  return 4;
#else
  const auto limit =
      tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism);
  return static_cast<int>(std::min<std::size_t>(
      static_cast<std::size_t>(tbb::this_task_arena::max_concurrency()), limit));
#endif
}

}  // namespace sahelsim::parallel
