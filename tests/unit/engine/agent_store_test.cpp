#include <doctest/doctest.h>

#include "core/agent_store.hpp"

using namespace sahelsim;

TEST_CASE("agents get increasing ids and default values in every column") {
  AgentStore store("test");
  auto& wealth = store.add_column<float>("wealth", 2.5f);
  auto& cell = store.add_column<std::int32_t>("cell", -1);
  CHECK(store.create(3) == 0);
  CHECK(store.create(2) == 3);
  REQUIRE(store.size() == 5);
  for (std::size_t s = 0; s < 5; ++s) {
    CHECK(store.id(s) == static_cast<AgentId>(s));
    CHECK(wealth[s] == 2.5f);
    CHECK(cell[s] == -1);
  }
  CHECK(store.bytes_per_agent() == sizeof(float) + sizeof(std::int32_t) + 9);
}

TEST_CASE("removal is a stable compaction: survivors keep their order, ids and values") {
  AgentStore store("test");
  auto& value = store.add_column<int>("value");
  store.create(6);
  for (std::size_t s = 0; s < 6; ++s) value[s] = static_cast<int>(10 * s);
  store.remove(4);
  store.remove(1);
  store.remove(4);           // marking twice removes once
  CHECK(store.size() == 6);  // nothing happens before apply_removals
  CHECK(store.apply_removals() == 2);
  REQUIRE(store.size() == 4);
  const AgentId expected_ids[] = {0, 2, 3, 5};
  for (std::size_t s = 0; s < 4; ++s) {
    CHECK(store.id(s) == expected_ids[s]);
    CHECK(value[s] == 10 * expected_ids[s]);
    CHECK(store.slot(expected_ids[s]) == static_cast<std::int64_t>(s));
  }
  CHECK(store.slot(1) == -1);
  CHECK(store.slot(4) == -1);
  CHECK(store.slot(99) == -1);
  // New agents continue the id sequence; ids are never reused.
  CHECK(store.create(1) == 4);
  CHECK(store.id(4) == 6);
}

TEST_CASE("the schedule's lock is visible on the store") {
  AgentStore store("test");
  CHECK_FALSE(store.locked());
  store.lock();
  CHECK(store.locked());
  store.unlock();
  CHECK_FALSE(store.locked());
}
