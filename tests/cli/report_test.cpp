// `sahelsim report`: one self-contained HTML file; charts per series, overlays, bands for
// sweeps, a map player, escaped texts; rendered by headless Chromium without errors.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../support/support.hpp"

using namespace sahelsim;
namespace fs = std::filesystem;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

// A short run of the teaching world with the given name.
std::string run(const std::string& file, const std::string& name, double legitimacy) {
  const std::string scenario = test::write_file(
      test::temp_path(file + ".yaml"),
      "extends: " + test::source_dir() + "/scenarios/teaching/rebellion.yaml\nname: '" + name +
          "'\nsteps: 60\nparams: {legitimacy: " + std::to_string(legitimacy) + "}\n");
  const std::string out = test::temp_path(file + ".h5");
  REQUIRE(test::sahelsim("run " + scenario + " -q -o " + out).exit_code == 0);
  return out;
}

}  // namespace

TEST_CASE("a report of two runs overlays them, one chart per series, with a map player") {
  const std::string a = run("report-a", "low legitimacy", 0.7);
  const std::string b = run("report-b", "high legitimacy", 0.9);
  const std::string html_path = test::temp_path("two.html");
  const auto r = test::sahelsim("report " + a + " " + b + " -o " + html_path);
  REQUIRE(r.exit_code == 0);
  const std::string html = test::read_file(html_path);
  CHECK(count(html, "<figure class=\"indicator\"") == 8);  // Epstein's eight series
  CHECK(count(html, "class=\"series\"") == 16);            // two lines in each
  CHECK(html.find("low legitimacy") != std::string::npos);
  CHECK(html.find("high legitimacy") != std::string::npos);
  CHECK(html.find("id=\"map-canvas\"") != std::string::npos);
  // Self-contained: nothing is fetched.
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find(" src=") == std::string::npos);
}

TEST_CASE("a run with a calendar has dates on its axes") {
  const std::string scenario = test::write_file(
      test::temp_path("dated.yaml"), "extends: " + test::source_dir() +
                                         "/scenarios/teaching/rebellion.yaml\nsteps: 30\n"
                                         "calendar: {start: 2012-01-01, step: 7d}\n");
  const std::string out = test::temp_path("dated.h5"), html_path = test::temp_path("dated.html");
  REQUIRE(test::sahelsim("run " + scenario + " -q -o " + out).exit_code == 0);
  REQUIRE(test::sahelsim("report " + out + " -o " + html_path).exit_code == 0);
  const std::string html = test::read_file(html_path);
  CHECK(html.find("class=\"xtick\">2012-01-01<") != std::string::npos);
  CHECK(html.find("class=\"xlabel\">date<") != std::string::npos);
}

TEST_CASE("a hostile scenario name stays inert text") {
  const std::string a =
      run("hostile", "<script>alert(1)</script><img src=x onerror=alert(2)>", 0.8);
  const std::string html_path = test::temp_path("hostile.html");
  REQUIRE(test::sahelsim("report " + a + " -o " + html_path).exit_code == 0);
  const std::string html = test::read_file(html_path);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("<script>alert") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  // The map data and player, the events data and hover box, the #selftest driver, nothing
  // else.
  CHECK(count(html, "<script") == 5);
}

TEST_CASE("a sweep report draws medians with 10-90 % bands") {
  const std::string sweep =
      test::write_file(test::temp_path("report-sweep.yaml"),
                       "name: bands\nbase: " + test::source_dir() +
                           "/scenarios/teaching/rebellion.yaml\nreplicates: 3\nset: {steps: 40}\n"
                           "grid: {params.legitimacy: [0.75, 0.85]}\n");
  const std::string dir = test::temp_path("report-sweep");
  REQUIRE(test::sahelsim("sweep " + sweep + " -q -o " + dir).exit_code == 0);
  const std::string html_path = test::temp_path("bands.html");
  REQUIRE(test::sahelsim("report " + dir + "/sweep.h5 -o " + html_path).exit_code == 0);
  const std::string html = test::read_file(html_path);
  CHECK(count(html, "fill-opacity=\"0.2\"") == 16);  // a band per point and series
  CHECK(html.find("legitimacy=0.75") != std::string::npos);
  // The trade-off view: one point per parameter point, with its ranges.
  CHECK(count(html, "class=\"tradeoff-point\"") == 2);
  const std::string chosen = test::temp_path("tradeoff.html");
  REQUIRE(test::sahelsim("report " + dir + "/sweep.h5 --tradeoff jailed,arrests -o " + chosen)
              .exit_code == 0);
  CHECK(test::read_file(chosen).find("jailed against arrests") != std::string::npos);
  const auto bad =
      test::sahelsim("report " + dir + "/sweep.h5 --tradeoff jailed,arest -o " + chosen);
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("no series 'arest' (did you mean 'arrests'?)") != std::string::npos);
}

