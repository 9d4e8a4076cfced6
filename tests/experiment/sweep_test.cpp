// Sweep files, seeds, sampling designs, statistics and the local executor.
#include <doctest/doctest.h>

#include <Random123/philox.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include "core/errors.hpp"
#include "experiment/executor.hpp"
#include "experiment/statistics.hpp"
#include "experiment/sweep.hpp"
#include "io/results_reader.hpp"
#include "registry.hpp"
#include "support/support.hpp"

using namespace sahelsim;
namespace fs = std::filesystem;

namespace {

std::string sweep_file(const std::string& name, const std::string& body) {
  return test::write_file(test::temp_path(name), "base: " + test::source_dir() +
                                                     "/scenarios/teaching/rebellion.yaml\n" + body);
}

std::string error_of(const std::string& path) {
  try {
    (void)load_sweep(path, builtin_models());
  } catch (const UserError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("replicate seeds follow the documented formula and never change") {
  for (std::uint64_t r = 0; r < 5; ++r) {
    r123::Philox4x64 philox;
    const r123::Philox4x64::key_type key = {{42, 0x53574550u}};
    const r123::Philox4x64::ctr_type counter = {{r, 0, 0, 0}};
    CHECK(replicate_seed(42, r) == philox(counter, key).v[0] >> 11);
  }
  // Pinned: a change here changes every sweep's results.
  CHECK(replicate_seed(42, 0) == 62648882370229ULL);
  CHECK(replicate_seed(42, 1) == 2583675556664922ULL);
  CHECK(replicate_seed(42, 2) == 7187540351519133ULL);
  CHECK(replicate_seed(7, 0) == 6464504563218277ULL);
  CHECK(replicate_seed(42, 1) < (1ULL << 53));
}

TEST_CASE("points are scenarios x grid x zip x samples, runs points x replicates") {
  const std::string path =
      sweep_file("grid.yaml",
                 "seed: 5\nreplicates: 3\nset: {steps: 10}\n"
                 "grid: {params.legitimacy: [0.7, 0.8], params.cop_density: "
                 "[0.03, 0.04, 0.05]}\n"
                 "zip: {params.agent_density: [0.6, 0.7], params.max_jail_term: "
                 "[10, 20]}\n");
  const SweepSpec spec = load_sweep(path, builtin_models());
  CHECK(spec.points.size() == 2 * 3 * 2);
  CHECK(spec.run_count() == 36);
  CHECK(spec.parameter_keys == std::vector<std::string>{"params.legitimacy", "params.cop_density",
                                                        "params.agent_density",
                                                        "params.max_jail_term"});
  // The last axis varies fastest; zip rows stay paired.
  CHECK(spec.points[0].sets[1] == "params.legitimacy=0.7");
  CHECK(spec.points[0].sets[2] == "params.cop_density=0.03");
  CHECK(spec.points[1].sets[3] == "params.agent_density=0.7");
  CHECK(spec.points[1].sets[4] == "params.max_jail_term=20");
  CHECK(spec.points[2].sets[2] == "params.cop_density=0.04");
  CHECK(spec.points[6].sets[1] == "params.legitimacy=0.8");
  // Run k: point k / replicates, replicate k % replicates, seed of its replicate.
  const SweepRun run = spec.run(7);
  CHECK(run.point == 2);
  CHECK(run.replicate == 1);
  CHECK(run.seed == replicate_seed(5, 1));
  CHECK(spec.run(4).seed == run.seed);  // common random numbers across points
}

TEST_CASE("Latin hypercube puts one point in each stratum of each parameter") {
  const std::string path =
      sweep_file("lhs.yaml",
                 "sample: {method: lhs, n: 10, seed: 3, ranges: {params.legitimacy: [0.5, 1.0], "
                 "params.cop_density: [0.0, 0.1]}}\n");
  const SweepSpec spec = load_sweep(path, builtin_models());
  REQUIRE(spec.points.size() == 10);
  for (const auto& [key, lo, hi] :
       {std::tuple{"params.legitimacy", 0.5, 1.0}, std::tuple{"params.cop_density", 0.0, 0.1}}) {
    std::set<int> strata;
    for (const auto& p : spec.points) {
      for (const auto& [k, v] : p.coordinates) {
        if (k != key) continue;
        CHECK(v >= lo);
        CHECK(v < hi);
        strata.insert(static_cast<int>((v - lo) / (hi - lo) * 10));
      }
    }
    CHECK(strata.size() == 10);
  }
  // Same seed, same design; another seed, another one.
  CHECK(load_sweep(path, builtin_models()).points[3].sets == spec.points[3].sets);
}

TEST_CASE("Morris trajectories move one parameter at a time by one step of the grid") {
  const std::string path = sweep_file(
      "morris.yaml",
      "sample: {method: morris, trajectories: 5, levels: 4, seed: 2, ranges: {params.legitimacy: "
      "[0.5, 1.0], params.cop_density: [0.0, 0.1], params.agent_density: [0.5, 0.8]}}\n"
      "sensitivity: {outputs: [active]}\n");
  const SweepSpec spec = load_sweep(path, builtin_models());
  REQUIRE(spec.points.size() == 5 * 4);
  REQUIRE(spec.design.steps.size() == 5);
  const double delta = 4.0 / (2.0 * 3.0);
  for (std::size_t t = 0; t < 5; ++t) {
    std::set<std::size_t> moved;
    for (std::size_t j = 0; j < 3; ++j) {
      const auto& a = spec.points[t * 4 + j].coordinates;
      const auto& b = spec.points[t * 4 + j + 1].coordinates;
      int changed = 0;
      for (std::size_t k = 0; k < 3; ++k) {
        const double lo = k == 0 ? 0.5 : k == 1 ? 0.0 : 0.5;
        const double width = k == 0 ? 0.5 : k == 1 ? 0.1 : 0.3;
        const double step = (b[k].second - a[k].second) / width;
        if (std::abs(step) > 1e-9) {
          ++changed;
          CHECK(std::abs(std::abs(step) - delta) < 1e-9);
          CHECK(spec.design.steps[t][j].parameter == k);
          moved.insert(k);
        }
        CHECK(a[k].second >= lo - 1e-12);
      }
      CHECK(changed == 1);
    }
    CHECK(moved.size() == 3);
  }
}

TEST_CASE("quantiles, means and confidence intervals") {
  const std::vector<double> v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  const stats::Summary s = stats::summarize(v);
  CHECK(s.median == doctest::Approx(5.5));
  CHECK(s.q10 == doctest::Approx(1.9));  // type 7: 1 + 0.9 * (2 - 1)
  CHECK(s.q90 == doctest::Approx(9.1));
  CHECK(s.mean == doctest::Approx(5.5));
  // s = 3.02765, t(0.975, 9) = 2.262: half-width 2.1659
  CHECK(s.ci95_high - s.mean == doctest::Approx(2.262 * 3.0276503540974917 / std::sqrt(10.0)));
  CHECK(std::isnan(stats::summarize(std::vector<double>{3.0}).ci95_low));
  CHECK(stats::summarize(std::vector<double>{NAN, 1.0, 3.0}).n == 2);
  CHECK(stats::t975(1000) == doctest::Approx(1.962).epsilon(0.001));
}

TEST_CASE("bad sweep files are refused with located messages") {
  SUBCASE("unknown key") {
    const std::string e = error_of(sweep_file("typo.yaml", "replicats: 3\n"));
    CHECK(e.find("typo.yaml:2:1: replicats: unknown key (did you mean 'replicates'?)") !=
          std::string::npos);
  }
  SUBCASE("a grid value out of range is reported where the sweep wrote it") {
    const std::string e =
        error_of(sweep_file("range.yaml", "grid:\n  params.legitimacy: [0.8, 1.5]\n"));
    CHECK(e.find("range.yaml:3:28: params.legitimacy: out of range") != std::string::npos);
  }
  SUBCASE("an unknown scenario key in the grid") {
    const std::string e = error_of(sweep_file("key.yaml", "grid: {params.legitimcy: [0.8]}\n"));
    CHECK(e.find("params.legitimcy: unknown key (did you mean 'legitimacy'?)") !=
          std::string::npos);
  }
  SUBCASE("zip lists of different lengths") {
    const std::string e = error_of(sweep_file(
        "zip.yaml", "zip: {params.legitimacy: [0.7, 0.8], params.cop_density: [0.04]}\n"));
    CHECK(e.find("zip.params.cop_density: lists of different lengths") != std::string::npos);
  }
  SUBCASE("replicates must be a positive integer") {
    const std::string e = error_of(sweep_file("rep.yaml", "replicates: 0\n"));
    CHECK(e.find("replicates: out of range (expected an integer in [1, 1000000], got 0)") !=
          std::string::npos);
  }
  SUBCASE("morris needs outputs") {
    const std::string e = error_of(sweep_file(
        "m.yaml",
        "sample: {method: morris, trajectories: 2, ranges: {params.legitimacy: [0.5, 1]}}\n"));
    CHECK(e.find("sensitivity: missing") != std::string::npos);
  }
  SUBCASE("no scenario") {
    const std::string path = test::write_file(test::temp_path("none.yaml"), "replicates: 2\n");
    CHECK(error_of(path).find("base: missing") != std::string::npos);
  }
  SUBCASE("a sample method that does not exist") {
    const std::string e =
        error_of(sweep_file("lh.yaml", "sample: {method: lhc, n: 3, ranges: {steps: [1, 5]}}\n"));
    CHECK(e.find("sample.method: unknown choice") != std::string::npos);
    CHECK(e.find("did you mean 'lhs'?") != std::string::npos);
  }
}

TEST_CASE("a local sweep gives the same run files at 1 and 2 threads, with summaries") {
  const std::string path = sweep_file("local.yaml",
                                      "seed: 9\nreplicates: 3\nset: {steps: 40}\n"
                                      "grid: {params.legitimacy: [0.75, 0.85]}\n");
  const SweepSpec spec = load_sweep(path, builtin_models());
  SweepOptions one, two;
  one.output_dir = test::temp_path("local-1");
  one.threads = 1;
  two.output_dir = test::temp_path("local-2");
  two.threads = 2;
  const SweepReport a = run_sweep(spec, builtin_models(), one);
  const SweepReport b = run_sweep(spec, builtin_models(), two);
  CHECK(a.finished == 6);
  CHECK(b.finished == 6);
  CHECK(a.failed.empty());
  for (std::size_t i = 0; i < 6; ++i) {
    const ResultsFile x(run_file(one.output_dir, i)), y(run_file(two.output_dir, i));
    CHECK(x.complete());
    CHECK(x.attribute("seed") == std::to_string(spec.run(i).seed));
    for (const auto& name : x.series_names()) {
      CHECK(x.series(name).values == y.series(name).values);
    }
  }
  // The summary's median is the median of the run files' values.
  const ResultsFile index(a.index_file);
  const auto median = h5::read_doubles(index.id(), "summary/point-000001/active/median");
  std::vector<double> last;
  for (std::size_t r = 0; r < 3; ++r) {
    last.push_back(ResultsFile(run_file(one.output_dir, 3 + r)).series("active").values.back());
  }
  CHECK(median.back() == doctest::Approx(stats::quantile(last, 0.5)));
  CHECK(h5::read_int64s(index.id(), "runs/status") == std::vector<std::int64_t>(6, 0));
}

TEST_CASE("every sweep shipped in scenarios/ is valid") {
  std::size_t checked = 0;
  for (const auto& entry : fs::recursive_directory_iterator(test::source_dir() + "/scenarios")) {
    if (!entry.path().string().ends_with(".sweep.yaml")) continue;
    CAPTURE(entry.path().string());
    CHECK_NOTHROW((void)load_sweep(entry.path().string(), builtin_models()));
    ++checked;
  }
  CHECK(checked >= 2);
}

TEST_CASE("sweep checks: even Morris levels, no seed in the design, known outputs, rounding") {
  SUBCASE("odd levels") {
    const std::string e =
        error_of(sweep_file("odd.yaml",
                            "sample: {method: morris, trajectories: 2, levels: 5, ranges: "
                            "{params.legitimacy: [0.5, 1]}}\nsensitivity: {outputs: [active]}\n"));
    CHECK(e.find("sample.levels: must be even") != std::string::npos);
  }
  SUBCASE("seed in a grid") {
    const std::string e = error_of(sweep_file("seed.yaml", "grid: {seed: [1, 2, 3]}\n"));
    CHECK(e.find("seed: set by the sweep") != std::string::npos);
  }
  SUBCASE("an output the model does not have") {
    const std::string e =
        error_of(sweep_file("out.yaml",
                            "sample: {method: morris, trajectories: 2, ranges: {params.legitimacy: "
                            "[0.5, 1]}}\nsensitivity: {outputs: [actve]}\n"));
    CHECK(e.find("sensitivity.outputs: no series 'actve' in model epstein (did you mean "
                 "'active'?)") != std::string::npos);
  }
  SUBCASE("empty ranges") {
    const std::string e =
        error_of(sweep_file("empty.yaml", "sample: {method: lhs, n: 3, ranges: {}}\n"));
    CHECK(e.find("sample.ranges: empty") != std::string::npos);
  }
  SUBCASE("sampled integer keys are rounded") {
    const SweepSpec spec = load_sweep(
        sweep_file("int.yaml", "sample: {method: lhs, n: 5, seed: 4, ranges: {steps: [20, 40]}}\n"),
        builtin_models());
    for (const auto& p : spec.points) {
      const std::string& set = p.sets.back();
      REQUIRE(set.rfind("steps=", 0) == 0);
      CHECK(set.find('.') == std::string::npos);
      CHECK(p.coordinates.back().second == std::floor(p.coordinates.back().second));
    }
  }
}

TEST_CASE("the Morris table equals elementary effects recomputed from the run files") {
  const std::string path =
      sweep_file("morris-run.yaml",
                 "seed: 3\nreplicates: 2\nset: {steps: 30, output: {maps_every: 0}}\n"
                 "sample: {method: morris, trajectories: 3, levels: 4, seed: 5, ranges: "
                 "{params.legitimacy: [0.6, 0.95], params.cop_density: [0.02, 0.08]}}\n"
                 "sensitivity: {outputs: [jailed], at: mean}\n");
  const SweepSpec spec = load_sweep(path, builtin_models());
  SweepOptions options;
  options.output_dir = test::temp_path("morris-out");
  const SweepReport report = run_sweep(spec, builtin_models(), options);
  REQUIRE(report.failed.empty());
  // y(point): the mean over replicates of each run's mean of `jailed`.
  std::vector<double> y;
  for (std::size_t p = 0; p < spec.points.size(); ++p) {
    double sum = 0.0;
    for (std::size_t r = 0; r < 2; ++r) {
      const auto v = ResultsFile(run_file(options.output_dir, p * 2 + r)).series("jailed").values;
      double m = 0.0;
      for (double x : v) m += x;
      sum += m / static_cast<double>(v.size());
    }
    y.push_back(sum / 2.0);
  }
  std::vector<std::vector<double>> effects(2);
  for (std::size_t t = 0; t < 3; ++t) {
    for (std::size_t j = 0; j < 2; ++j) {
      const auto& a = spec.points[t * 3 + j].coordinates;
      const auto& b = spec.points[t * 3 + j + 1].coordinates;
      for (std::size_t k = 0; k < 2; ++k) {
        const double width = k == 0 ? 0.35 : 0.06;
        const double step = (b[k].second - a[k].second) / width;
        if (step != 0.0) effects[k].push_back((y[t * 3 + j + 1] - y[t * 3 + j]) / step);
      }
    }
  }
  const ResultsFile index(report.index_file);
  const auto mu_star = h5::read_doubles(index.id(), "sensitivity/jailed/mu_star");
  for (std::size_t k = 0; k < 2; ++k) {
    REQUIRE(effects[k].size() == 3);
    double sum = 0.0;
    for (double e : effects[k]) sum += std::abs(e);
    CHECK(mu_star[k] == doctest::Approx(sum / 3.0));
  }
}
