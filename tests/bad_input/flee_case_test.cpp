// Flee cases through the executable: a case the model has never seen runs end to end, and
// every kind of defect in a case's CSV files is refused by validate and run with exit code
// 2, the CSV file's line and column, and nothing written.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <thread>

#include "../support/support.hpp"

using namespace sahelsim;
namespace fs = std::filesystem;

namespace {

using Files = std::map<std::string, std::string>;  // path in the case folder -> text

Files good_case() {
  return {
      {"input/locations.csv",
       "#name,region,country,latitude,longitude,location_type,conflict_date,population\n"
       "A,North,Home,15.0,0.0,conflict_zone,0,10000\n"
       "B,Centre,Home,14.0,0.0,town,,5000\n"
       "C,South,Home,13.0,0.0,conflict_zone,5,8000\n"
       "X,Far,Abroad,12.0,1.0,camp,,400\n"
       "Y,Far,Abroad,12.0,-1.0,camp,,\n"},
      {"input/routes.csv",
       "#name1,name2,distance,forced_redirection\nA,B,120,0\nB,C,150,0\n"
       "C,X,80,0\nB,Y,500,0\n"},
      {"input/sim_period.csv", "StartDate,2020-01-01\nLength,30\n"},
      {"input/closures.csv",
       "#closure_type,name1,name2,closure_start,closure_end\ncountry,Home,Abroad,0,3\n"},
      {"input/conflicts.csv", ""},
      {"validation/data_layout.csv", "total,total.csv\nX,x.csv\nY,y.csv\n"},
      {"validation/total.csv", "Date,Refugees\n2020-01-01,100\n2020-01-31,2100\n"},
      {"validation/x.csv", "Date,Refugees\n2020-01-01,50\n2020-01-31,300\n"},
      {"validation/y.csv", "Date,Refugees\n2020-01-01,50\n2020-01-31,1800\n"},
  };
}

// Writes the case and a scenario beside it; returns the scenario's path.
std::string write_case(const std::string& name, const Files& files,
                       const std::string& extra =
                           "steps: 30\ncalendar: {start: 2020-01-01, "
                           "step: 1d}\n") {
  const std::string dir = test::temp_path("flee-case-" + name);
  fs::remove_all(dir);
  for (const auto& [path, text] : files) {
    if (!text.empty()) test::write_file(dir + "/" + path, text);
  }
  return test::write_file(
      dir + "/scenario.yaml",
      "model: flee\nseed: 1\n" + extra + "params:\n  input: input\n  validation: validation\n");
}

}  // namespace

TEST_CASE("flee: a case the model has never seen runs from the command line") {
  const std::string scenario = write_case("good", good_case());
  const std::string out = test::temp_path("flee-good.h5");
  const auto r = test::sahelsim("run " + scenario + " -o " + out + " --threads 2");
  CAPTURE(r.err);
  REQUIRE(r.exit_code == 0);
  const auto dump =
      test::shell("h5dump -d /locations/location -d /locations/series/refugees " + out);
  CHECK(dump.out.find("\"X\"") != std::string::npos);
  CHECK(dump.out.find("( 31, 5 )") != std::string::npos);  // 31 records x 5 locations
  // The file records the thread count the run was limited to (2, or fewer cores; a
  // ThreadSanitizer build runs every parallel loop on four threads and says so).
#ifdef SAHELSIM_TSAN_EXECUTOR
  const unsigned two = 4, single = 4;
#else
  const unsigned two = std::min(2u, std::max(1u, std::thread::hardware_concurrency())), single = 1;
#endif
  CHECK(test::shell("h5dump -a /threads " + out).out.find("(0): " + std::to_string(two)) !=
        std::string::npos);
  const std::string one = test::temp_path("flee-good-1.h5");
  REQUIRE(test::sahelsim("run " + scenario + " -o " + one + " --threads 1").exit_code == 0);
  CHECK(test::shell("h5dump -a /threads " + one).out.find("(0): " + std::to_string(single)) !=
        std::string::npos);
  const auto params = test::sahelsim("params flee");
  CHECK(params.exit_code == 0);
  CHECK(params.out.find("params.rules") != std::string::npos);
  CHECK(params.out.find("/locations/series") != std::string::npos);
}

