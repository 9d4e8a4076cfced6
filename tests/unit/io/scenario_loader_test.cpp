#include <doctest/doctest.h>

#include "../../support/support.hpp"
#include "core/scenario_schema.hpp"
#include "registry.hpp"

#include <filesystem>

using namespace sahelsim;

namespace {
const char* kValid = "model: epstein\nseed: 3\nsteps: 20\nparams:\n  legitimacy: 0.7\n";

// The message of the UserError that loading `yaml` throws ("" when it loads).
std::string load_error(const std::string& yaml, const ScenarioOverrides& overrides = {}) {
  try {
    (void)test::scenario(yaml, overrides);
  } catch (const UserError& e) {
    return e.what();
  }
  return {};
}
}  // namespace

TEST_CASE("a valid scenario loads with its values and the model's defaults") {
  const ScenarioSpec spec = test::scenario(kValid);
  CHECK(spec.model == "epstein");
  CHECK(spec.name == "test");  // from the file name
  CHECK(spec.seed == 3);
  CHECK(spec.steps == 20);
  CHECK(spec.params.real("params.legitimacy") == 0.7);
  CHECK(spec.params.real("params.cop_density") == 0.04);
  CHECK(spec.params.origin(spec.params.index("params.legitimacy")).str() == "test.yaml:5:15");
  CHECK_FALSE(spec.calendar);
  CHECK(spec.output.every == 1);
}

TEST_CASE("an unknown key is an error naming the nearest valid key") {
  CHECK(load_error("model: epstein\nseed: 1\nsteps: 5\nsteeps: 9\n") ==
        "test.yaml:4:1: steeps: unknown key (did you mean 'steps'?)");
  CHECK(load_error("model: epstein\nsteps: 5\nparams:\n  legitimacyy: 0.5\n") ==
        "test.yaml:4:3: params.legitimacyy: unknown key (did you mean 'legitimacy'?)");
}

TEST_CASE("type, range and NaN errors name file:line:col and the dotted key") {
  CHECK(load_error("model: epstein\nseed: 1\nsteps: ten\n") ==
        "test.yaml:3:8: steps: wrong type (expected an integer in [1, 1000000000], got 'ten')");
  CHECK(load_error("model: epstein\nsteps: 5\nparams:\n  legitimacy: 1.7\n") ==
        "test.yaml:4:15: params.legitimacy: out of range (expected a number in [0, 1], got 1.7)");
  CHECK(load_error("model: epstein\nsteps: 5\nparams:\n  legitimacy: .nan\n") ==
        "test.yaml:4:15: params.legitimacy: not a number (expected a number in [0, 1], got .nan)");
  CHECK(load_error("model: epstein\nsteps: -3\n").find("test.yaml:2:8: steps: out of range") == 0);
  CHECK(load_error("model: epstein\nsteps: 5\nparams: 3\n")
            .find("test.yaml:3:9: params: wrong type (expected a map") == 0);
  CHECK(load_error("model: epstein\nsteps: 5\nparams:\n  legitimacy: [1]\n").find("got a list") !=
        std::string::npos);
}

TEST_CASE("an unknown model names the registered ones") {
  const std::string message = load_error("model: epstien\nsteps: 5\n");
  CHECK(message.find("test.yaml:1:8: model: unknown model") == 0);
  CHECK(message.find("did you mean 'epstein'?") != std::string::npos);
}

TEST_CASE("missing required keys are reported at the top of the file") {
  CHECK(load_error("seed: 1\n").find("test.yaml:1:1: model: missing") == 0);
  CHECK(load_error("model: epstein\n").find("test.yaml:1:1: steps: missing") == 0);
  CHECK(load_error("").find("empty scenario") != std::string::npos);
  CHECK(load_error("- 1\n- 2\n").find("a scenario must be a map") != std::string::npos);
}

TEST_CASE("every problem in a file is reported at once") {
  const std::string message = load_error("model: epstein\nsteps: 0\nseed: x\nparams:\n  foo: 1\n");
  CHECK(message.find("steps: out of range") != std::string::npos);
  CHECK(message.find("seed: wrong type") != std::string::npos);
  CHECK(message.find("params.foo: unknown key") != std::string::npos);
}

TEST_CASE("cross-parameter checks name the key and where its value came from") {
  const std::string message =
      load_error("model: epstein\nsteps: 5\nparams:\n  agent_density: 0.9\n  cop_density: 0.2\n");
  CHECK(message.find("test.yaml:5:16: params.cop_density: agents and cops do not fit") == 0);
  CHECK(load_error("model: epstein\nsteps: 5\nparams:\n  width: 10\n")
            .find("params.agent_vision: vision reaches round the torus") != std::string::npos);
}

