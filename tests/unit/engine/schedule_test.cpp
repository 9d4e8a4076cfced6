#include <doctest/doctest.h>

#include <atomic>
#include <string>

#include "core/schedule.hpp"

using namespace sahelsim;

TEST_CASE("phases run in order and a parallel phase covers its whole range once") {
  Schedule schedule;
  std::string trace;
  std::vector<int> hits(10000, 0);
  schedule.serial("first", [&](StepContext&) { trace += "a"; });
  schedule.parallel(
      "cover", [] { return std::size_t{10000}; }, 64,
      [&](const StepContext&, std::size_t b, std::size_t e) {
        for (std::size_t i = b; i < e; ++i) ++hits[i];
      });
  schedule.serial("last", [&](StepContext&) { trace += "b"; });
  StepContext context;
  schedule.run(context);
  CHECK(trace == "ab");
  for (int h : hits) REQUIRE(h == 1);
  const auto timings = schedule.timings();
  REQUIRE(timings.size() == 3);
  CHECK(timings[1].name == "cover");
  CHECK(timings[1].parallel);
  CHECK_FALSE(timings[0].parallel);
}

TEST_CASE("guarded stores are locked during parallel phases only") {
  Schedule schedule;
  AgentStore store("guarded");
  schedule.guard(store);
  std::atomic<bool> locked_in_parallel{true};
  bool locked_in_serial = true;
  schedule.parallel(
      "look", [] { return std::size_t{100}; }, 10,
      [&](const StepContext&, std::size_t, std::size_t) {
        if (!store.locked()) locked_in_parallel = false;
      });
  schedule.serial("apply", [&](StepContext&) { locked_in_serial = store.locked(); });
  StepContext context;
  schedule.run(context);
  CHECK(locked_in_parallel.load());
  CHECK_FALSE(locked_in_serial);
}
