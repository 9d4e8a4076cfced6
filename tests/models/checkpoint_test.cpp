// Checkpoints, for every model: a run resumed from a checkpoint records the same bits as the
// run that was never stopped (series, regional series, maps, events, timeline), at any
// thread count; a fork from a checkpoint under another policy records the same bits as a
// run whose timeline switches that policy at the checkpoint's step.
#include <doctest/doctest.h>

#include <oneapi/tbb/global_control.h>

#include <algorithm>
#include <tuple>

#include "io/checkpoint.hpp"
#include "models/sahel/sahel_support.hpp"
#include "registry.hpp"
#include "support/support.hpp"

using namespace sahelsim;

namespace {

struct Saved {
  std::int64_t step = 0;
  std::vector<std::byte> results, state;
};

// Runs `spec` into memory, keeping every checkpoint (every `every` steps).
MemorySink run_keeping(const ScenarioSpec& spec, std::int64_t every, std::vector<Saved>& saved,
                       int threads = 1) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads));
  MemorySink sink;
  RunControl control;
  control.checkpoint_every = every;
  control.checkpoint = [&](const RunCheckpoint& c) {
    saved.push_back(
        {c.step, {c.results.begin(), c.results.end()}, {c.state.begin(), c.state.end()}});
  };
  const ModelInfo& info = *builtin_models().find(spec.model);
  (void)run_simulation(info, spec, sink, control);
  return sink;
}

// Continues `parent` (a checkpoint of `parent_spec`) under `spec`.
MemorySink continue_from(const ScenarioSpec& parent_spec, const Saved& saved,
                         const ScenarioSpec& spec, int threads = 1) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads));
  MemorySink sink;
  const RunCheckpoint checkpoint{&parent_spec, saved.step, saved.results, saved.state};
  RunControl control;
  control.resume = &checkpoint;
  const ModelInfo& info = *builtin_models().find(spec.model);
  const RunStats stats = run_simulation(info, spec, sink, control);
  CHECK(stats.complete);
  return sink;
}

// The timeline records agree; without `notes`, only as sets of (step, key, value) (a fork's
// own changes come in parameter order, with a note of their own).
void check_same_changes(const MemorySink& a, const MemorySink& b, bool notes = true) {
  REQUIRE(a.changes.size() == b.changes.size());
  const auto sorted = [&](std::vector<AppliedChange> c) {
    if (!notes) {
      std::sort(c.begin(), c.end(), [](const AppliedChange& x, const AppliedChange& y) {
        return std::tie(x.step, x.key) < std::tie(y.step, y.key);
      });
    }
    return c;
  };
  const auto x = sorted(a.changes), y = sorted(b.changes);
  for (std::size_t i = 0; i < x.size(); ++i) {
    CHECK(x[i].step == y[i].step);
    CHECK(x[i].key == y[i].key);
    CHECK(x[i].value == y[i].value);
    if (notes) CHECK(x[i].note == y[i].note);
  }
}

// Resumes from the first, a middle and the last checkpoint of a run, at 1 and 2 threads.
void check_resume(const ScenarioSpec& spec, std::int64_t every) {
  std::vector<Saved> saved;
  const MemorySink whole = run_keeping(spec, every, saved);
  REQUIRE(saved.size() >= 3);
  CHECK(saved.back().step == spec.steps);  // also after the last step
  for (const std::size_t k : {std::size_t{0}, saved.size() / 2, saved.size() - 1}) {
    CAPTURE(saved[k].step);
    for (const int threads : {1, 2}) {
      CAPTURE(threads);
      const MemorySink resumed = continue_from(spec, saved[k], spec, threads);
      test::check_identical(whole, resumed);
      check_same_changes(whole, resumed);
    }
  }
  // A checkpoint taken by a resumed run equals the one the whole run took at that step.
  std::vector<Saved> again;
  {
    MemorySink sink;
    const RunCheckpoint checkpoint{&spec, saved[0].step, saved[0].results, saved[0].state};
    RunControl control;
    control.resume = &checkpoint;
    control.checkpoint_every = every;
    control.checkpoint = [&](const RunCheckpoint& c) {
      again.push_back(
          {c.step, {c.results.begin(), c.results.end()}, {c.state.begin(), c.state.end()}});
    };
    (void)run_simulation(*builtin_models().find(spec.model), spec, sink, control);
  }
  REQUIRE(again.size() == saved.size() - 1);
  CHECK(again.back().state == saved.back().state);
  CHECK(again.back().results == saved.back().results);
}

}  // namespace