TEST_CASE("--set overrides any key and is checked like the file") {
  ScenarioOverrides overrides;
  overrides.sets = {"params.legitimacy=0.5", "steps=7", "output.maps_every=2"};
  const ScenarioSpec spec = test::scenario(kValid, overrides);
  CHECK(spec.params.real("params.legitimacy") == 0.5);
  CHECK(spec.steps == 7);
  CHECK(spec.output.maps_every == 2);
  CHECK(load_error(kValid, {{"params.legitimacy=1.4"}}) ==
        "--set params.legitimacy=1.4: params.legitimacy: out of range (expected a number in [0, "
        "1], got 1.4)");
  CHECK(load_error(kValid, {{"params.legitmacy=0.4"}}).find("did you mean 'legitimacy'?") !=
        std::string::npos);
  CHECK(load_error(kValid, {{"nonsense"}}).find("malformed override") != std::string::npos);
}

TEST_CASE("extends merges a parent scenario, child values winning") {
  const std::string dir = test::temp_path("extends");
  test::write_file(
      dir + "/base.yaml",
      "model: epstein\nseed: 1\nsteps: 50\nparams:\n  legitimacy: 0.9\n  cop_density: 0.05\n");
  const std::string child = test::write_file(
      dir + "/sub/child.yaml", "extends: ../base.yaml\nsteps: 10\nparams:\n  legitimacy: 0.6\n");
  const ScenarioSpec spec = load_scenario(child, builtin_models());
  CHECK(spec.steps == 10);
  CHECK(spec.seed == 1);
  CHECK(spec.params.real("params.legitimacy") == 0.6);
  CHECK(spec.params.real("params.cop_density") == 0.05);
  CHECK(spec.params.origin(spec.params.index("params.cop_density")).file == dir + "/base.yaml");
  REQUIRE(spec.sources.size() == 2);
  CHECK(spec.sources[0].path == child);
}

TEST_CASE("extends adds a child's timeline entries to its parent's (other lists replace)") {
  const std::string dir = test::temp_path("extends-timeline");
  test::write_file(dir + "/history.yaml",
                   "model: epstein\nsteps: 100\ntimeline:\n  - at: 20\n"
                   "    set: {params.legitimacy: 0.7}\n");
  const std::string child = test::write_file(
      dir + "/switch.yaml",
      "extends: history.yaml\ntimeline:\n  - at: 60\n    set: {params.legitimacy: 0.9}\n");
  const ScenarioSpec spec = load_scenario(child, builtin_models());
  REQUIRE(spec.timeline.entries().size() == 2);
  CHECK(spec.timeline.entries()[0].at == 20);
  CHECK(spec.timeline.entries()[1].at == 60);
  // Each entry keeps the file and line it came from.
  CHECK(spec.timeline.entries()[0].where.file == dir + "/history.yaml");
  CHECK(spec.timeline.entries()[1].where.file == child);
}

TEST_CASE("extends cycles and missing parents are errors at the extends key") {
  const std::string dir = test::temp_path("cycle");
  test::write_file(dir + "/a.yaml", "extends: b.yaml\nmodel: epstein\nsteps: 5\n");
  test::write_file(dir + "/b.yaml", "extends: a.yaml\n");
  test::write_file(dir + "/c.yaml", "extends: nowhere.yaml\nmodel: epstein\nsteps: 5\n");
  try {
    (void)load_scenario(dir + "/a.yaml", builtin_models());
    FAIL("expected a cycle error");
  } catch (const UserError& e) {
    CHECK(std::string(e.what()).find("extends: extends cycle") != std::string::npos);
  }
  try {
    (void)load_scenario(dir + "/c.yaml", builtin_models());
    FAIL("expected a missing-parent error");
  } catch (const UserError& e) {
    CHECK(std::string(e.what()).find(dir + "/c.yaml:1:10: extends: parent scenario not found") ==
          0);
  }
}

