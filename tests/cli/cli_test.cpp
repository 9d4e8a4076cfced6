// The sahelsim executable end to end: every subcommand, results files, determinism across
// thread counts as the user checks it (h5diff), interruption, generated docs.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../support/support.hpp"
#include "registry.hpp"

using namespace sahelsim;
namespace fs = std::filesystem;

namespace {
const char* kTeaching = "scenarios/teaching/rebellion.yaml";
}  // namespace

TEST_CASE("sahelsim models lists the registered models") {
  const auto r = test::sahelsim("models");
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("epstein") != std::string::npos);
}

TEST_CASE("sahelsim params epstein lists every parameter with default, range, unit and source") {
  const auto r = test::sahelsim("params epstein");
  REQUIRE(r.exit_code == 0);
  for (const auto& spec : builtin_models().find("epstein")->schema.specs()) {
    CAPTURE(spec.key);
    CHECK(r.out.find("  " + spec.key + "  ") != std::string::npos);
    CHECK(r.out.find(spec.doc.substr(0, 20)) != std::string::npos);
  }
  CHECK(r.out.find("source: Epstein 2002, Table 2") != std::string::npos);
  const auto all = test::sahelsim("params");
  CHECK(all.exit_code == 0);
  CHECK(all.out.find("calendar.start") != std::string::npos);
  const auto bad = test::sahelsim("params epstien");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("did you mean 'epstein'?") != std::string::npos);
}

TEST_CASE("help and usage errors") {
  CHECK(test::sahelsim("--help").exit_code == 0);
  CHECK(test::sahelsim("run --help").exit_code == 0);
  CHECK(test::sahelsim("--version").out.find("0.") != std::string::npos);
  const auto none = test::sahelsim("");
  CHECK(none.exit_code == 2);
  const auto unknown = test::sahelsim("frobnicate");
  CHECK(unknown.exit_code == 2);
  const auto threads = test::sahelsim(std::string("run ") + kTeaching + " --threads 0");
  CHECK(threads.exit_code == 2);
}

TEST_CASE("run writes a complete results file and prints a summary") {
  const std::string out = test::temp_path("cli-run.h5");
  const auto r =
      test::sahelsim(std::string("run ") + kTeaching + " --steps 30 --threads 2 -o " + out);
  REQUIRE(r.exit_code == 0);
  CHECK(fs::exists(out));
  CHECK_FALSE(fs::exists(out + ".partial"));
  CHECK(r.out.find("results: " + out) != std::string::npos);
  CHECK(r.out.find("active") != std::string::npos);
  CHECK(r.err.empty());  // no progress line when stderr is not a terminal
  const auto i = test::sahelsim("inspect " + out);
  CHECK(i.exit_code == 0);
  CHECK(i.out.find("complete") != std::string::npos);
  CHECK(i.out.find("/maps/state") != std::string::npos);
  CHECK(i.out.find("(31 time)") != std::string::npos);
}

TEST_CASE("the built-in default scenario runs with no scenario argument") {
  const std::string out = test::temp_path("cli-default.h5");
  const auto r = test::sahelsim("run --steps 20 -o " + out);
  CHECK(r.exit_code == 0);
  CHECK(fs::exists(out));
  CHECK(r.out.find("default") != std::string::npos);
}

TEST_CASE("run at 1 and 2 threads gives datasets h5diff finds identical") {
  const std::string a = test::temp_path("threads-1.h5");
  const std::string b = test::temp_path("threads-2.h5");
  for (const char* scenario :
       {"scenarios/experiments/epstein/run2-parallel.yaml",
        "scenarios/reproductions/epstein/run2.yaml", "scenarios/teaching/sahel-policy.yaml"}) {
    REQUIRE(test::sahelsim(std::string("run ") + scenario + " --steps 200 --threads 1 -q -o " + a)
                .exit_code == 0);
    REQUIRE(test::sahelsim(std::string("run ") + scenario + " --steps 200 --threads 2 -q -o " + b)
                .exit_code == 0);
    CHECK(test::dataset_differences(a, b) == "");
  }
  // A control: h5diff does see a different seed.
  REQUIRE(test::sahelsim(std::string("run ") + kTeaching + " --steps 50 -q --seed 1 -o " + a)
              .exit_code == 0);
  REQUIRE(test::sahelsim(std::string("run ") + kTeaching + " --steps 50 -q --seed 2 -o " + b)
              .exit_code == 0);
  CHECK(test::shell("h5diff -q --exclude-attribute / " + a + " " + b).exit_code == 1);
  CHECK(test::dataset_differences(a, b) != "");
  // And a different length (h5diff alone calls that "not comparable").
  REQUIRE(test::sahelsim(std::string("run ") + kTeaching + " --steps 51 -q --seed 1 -o " + b)
              .exit_code == 0);
  CHECK(test::dataset_differences(a, b) != "");
}

TEST_CASE("Ctrl-C stops after the current step and leaves only a file marked incomplete") {
  const std::string out = test::temp_path("interrupted.h5");
  const auto r = test::shell(
      std::string("cd ") + test::source_dir() + " && timeout --preserve-status -s INT 1 " +
      SAHELSIM_BINARY + " run " + kTeaching +
      " --steps 1000000000 --set params.width=400 --set params.height=400 -o " + out);
  CHECK(r.exit_code == 130);
  CHECK(r.err.find("interrupted after step") != std::string::npos);
  CHECK_FALSE(fs::exists(out));
  REQUIRE(fs::exists(out + ".partial"));
  const auto i = test::sahelsim("inspect " + out + ".partial");
  CHECK(i.exit_code == 0);
  CHECK(i.out.find("INCOMPLETE") != std::string::npos);
}