TEST_CASE("flee: defects in a case's CSV files are located and refused with exit code 2") {
  struct Defect {
    const char* name;
    const char* file;  // replaced file ("" for none)
    const char* text;
    const char* expected;
    const char* extra = nullptr;  // scenario lines instead of the default steps and calendar
  } defects[] = {
      {"route_unknown", "input/routes.csv", "#name1,name2,distance\nA,B,120\nA,Q,120\n",
       "routes.csv:3:3: params.input: routes.csv: unknown location 'Q' (not in locations.csv)"},
      {"route_negative", "input/routes.csv", "#name1,name2,distance\nA,B,-5\nB,X,80\n",
       "routes.csv:2:5: params.input: routes.csv: expected a distance in km > 0, got '-5'"},
      {"bad_type", "input/locations.csv",
       "#name,region,country,latitude,longitude,location_type,conflict_date,population\n"
       "A,North,Home,15.0,0.0,conflict_zone,0,10000\nB,Centre,Home,14.0,0.0,town,,5000\n"
       "C,South,Home,13.0,0.0,town,,8000\nX,Far,Abroad,12.0,1.0,kamp,,400\n"
       "Y,Far,Abroad,12.0,-1.0,camp,,\n",
       "locations.csv:5:23: params.input: locations.csv: unknown location_type 'kamp'"},
      {"bad_latitude", "input/locations.csv",
       "#name,region,country,latitude,longitude,location_type,conflict_date,population\n"
       "A,North,Home,north,0.0,conflict_zone,0,10000\nB,Centre,Home,14.0,0.0,town,,5000\n"
       "C,South,Home,13.0,0.0,town,,8000\nX,Far,Abroad,12.0,1.0,camp,,400\n"
       "Y,Far,Abroad,12.0,-1.0,camp,,\n",
       "locations.csv:2:14: params.input: locations.csv: expected a latitude in degrees, got "
       "'north'"},
      {"unterminated", "input/locations.csv",
       "#name,region,country,latitude,longitude,location_type,conflict_date,population\n"
       "\"A,North,Home,15.0,0.0,conflict_zone,0,10000\n",
       "locations.csv:2:1: params.input: unterminated quoted field"},
      {"no_length", "input/sim_period.csv", "StartDate,2020-01-01\n",
       "sim_period.csv:1:1: params.input: sim_period.csv: no Length row"},
      {"closure_country", "input/closures.csv",
       "#closure_type,name1,name2,closure_start,closure_end\ncountry,Home,Narnia,0,3\n",
       "closures.csv:2:14: params.input: closures.csv: unknown country 'Narnia'"},
      {"conflict_days", "input/conflicts.csv", "#Day,A,C\n0,1,0\n2,1,1\n",
       "conflicts.csv:3:1: params.input: conflicts.csv: days must be 0, 1, 2, ... in order "
       "(expected 1, got 2)"},
      {"layout_unknown", "validation/data_layout.csv", "total,total.csv\nZ,x.csv\n",
       "data_layout.csv:2:1: params.validation: data_layout.csv: unknown location 'Z'"},
      {"series_date", "validation/x.csv", "Date,Refugees\n2020-01-01,50\n2020-13-01,300\n",
       "x.csv:3:1: params.validation: x.csv: expected a date yyyy-mm-dd, got '2020-13-01'"},
      {"no_input", "input/locations.csv", "", "locations.csv: params.input: cannot read the file"},
      {"start_mismatch", "", "",
       "calendar.start: the case starts on 2020-01-01 (sim_period.csv; expected 2020-01-01, got "
       "2020-01-02)",
       "steps: 30\ncalendar: {start: 2020-01-02, step: 1d}\n"},
      {"too_long", "", "",
       "steps: the case covers 30 days (sim_period.csv Length; expected steps <= 30, got 31)",
       "steps: 31\ncalendar: {start: 2020-01-01, step: 1d}\n"},
      {"weekly", "", "", "calendar.step: model flee needs steps of 1d",
       "steps: 30\ncalendar: {start: 2020-01-01, step: 7d}\n"},
  };
  for (const Defect& d : defects) {
    const std::string name = d.name;
    CAPTURE(name);
    Files files = good_case();
    if (std::string(d.file).size() > 0) files[d.file] = d.text;
    const std::string scenario =
        d.extra ? write_case(d.name, files, d.extra) : write_case(d.name, files);
    const auto v = test::sahelsim("validate " + scenario);
    CAPTURE(v.err);
    CHECK(v.exit_code == 2);
    CHECK(v.err.find(d.expected) != std::string::npos);
    const std::string out = test::temp_path(std::string("flee-bad-") + d.name + ".h5");
    const auto r = test::sahelsim("run " + scenario + " -o " + out);
    CHECK(r.exit_code == 2);
    CHECK(r.err == v.err);
    CHECK_FALSE(fs::exists(out));
    CHECK_FALSE(fs::exists(out + ".partial"));
  }
}
