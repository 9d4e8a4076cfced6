#include <doctest/doctest.h>

#include <filesystem>

#include "../../support/support.hpp"
#include "io/results_reader.hpp"
#include "io/results_writer.hpp"
#include "registry.hpp"

using namespace sahelsim;
namespace fs = std::filesystem;

namespace {
const char* kScenario =
    "model: epstein\nname: round trip\nseed: 5\nsteps: 40\n"
    "calendar: {start: 2012-01-01, step: 7d}\n"
    "params: {width: 20, height: 16, agent_vision: 3, cop_vision: 3, activation: parallel}\n"
    "timeline:\n  - at: 10\n    set: {params.legitimacy: 0.6}\n    note: drop\n"
    "output: {every: 3, maps_every: 10}\n";

RunStats write(const ScenarioSpec& spec, const std::string& path, const RunControl& control = {}) {
  ResultsWriter writer(path);
  return run_simulation(*builtin_models().find(spec.model), spec, writer, control);
}
}  // namespace

TEST_CASE("a results file holds what the run produced, with provenance and named dimensions") {
  const ScenarioSpec spec = test::scenario(kScenario);
  const std::string path = test::temp_path("roundtrip.h5");
  write(spec, path);
  const MemorySink memory = test::run(spec, 1);
  REQUIRE(fs::exists(path));
  CHECK_FALSE(fs::exists(path + ".partial"));

  const ResultsFile file(path);
  CHECK(file.format_version() == kResultsFormatVersion);
  CHECK(file.complete());
  CHECK(file.attribute("format") == "sahelsim");
  CHECK(file.attribute("model") == "epstein");
  CHECK(file.attribute("scenario_name") == "round trip");
  CHECK(file.attribute("seed") == "5");
  CHECK(file.attribute("steps_done") == "40");
  CHECK_FALSE(file.attribute("git_commit").empty());
  CHECK_FALSE(file.attribute("engine_version").empty());
  CHECK(file.resolved_scenario() == spec.resolved_yaml);

  // Records at 0, 3, 6, ..., 39 and the last step, 40.
  const auto steps = file.steps();
  REQUIRE(steps.size() == memory.times.size());
  CHECK(steps.front() == 0);
  CHECK(steps[1] == 3);
  CHECK(steps.back() == 40);
  const auto dates = file.dates();
  REQUIRE(dates.size() == steps.size());
  CHECK(dates[0] == "2012-01-01");
  CHECK(dates[1] == "2012-01-22");
  CHECK(h5::read_int64s(file.id(), "time")[1] == 21);  // days since the start

  CHECK(file.series_names() == memory.names);
  for (const auto& name : memory.names) {
    const SeriesData series = file.series(name);
    CHECK(series.values == memory.values(name));
  }
  CHECK(file.series("active").units == "agents");
  CHECK(file.series("arrests").kind == "flow");

  bool found_map = false;
  for (const auto& d : file.datasets()) {
    if (d.path == "/maps/state") {
      found_map = true;
      CHECK(d.shape == std::vector<std::uint64_t>{5, 16, 20});
      CHECK(d.dimensions == std::vector<std::string>{"map_time", "y", "x"});
    }
    if (d.path == "/series/active") CHECK(d.dimensions == std::vector<std::string>{"time"});
    if (d.path == "/events/kind") CHECK(d.dimensions == std::vector<std::string>{"event"});
  }
  CHECK(found_map);
  CHECK(h5::read_strings(file.id(), "timeline/key") ==
        std::vector<std::string>{"params.legitimacy"});
  CHECK(h5::read_int64s(file.id(), "timeline/step") == std::vector<std::int64_t>{10});
  CHECK(h5::read_int64s(file.id(), "events/step").size() == memory.event_log.size());
}

TEST_CASE("an interrupted run leaves only NAME.h5.partial, marked incomplete") {
  const ScenarioSpec spec = test::scenario(kScenario);
  const std::string path = test::temp_path("interrupted.h5");
  std::atomic<bool> stop{true};
  RunControl control;
  control.stop = &stop;
  const RunStats stats = write(spec, path, control);
  CHECK_FALSE(stats.complete);
  CHECK(stats.steps_done == 1);
  CHECK_FALSE(fs::exists(path));
  REQUIRE(fs::exists(path + ".partial"));
  const ResultsFile partial(path + ".partial");
  CHECK_FALSE(partial.complete());
  CHECK(partial.attribute("steps_done") == "1");
}

TEST_CASE("files that are not complete results files are refused with a clear error") {
  const std::string text = test::write_file(test::temp_path("not.h5"), "hello");
  CHECK_THROWS_WITH_AS(ResultsFile{text}, doctest::Contains("not an HDF5 file"), UserError);
  CHECK_THROWS_WITH_AS(ResultsFile{test::temp_path("absent.h5")}, doctest::Contains("no such file"),
                       UserError);
  CHECK_THROWS_WITH_AS(ResultsFile{test::source_dir()}, doctest::Contains("is a directory"),
                       UserError);
}

TEST_CASE("results cannot be written to a folder") {
  const ScenarioSpec spec = test::scenario(kScenario);
  const std::string dir = test::temp_path("a-folder.h5");
  fs::create_directories(dir);
  CHECK_THROWS_WITH_AS(write(spec, dir), doctest::Contains("is a directory"), UserError);
}