TEST_CASE("validate accepts every shipped scenario") {
  std::string files;
  for (const auto& entry : fs::recursive_directory_iterator(test::source_dir() + "/scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    if (entry.path().string().ends_with(".sweep.yaml")) continue;  // sweep files
    files += ' ';
    files += entry.path().string();
  }
  const auto r = test::sahelsim("validate" + files);
  CAPTURE(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("ok: ") != std::string::npos);
}

TEST_CASE("docs/scenarios.md is the output of sahelsim params --markdown") {
  const auto r = test::sahelsim("params --markdown");
  REQUIRE(r.exit_code == 0);
  const std::string doc = test::read_file(test::source_dir() + "/docs/scenarios.md");
  if (doc != r.out) {
    FAIL("docs/scenarios.md is stale: regenerate it with tools/gen-docs.sh");
  }
}

TEST_CASE("the generated half of each docs/models page is sahelsim params MODEL --markdown") {
  for (const char* model : {"sahel"}) {
    CAPTURE(model);
    const auto r = test::sahelsim(std::string("params ") + model + " --markdown");
    REQUIRE(r.exit_code == 0);
    const std::string doc = test::read_file(test::source_dir() + "/docs/models/" + model + ".md");
    const std::string marker = std::string("<!-- generated: sahelsim params ") + model +
                               " --markdown (tools/gen-docs.sh); do not edit below -->\n\n";
    const auto at = doc.find(marker);
    REQUIRE(at != std::string::npos);
    if (doc.substr(at + marker.size()) != r.out) {
      FAIL("docs/models/" << model << ".md is stale: regenerate it with tools/gen-docs.sh");
    }
  }
}

TEST_CASE("sahelsim geo prints the census table and writes the grid") {
  const std::string out = test::temp_path("mali-grid.h5");
  const auto r =
      test::sahelsim("geo scenarios/mali/geography.yaml --set geography.cell_deg=0.25 -o " + out);
  CAPTURE(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("68 x 61 cells of 0.25 deg") != std::string::npos);
  CHECK(r.out.find("official 1,240,192 km2") != std::string::npos);
  CHECK(r.out.find("census 2009") != std::string::npos);
  CHECK(r.out.find("target 2012") != std::string::npos);
  CHECK(r.out.find("Bamako") != std::string::npos);
  CHECK(r.out.find("14,528,662") != std::string::npos);  // the 2009 census, to the person
  CHECK(fs::exists(out));
  CHECK_FALSE(fs::exists(out + ".partial"));
  const auto inspect = test::sahelsim("inspect " + out);
  CHECK(inspect.exit_code == 0);
  CHECK(inspect.out.find("sahelsim geography") != std::string::npos);
  CHECK(inspect.out.find("/grid/population") != std::string::npos);
  CHECK(inspect.out.find("/regions/names") != std::string::npos);
  // The synthetic teaching world, with no data files at all.
  const auto s = test::sahelsim("geo scenarios/teaching/synthetic-world.yaml");
  CHECK(s.exit_code == 0);
  CHECK(s.out.find("Sahelia") != std::string::npos);
}

TEST_CASE("sahelsim geo refuses bad geographic input with exit code 2 and writes nothing") {
  const std::string out = test::temp_path("bad-grid.h5");
  const std::string utm = test::write_file(
      test::temp_path("utm.geojson"),
      R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32630"}},
"features":[{"type":"Feature","properties":{"name":"Kayes"},"geometry":{"type":"Polygon",
"coordinates":[[[300000,1500000],[400000,1500000],[400000,1600000],[300000,1500000]]]}}]})");
  const std::string empty = test::write_file(test::temp_path("empty.geojson"),
                                             R"({"type":"FeatureCollection","features":[]})");
  const std::string scenario = test::write_file(test::temp_path("geo.yaml"),
                                                "geography:\n  preset: mali\n  cell_deg: 0.25\n");
  struct Run {
    std::string set;
    std::string expected;
  } runs[] = {
      {"geography.layers.population=missing.tif",
       "missing.tif: geography.layers.population: file not found"},
      {"geography.layers.regions=" + utm, "wrong coordinate reference system"},
      {"geography.layers.river=" + empty, "empty layer (expected lines"},
      {"geography.cell_deg=0", "geography.cell_deg: out of range"},
      {"geography.presett=mali", "unknown key (did you mean 'preset'?)"},
  };
  for (const Run& r : runs) {
    CAPTURE(r.set);
    const auto result = test::sahelsim("geo " + scenario + " --set " + r.set + " -o " + out);
    CAPTURE(result.err);
    CHECK(result.exit_code == 2);
    CHECK(result.err.find(r.expected) != std::string::npos);
    CHECK_FALSE(fs::exists(out));
    CHECK_FALSE(fs::exists(out + ".partial"));
  }
  // The geography section is checked where it was written: file:line:col.
  const std::string typo = test::write_file(
      test::temp_path("typo.yaml"), "geography:\n  preset: mali\n  cel_deg: 0.1\n  census: 2019\n");
  const auto r = test::sahelsim("geo " + typo);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("typo.yaml:3:3: geography.cel_deg: unknown key (did you mean 'cell_deg'?)") !=
        std::string::npos);
  CHECK(r.err.find("typo.yaml:4:11: geography.census:") != std::string::npos);
  const auto v = test::sahelsim("validate " + typo);
  CHECK(v.exit_code == 2);
  const auto none = test::sahelsim("geo scenarios/teaching/rebellion.yaml");
  CHECK(none.exit_code == 2);
  CHECK(none.err.find("geography: missing") != std::string::npos);
}