TEST_CASE("headless Chromium renders the report without errors and the map player works") {
  const std::string a = run("browser", "browser test", 0.8);
  const std::string html_path = test::temp_path("browser.html");
  REQUIRE(test::sahelsim("report " + a + " -o " + html_path).exit_code == 0);
  const std::string shot = test::temp_path("report.png");
  // --dump-dom prints the page after its scripts ran: the player has drawn frame 0.
  const auto dom = test::shell(
      "chromium --headless --no-sandbox --disable-gpu "
      "--enable-logging=stderr --v=0 --dump-dom file://" +
      html_path);
  REQUIRE(dom.exit_code == 0);
  CHECK(dom.out.find("<span id=\"map-time\">state, step 0</span>") != std::string::npos);
  CHECK(dom.out.find("<i style=\"background: rgb(") != std::string::npos);  // the legend
  // The events box: the script read the events and totalled them.
  CHECK(dom.out.find("Events over the run: ") != std::string::npos);
  CHECK(dom.out.find(" arrest, ") != std::string::npos);
  CHECK(dom.err.find("Uncaught") == std::string::npos);
  CHECK(dom.err.find(":CONSOLE(") == std::string::npos);
  const auto png =
      test::shell("chromium --headless --no-sandbox --disable-gpu --screenshot=" + shot +
                  " --window-size=1200,1600 file://" + html_path);
  CHECK(png.exit_code == 0);
  CHECK(fs::file_size(shot) > 20000);  // not blank (a blank page compresses to a few KB)
}

TEST_CASE("a Sahel run's report, driven in headless Chromium: slider, indicator menu, hover") {
  const std::string run_path = test::temp_path("sahel-report.h5");
  REQUIRE(test::sahelsim("run scenarios/teaching/sahel-policy.yaml --steps 40 -q -o " + run_path)
              .exit_code == 0);
  const std::string html_path = test::temp_path("sahel-report.html");
  REQUIRE(test::sahelsim("report " + run_path + " -o " + html_path).exit_code == 0);
  const std::string html = test::read_file(html_path);
  // The map of the country: every declared map, region outlines and towns.
  CHECK(html.find("\"outline\":\"") != std::string::npos);
  CHECK(html.find("\"Rivertown\"") != std::string::npos);
  // #selftest: the page moves the slider to the last frame, picks the second indicator and
  // points at the first chart, then writes what it shows (see kSelfTestScript).
  const auto dom = test::shell(
      "chromium --headless --no-sandbox --disable-gpu --enable-logging=stderr --v=0 "
      "--dump-dom 'file://" +
      html_path + "#selftest'");
  REQUIRE(dom.exit_code == 0);
  CHECK(dom.err.find("Uncaught") == std::string::npos);
  CHECK(dom.err.find(":CONSOLE(") == std::string::npos);
  const auto at = dom.out.find("<pre id=\"selftest\">");
  REQUIRE(at != std::string::npos);
  const std::string result = dom.out.substr(at, dom.out.find("</pre>", at) - at);
  CAPTURE(result);
  CHECK(result.find("\"map_frames\":11") != std::string::npos);  // maps at 0, 4, ..., 40
  CHECK(result.find("\"map_label_last\":\"population, step 40\"") != std::string::npos);
  CHECK(result.find("\"map_selected\":\"fighters\"") != std::string::npos);
  CHECK(result.find("\"map_label_second\":\"fighters, step 40\"") != std::string::npos);
  CHECK(result.find("\"map_legend\":\"fighters on the cell") != std::string::npos);
  CHECK(result.find("\"events_box\":\"step ") != std::string::npos);
  // 75 series: 66 in 15 indicator groups (one chart each) and 9 alone.
  CHECK(result.find("\"charts\":24") != std::string::npos);
  const auto colours = result.find("\"map_colours\":");
  REQUIRE(colours != std::string::npos);
  CHECK(std::stoi(result.substr(colours + 14)) > 5);  // the map is not blank
  const std::string shot = test::temp_path("sahel-report.png");
  const auto png =
      test::shell("chromium --headless --no-sandbox --disable-gpu --screenshot=" + shot +
                  " --window-size=1200,1600 file://" + html_path);
  CHECK(png.exit_code == 0);
  CHECK(fs::file_size(shot) > 20000);  // kept in the build tree's test-tmp as an artifact
}

