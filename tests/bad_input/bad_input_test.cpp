// Every class of bad input, through the executable: exit code 2, a message that names
// file:line:col and the key, and nothing written.
#include <doctest/doctest.h>

#include <cstring>
#include <filesystem>

#include "../support/support.hpp"

using namespace sahelsim;
namespace fs = std::filesystem;

namespace {

struct Case {
  const char* name;
  const char* yaml;
  const char* expected;  // a part of the message, after "<file>:"
};

const Case kCases[] = {
    {"unknown_key", "model: epstein\nseed: 1\nsteps: 5\nsteeps: 9\n",
     "4:1: steeps: unknown key (did you mean 'steps'?)"},
    {"unknown_param", "model: epstein\nsteps: 5\nparams:\n  legitimcy: 0.5\n",
     "4:3: params.legitimcy: unknown key (did you mean 'legitimacy'?)"},
    {"bad_type", "model: epstein\nseed: 1\nsteps: ten\n",
     "3:8: steps: wrong type (expected an integer"},
    {"out_of_range", "model: epstein\nseed: 1\nsteps: 5\nparams:\n  legitimacy: 1.7\n",
     "5:15: params.legitimacy: out of range (expected a number in [0, 1], got 1.7)"},
    {"nan_value", "model: epstein\nseed: 1\nsteps: 5\nparams:\n  legitimacy: .nan\n",
     "5:15: params.legitimacy: not a number"},
    {"infinite", "model: epstein\nsteps: 5\nparams:\n  legitimacy: .inf\n",
     "4:15: params.legitimacy: infinite"},
    {"negative", "model: epstein\nseed: 1\nsteps: -3\n", "3:8: steps: out of range"},
    {"quoted_number", "model: epstein\nsteps: \"5\"\n", "2:8: steps: wrong type"},
    {"overflow", "model: epstein\nsteps: 5\nseed: 123456789012345678901234567890\n",
     "3:7: seed: integer too large"},
    {"broken_yaml", "model: epstein\nparams: {legitimacy: [0.5}\n", "malformed YAML"},
    {"unknown_model", "model: nosuchmodel\nseed: 1\nsteps: 5\n", "1:8: model: unknown model"},
    {"missing_model", "seed: 1\nsteps: 5\n", "1:1: model: missing"},
    {"duplicate_key", "model: epstein\nsteps: 5\nsteps: 6\n", "3:1: steps: duplicate key"},
    {"bad_choice", "model: epstein\nsteps: 5\nparams: {arrest_ratio: flor}\n",
     "3:24: params.arrest_ratio: unknown choice"},
    {"wrong_shape", "model: epstein\nsteps: 5\nparams: [1, 2]\n",
     "3:9: params: wrong type (expected a map"},
    {"bad_date", "model: epstein\nsteps: 5\ncalendar: {start: 2013-02-30}\n",
     "3:19: calendar.start: not a valid date"},
    {"bad_timeline", "model: epstein\nsteps: 5\ntimeline:\n  - at: 2\n    set: {params.width: 9}\n",
     "5:11: params.width: cannot change during a run"},
    {"too_crowded", "model: epstein\nsteps: 5\nparams: {agent_density: 0.99, cop_density: 0.05}\n",
     "params.cop_density: agents and cops do not fit"},
    {"binary_garbage", "\x01\x02\xff\xfe\x00\x13", "not a text file"},
    {"sahel_unknown_lever", "model: sahel\nsteps: 5\npolicy:\n  militray: {troops: 5}\n",
     "4:3: policy.militray: unknown key (did you mean 'military'?)"},
    {"sahel_lever_type", "model: sahel\nsteps: 5\npolicy:\n  military: {troops: many}\n",
     "4:22: policy.military.troops: wrong type"},
    {"sahel_lever_range", "model: sahel\nsteps: 5\npolicy:\n  border: {control: 1.5}\n",
     "4:21: policy.border.control: out of range (expected a number in [0, 1], got 1.5)"},
    {"sahel_bad_date",
     "model: sahel\nsteps: 5\ncalendar: {start: 2012-01-02, step: 7d}\ntimeline:\n"
     "  - at: 2012-02-30\n    set: {policy.border.control: 0.5}\n",
     "5:9: timeline[0].at: wrong type"},
    {"sahel_unknown_region",
     "model: sahel\nsteps: 5\ngeography: {preset: synthetic, cell_deg: 0.25}\ngroups:\n"
     "  jnim: {regions: \"North, Atlantis\"}\ncalendar: {start: 2012-01-02, step: 7d}\n",
     "5:19: groups.jnim.regions: unknown region (expected one of South, Centre, North, got "
     "'Atlantis')"},
    {"sahel_no_calendar", "model: sahel\nsteps: 5\n",
     "1:1: calendar: missing (model sahel needs calendar: {start: YYYY-MM-DD, step: 7d}"},
    {"sahel_daily", "model: sahel\nsteps: 5\ncalendar: {start: 2012-01-01, step: 1d}\n",
     "3:37: calendar.step: model sahel needs steps of 7d (expected 7d or 1w, got 1d)"},
    {"sahel_posture",
     "model: sahel\nsteps: 5\npolicy:\n  military:\n"
     "    posture: {patrol: 0, raid: 0, air: 0}\ncalendar: {start: 2012-01-02, step: 7d}\n",
     "policy.military.posture: every posture weight is 0"},
    {"invalid_utf8", "model: epstein\nname: caf\xe9\nsteps: 5\n", "2:10: invalid UTF-8"},
};

}  // namespace