TEST_CASE("timeline entries are checked when the scenario loads") {
  const std::string head = "model: epstein\nsteps: 100\n";
  CHECK(test::scenario(head + "timeline:\n  - at: 50\n    set: {params.legitimacy: 0.6}\n")
            .timeline.entries()
            .size() == 1);
  CHECK(load_error(head + "timeline:\n  - at: 50\n    set: {params.width: 10}\n")
            .find("params.width: cannot change during a run") != std::string::npos);
  CHECK(load_error(head + "timeline:\n  - at: 50\n    set: {steps: 10}\n")
            .find("steps: cannot change during a run") != std::string::npos);
  CHECK(load_error(head + "timeline:\n  - at: 50\n    set: {params.legitimacy: 2}\n")
            .find("test.yaml:5:30: params.legitimacy: out of range (expected a number in [0, 1], "
                  "got 2)") == 0);
  CHECK(load_error(head + "timeline:\n  - at: 2013-01-11\n    set: {params.legitimacy: 0.5}\n")
            .find("a date needs a calendar") != std::string::npos);
  CHECK(load_error(head + "timeline:\n  - at: 5\n    ramp: {params.legitimacy: 0.5}\n")
            .find("a ramp needs until") != std::string::npos);
  CHECK(
      load_error(head + "timeline:\n  - at: 5\n    until: 3\n    ramp: {params.legitimacy: 0.5}\n")
          .find("must come after at") != std::string::npos);
  CHECK(load_error(head + "timeline:\n  - at: 5\n    sett: {params.legitimacy: 0.5}\n")
            .find("did you mean 'set'?") != std::string::npos);
  CHECK(load_error(head + "timeline:\n  - at: 5\n    ramp: {params.movement: none}\n    until: 9\n")
            .find("cannot ramp a choice parameter") != std::string::npos);
  CHECK(load_error(head + "timeline:\n  - at: 5\n    set: {params.cop_density: 0.5}\n")
            .find("agents and cops do not fit") != std::string::npos);
}

TEST_CASE("dated timeline entries map to steps through the calendar") {
  const ScenarioSpec spec = test::scenario(
      "model: epstein\nsteps: 200\ncalendar: {start: 2012-01-01, step: 7d}\n"
      "timeline:\n  - at: 2013-01-11\n    set: {params.legitimacy: 0.6}\n");
  REQUIRE(spec.calendar);
  CHECK(spec.timeline.entries()[0].at == 53);
  CHECK(load_error("model: epstein\nsteps: 200\ncalendar: {start: 2012-01-01, step: 7d}\n"
                   "timeline:\n  - at: 2011-06-01\n    set: {params.legitimacy: 0.6}\n")
            .find("before the start of the run") != std::string::npos);
  CHECK(load_error("model: epstein\nsteps: 5\ncalendar: {step: 7d}\n")
            .find("calendar.start: missing") != std::string::npos);
}

TEST_CASE("timeline entries after the last step are warnings, not errors") {
  const ScenarioSpec spec = test::scenario(
      "model: epstein\nsteps: 50\ntimeline:\n  - at: 77\n    set: {params.legitimacy: 0.7}\n");
  REQUIRE(spec.warnings.size() == 1);
  CHECK(spec.warnings[0].str().find("it will not apply") != std::string::npos);
}

TEST_CASE("the resolved scenario runs again as it is and resolves to itself") {
  const ScenarioSpec first = test::scenario(
      "model: epstein\nname: \"Run: x\"\nseed: 9\nsteps: 30\nparams:\n  legitimacy: 0.75\n  "
      "max_jail_term: .inf\n"
      "timeline:\n  - at: 5\n    until: 10\n    ramp: {params.legitimacy: 0.5}\n    note: ramp "
      "down\n");
  const ScenarioSpec second =
      load_scenario_text(first.resolved_yaml, "resolved.yaml", builtin_models());
  CHECK(second.resolved_yaml == first.resolved_yaml);
  CHECK(second.name == "Run: x");
  CHECK(second.params.real("params.max_jail_term") == first.params.real("params.max_jail_term"));
  CHECK(second.timeline.entries().size() == 1);
  // Every parameter of the model is written out, defaults included.
  for (const auto& spec : builtin_models().find("epstein")->schema.specs()) {
    const std::string leaf = spec.key.substr(spec.key.rfind('.') + 1);
    CHECK(first.resolved_yaml.find("  " + leaf + ":") != std::string::npos);
  }
}

TEST_CASE("every scenario shipped in scenarios/ is valid") {
  std::size_t checked = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(test::source_dir() + "/scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    if (entry.path().string().ends_with(".sweep.yaml")) continue;  // sweeps: experiment tests
    CAPTURE(entry.path().string());
    if (is_geography_only(entry.path().string())) {
      CHECK_NOTHROW((void)load_geography(entry.path().string()));
    } else {
      CHECK_NOTHROW((void)load_scenario(entry.path().string(), builtin_models()));
    }
    ++checked;
  }
  CHECK(checked >= 8);
}