TEST_CASE("maps and geography layers export as GeoTIFF and read back with GDAL") {
  // A geography layer round trip: the population exported, then read back as a user
  // population raster, gives every region the same people.
  const std::string grid = test::temp_path("export-grid.h5");
  REQUIRE(
      test::sahelsim("geo scenarios/mali/geography.yaml --set geography.cell_deg=0.25 -o " + grid)
          .exit_code == 0);
  const std::string tif = test::temp_path("population.tif");
  const auto e = test::sahelsim("export " + grid + " --map population -o " + tif);
  CAPTURE(e.err);
  REQUIRE(e.exit_code == 0);
  const auto info = test::shell("gdalinfo " + tif);
  CHECK(info.out.find("Size is 68, 61") != std::string::npos);
  CHECK(info.out.find("ID[\"EPSG\",4326]") != std::string::npos);
  const auto census =
      test::sahelsim("geo scenarios/mali/geography.yaml --set geography.cell_deg=0.25");
  const auto back = test::sahelsim(
      "geo scenarios/mali/geography.yaml --set geography.cell_deg=0.25 --set "
      "geography.layers.population=" +
      tif);
  REQUIRE(back.exit_code == 0);
  const auto on_grid = [](const std::string& out) {
    // The "on grid" column of the region table: the last number of each region line.
    std::string column;
    std::istringstream lines(out);
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("Kayes", 0) == 0 || line.rfind("Bamako", 0) == 0 ||
          line.rfind("total", 0) == 0) {
        column += line.substr(line.find_last_of(' ') + 1) + " ";
      }
    }
    return column;
  };
  CHECK(on_grid(back.out) == on_grid(census.out));
  CHECK(on_grid(back.out).find("16,014,987") != std::string::npos);

  // A map snapshot of a run (a lattice without coordinates).
  const std::string a = run("export-run", "export", 0.8);
  const std::string map = test::temp_path("state.tif");
  REQUIRE(test::sahelsim("export " + a + " --map state --step 10 -o " + map).exit_code == 0);
  CHECK(test::shell("gdalinfo " + map).out.find("Size is 60, 60") != std::string::npos);
  const auto bad = test::sahelsim("export " + a + " --map state --step 3 -o " + map);
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("no snapshot of map 'state' at step 3") != std::string::npos);
}

TEST_CASE("a geography file shows Mali: population, region outlines and towns") {
  const std::string grid = test::temp_path("report-grid.h5");
  REQUIRE(
      test::sahelsim("geo scenarios/mali/geography.yaml --set geography.cell_deg=0.25 -o " + grid)
          .exit_code == 0);
  const std::string html_path = test::temp_path("geography.html");
  REQUIRE(test::sahelsim("report " + grid + " -o " + html_path).exit_code == 0);
  const std::string html = test::read_file(html_path);
  CHECK(html.find("population (log scale)") != std::string::npos);
  CHECK(html.find("\"outline\":\"") != std::string::npos);
  CHECK(html.find(",\"Bamako\",") != std::string::npos);
  const auto dom =
      test::shell("chromium --headless --no-sandbox --disable-gpu --dump-dom file://" + html_path);
  REQUIRE(dom.exit_code == 0);
  CHECK(dom.out.find("<span id=\"map-time\">population (log scale)</span>") != std::string::npos);
}