TEST_CASE("bad scenarios are refused by validate and run with exit code 2 and a located message") {
  for (const Case& c : kCases) {
    const std::string name = c.name;
    CAPTURE(name);
    const std::string file = test::temp_path(std::string(c.name) + ".yaml");
    test::write_file(
        file,
        std::string(c.yaml, c.name == std::string("binary_garbage") ? 6 : std::strlen(c.yaml)));
    const auto v = test::sahelsim("validate " + file);
    CHECK(v.exit_code == 2);
    CAPTURE(v.err);
    CHECK(v.err.find(file + ":") == 0);
    CHECK(v.err.find(c.expected) != std::string::npos);

    const std::string out = test::temp_path(std::string(c.name) + ".h5");
    const auto r = test::sahelsim("run " + file + " -o " + out);
    CHECK(r.exit_code == 2);
    CHECK(r.err == v.err);
    CHECK_FALSE(fs::exists(out));
    CHECK_FALSE(fs::exists(out + ".partial"));
  }
}

TEST_CASE("bad overrides and bad paths are refused with exit code 2 and nothing written") {
  const std::string out = test::temp_path("override.h5");
  const char* teaching = "scenarios/teaching/rebellion.yaml";
  struct Run {
    std::string args;
    std::string expected;
  } runs[] = {
      {std::string("run ") + teaching + " --set params.legitimacy=1.4 -o " + out,
       "--set params.legitimacy=1.4: params.legitimacy: out of range"},
      {std::string("run ") + teaching + " --set nonsense -o " + out, "malformed override"},
      {std::string("run ") + teaching + " --seed -1 -o " + out, "seed: out of range"},
      {std::string("run ") + teaching + " --steps 0 -o " + out, "steps: out of range"},
      {"run no/such/scenario.yaml -o " + out, "no/such/scenario.yaml: cannot read the file"},
      {"run scenarios -o " + out, "scenarios: is a directory"},
      {std::string("run ") + teaching + " --steps 5 -o " + test::source_dir() + "/scenarios",
       "is a directory"},
      {"inspect " + test::source_dir() + "/.clang-format", "not an HDF5 file"},
  };
  for (const Run& r : runs) {
    CAPTURE(r.args);
    const auto result = test::sahelsim(r.args);
    CHECK(result.exit_code == 2);
    CAPTURE(result.err);
    CHECK(result.err.find(r.expected) != std::string::npos);
    CHECK_FALSE(fs::exists(out));
    CHECK_FALSE(fs::exists(out + ".partial"));
  }
}

TEST_CASE("an extends cycle is refused") {
  const std::string a = test::write_file(test::temp_path("cyc/a.yaml"),
                                         "extends: b.yaml\nmodel: epstein\nsteps: 5\n");
  test::write_file(test::temp_path("cyc/b.yaml"), "extends: a.yaml\n");
  const auto r = test::sahelsim("validate " + a);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("extends cycle") != std::string::npos);
}

TEST_CASE("a run that cannot fit in memory is refused up front with the estimate") {
  // Under a 3 GB address-space limit: a 20,000 x 20,000 lattice needs at least 6 GiB, and a
  // billion people at one per agent far more. Exit code 2, the key, nothing written.
  const std::string out = test::temp_path("too-big.h5");
  struct Run {
    std::string sets;
    std::string expected;
  } runs[] = {
      {"scenarios/teaching/rebellion.yaml --set params.width=20000 --set params.height=20000",
       "params.width: the run needs at least 6.0 GiB of memory, more than the"},
      {"scenarios/teaching/sahel-policy.yaml --set geography.synthetic.population=1000000000 "
       "--set params.scale=1",
       "params.scale: the run needs at least"},
  };
  for (const Run& r : runs) {
    CAPTURE(r.sets);
    const auto result = test::shell("ulimit -v 3000000; " + std::string(SAHELSIM_BINARY) + " run " +
                                    r.sets + " --steps 1 -o " + out);
    CHECK(result.exit_code == 2);
    CAPTURE(result.err);
    CHECK(result.err.find(r.expected) != std::string::npos);
    CHECK_FALSE(fs::exists(out));
    CHECK_FALSE(fs::exists(out + ".partial"));
  }
}