TEST_CASE("checkpoints: a resumed run equals the uninterrupted run, for every model") {
  SUBCASE("epstein (sequential, with a timeline)") {
    check_resume(test::scenario_file("scenarios/teaching/rebellion.yaml",
                                     {{"steps=60", "params.width=25", "params.height=25"}}),
                 20);
  }
  SUBCASE("epstein (parallel protocol, cops changed by the timeline)") {
    check_resume(test::scenario("model: epstein\nseed: 3\nsteps: 50\n"
                                "params: {width: 30, height: 30, activation: parallel}\n"
                                "output: {every: 4, maps_every: 7}\n"
                                "timeline:\n  - at: 12\n    set: {params.cop_density: 0.08}\n"
                                "  - at: 20\n    until: 40\n    ramp: {params.legitimacy: 0.5}\n"),
                 15);
  }
  SUBCASE("epstein2") {
    check_resume(test::scenario_file("scenarios/reproductions/epstein/run7.yaml",
                                     {{"steps=60", "params.width=25", "params.height=25"}}),
                 20);
  }
  SUBCASE("sahel (demography, timeline, maps, every lever)") {
    const std::string yaml =
        test::sahel_world(40) +
        "timeline:\n  - at: 2012-04-02\n    set: {policy.military.troops: 3000}\n"
        "  - at: 2012-05-07\n    set: {groups.isgs.seed_fighters: 100}\n";
    // Every family of levers on (reconstruction changes the state's presence for good).
    check_resume(
        test::scenario(
            yaml, {{"params.demography=true", "policy.aid.reconstruction.budget=100",
                    "policy.aid.reintegration=20", "policy.prevention.jobs=30",
                    "policy.prevention.dialogue=10", "policy.cve.coverage=0.15",
                    "policy.international.peacekeepers=3000", "policy.military.special_units=500",
                    "policy.legal.rehabilitation=0.3"}}),
        13);
  }
  SUBCASE("deffuant") {
    check_resume(test::scenario_file("scenarios/reproductions/deffuant/central.yaml",
                                     {{"steps=30", "params.agents=200"}}),
                 10);
  }
  SUBCASE("bennett") {
    check_resume(
        test::scenario_file("scenarios/reproductions/bennett/baseline.yaml", {{"steps=40"}}), 12);
  }
  SUBCASE("flee") {
    check_resume(test::scenario_file("scenarios/reproductions/flee/mali2012.yaml", {{"steps=60"}}),
                 20);
  }
}

TEST_CASE("checkpoints: a fork equals a run whose timeline switches the policy at that step") {
  SUBCASE("epstein") {
    const std::string base =
        "model: epstein\nseed: 4\nsteps: 60\nparams: {width: 30, height: 30}\n"
        "output: {maps_every: 10}\n";
    const ScenarioSpec history = test::scenario(base);
    const ScenarioSpec switched = test::scenario(
        base +
        "timeline:\n  - at: 30\n    set: {params.legitimacy: 0.6, params.cop_density: 0.06}\n");
    const ScenarioSpec other = test::scenario(
        base, {{"params.legitimacy=0.6", "params.cop_density=0.06"}});  // another policy mix
    std::vector<Saved> saved;
    (void)run_keeping(history, 30, saved);
    REQUIRE(saved.front().step == 30);
    const MemorySink reference = test::run(switched);

    // The fork's scenario is the history plus the switch: same bits, same timeline record.
    const MemorySink fork = continue_from(history, saved.front(), switched, 2);
    test::check_identical(reference, fork);
    check_same_changes(reference, fork);
    // Another scenario that sets the policy from the start: its values apply at the fork.
    const MemorySink mix = continue_from(history, saved.front(), other);
    test::check_identical(reference, mix);
    check_same_changes(reference, mix, false);
    REQUIRE(mix.changes.size() == 2);
    CHECK(mix.changes[0].note.find("fork") != std::string::npos);
    // And the fork differs from the history it left.
    const MemorySink unchanged = test::run(history);
    CHECK(unchanged.values("active") != fork.values("active"));

    // A run stopped at the checkpoint's step (a shorter scenario), continued under the full
    // scenario: the full run.
    const ScenarioSpec first_half = test::scenario(base, {{"steps=30"}});
    std::vector<Saved> end_of_half;
    (void)run_keeping(first_half, 30, end_of_half);
    REQUIRE(end_of_half.size() == 1);
    const MemorySink extended = continue_from(first_half, end_of_half.front(), history);
    test::check_identical(unchanged, extended);
  }
  SUBCASE("sahel") {
    const std::string base = test::sahel_world(40);
    const ScenarioSpec history = test::scenario(base);
    const ScenarioSpec switched = test::scenario(
        base +
        "timeline:\n  - at: 2012-05-07\n"
        "    set: {policy.military.troops: 4000, policy.military.collateral_tolerance: 0.9}\n");
    std::vector<Saved> saved;
    (void)run_keeping(history, 18, saved);
    REQUIRE(saved.front().step == 18);  // 2012-05-07 is step 18
    const MemorySink reference = test::run(switched);
    const MemorySink fork = continue_from(history, saved.front(), switched, 2);
    test::check_identical(reference, fork);
    check_same_changes(reference, fork);
    const MemorySink unchanged = test::run(history);
    CHECK(unchanged.values("civilians_killed_by_state") !=
          fork.values("civilians_killed_by_state"));
  }
}

TEST_CASE("checkpoints: a fork must keep what is fixed when a run starts") {
  const std::string base = "model: epstein\nseed: 4\nsteps: 40\nparams: {width: 30, height: 30}\n";
  const ScenarioSpec history = test::scenario(base);
  const RunCheckpoint checkpoint{&history, 20, {}, {}};
  CHECK(check_fork(test::scenario(base, {{"params.legitimacy=0.5"}}), checkpoint).empty());
  const auto wider = check_fork(test::scenario(base, {{"params.width=31"}}), checkpoint);
  REQUIRE(wider.size() == 1);
  CHECK(wider[0].key == "params.width");
  CHECK(wider[0].message.find("expected 30, got 31") != std::string::npos);
  const auto seed = check_fork(test::scenario(base, {{"seed=5"}}), checkpoint);
  REQUIRE(seed.size() == 1);
  CHECK(seed[0].key == "seed");
  const auto shorter = check_fork(test::scenario(base, {{"steps=10"}}), checkpoint);
  REQUIRE(shorter.size() == 1);
  CHECK(shorter[0].key == "steps");
  const auto model =
      check_fork(test::scenario("model: deffuant\nsteps: 40\nparams: {agents: 100}\n"), checkpoint);
  REQUIRE(model.size() == 1);
  CHECK(model[0].key == "model");
}
