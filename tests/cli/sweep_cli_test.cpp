// `sahelsim sweep` and `sahelsim compare` end to end: local and MPI give the same run
// files, a killed sweep resumes to the same files, a failing run does not stop the
// others, earlier output is never overwritten by accident.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "../support/support.hpp"

using namespace sahelsim;
namespace fs = std::filesystem;

namespace {

std::string sweep_file(const std::string& name, int replicates, int steps) {
  return test::write_file(
      test::temp_path(name),
      "name: cli\nbase: " + test::source_dir() + "/scenarios/teaching/rebellion.yaml\n" +
          "seed: 11\nreplicates: " + std::to_string(replicates) + "\nset: {steps: " +
          std::to_string(steps) + "}\ngrid: {params.legitimacy: [0.75, 0.85]}\n");
}

// h5diff of every run file and of the summaries; "" when all are identical.
std::string differences(const std::string& a, const std::string& b, int runs) {
  std::string out;
  for (int i = 0; i < runs; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "/runs/run-%06d.h5", i);
    const std::string d = test::dataset_differences(a + name, b + name);
    if (!d.empty()) out += std::string(name) + ": " + d + "\n";
  }
  const auto s = test::shell("h5diff " + a + "/sweep.h5 " + b + "/sweep.h5 /summary /summary");
  if (s.exit_code != 0) out += "summary: " + s.out + s.err;
  return out;
}

// `mpirun -np 2` as the tests run it. In containers the shared-memory transport cannot use
// cross-memory attach: it is turned off. OpenMPI is not built with sanitizers: its plugins
// (loaded and unloaded at run time) keep allocations until exit and take their own locks,
// which LeakSanitizer and ThreadSanitizer report but cannot attribute or suppress, so
// sanitizer reports are off for the MPI processes only; the executor's code is the same as
// the local one, which the other sweep tests check under both sanitizers.
std::string mpirun2() {
  return "env ASAN_OPTIONS=detect_leaks=0 TSAN_OPTIONS=report_bugs=0 "
         "OMPI_MCA_btl_vader_single_copy_mechanism=none "
         "mpirun --allow-run-as-root --oversubscribe -np 2 ";
}

}  // namespace

TEST_CASE("a sweep runs, summarises, refuses to overwrite, and compares paired by seed") {
  const std::string sweep = sweep_file("basic.yaml", 3, 30);
  const std::string dir = test::temp_path("basic-out");
  const auto r = test::sahelsim("sweep " + sweep + " -o " + dir);
  CAPTURE(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("2 points x 3 replicates = 6 runs") != std::string::npos);
  CHECK(fs::exists(dir + "/sweep.h5"));
  CHECK(fs::exists(dir + "/sweep.yaml"));
  const auto again = test::sahelsim("sweep " + sweep + " -o " + dir);
  CHECK(again.exit_code == 2);
  CHECK(again.err.find("holds an earlier sweep (use --resume") != std::string::npos);
  const auto resumed = test::sahelsim("sweep " + sweep + " -o " + dir + " --resume");
  CHECK(resumed.exit_code == 0);
  CHECK(resumed.out.find("6 finished (6 of them before this start)") != std::string::npos);
  const auto c = test::sahelsim("compare " + dir + "/sweep.h5 --series active,jailed");
  CAPTURE(c.err);
  CHECK(c.exit_code == 0);
  CHECK(c.out.find("legitimacy=0.85") != std::string::npos);
  CHECK(c.out.find("paired, 3 pairs") != std::string::npos);
  const auto bad = test::sahelsim("compare " + dir + "/sweep.h5 --series actve");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("no series 'actve' (did you mean 'active'?)") != std::string::npos);
  const auto changed = test::write_file(test::temp_path("basic.yaml"),
                                        "name: cli\nbase: " + test::source_dir() +
                                            "/scenarios/teaching/rebellion.yaml\nreplicates: 2\n");
  const auto mismatch = test::sahelsim("sweep " + changed + " -o " + dir + " --resume");
  CHECK(mismatch.exit_code == 2);
  CHECK(mismatch.err.find("made from a different sweep file") != std::string::npos);
}

TEST_CASE("mpirun -np 2 gives the same run files and summaries as the local executor") {
  const std::string sweep = sweep_file("mpi.yaml", 3, 30);
  const std::string local = test::temp_path("mpi-local"), mpi = test::temp_path("mpi-mpi");
  REQUIRE(test::sahelsim("sweep " + sweep + " -q -o " + local).exit_code == 0);
  const auto r =
      test::shell(mpirun2() + std::string(SAHELSIM_BINARY) + " sweep " + sweep + " -o " + mpi);
  CAPTURE(r.out);
  CAPTURE(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("on 2 MPI ranks") != std::string::npos);
  CHECK(differences(local, mpi, 6) == "");
}

TEST_CASE("a sweep killed halfway resumes to the same files as an uninterrupted one") {
  const std::string sweep = sweep_file("kill.yaml", 12, 300);
  const std::string whole = test::temp_path("kill-whole"), cut = test::temp_path("kill-cut");
  REQUIRE(test::sahelsim("sweep " + sweep + " -q --threads 2 -o " + whole).exit_code == 0);
  // Start, wait until a few runs are done, then SIGTERM (as a scheduler would).
  const auto killed = test::shell(test::signal_when(
      std::string(SAHELSIM_BINARY) + " sweep " + sweep + " -q --threads 1 -o " + cut,
      cut + "/runs/*.h5", 4, "TERM"));
  CAPTURE(killed.err);
  CHECK(killed.out.find("exit=130") != std::string::npos);
  int done = 0;
  for (const auto& e : fs::directory_iterator(cut + "/runs")) done += e.path().extension() == ".h5";
  CHECK(done >= 4);
  CHECK(done < 24);
  const auto resumed = test::sahelsim("sweep " + sweep + " --resume --threads 2 -o " + cut);
  CAPTURE(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  CHECK(resumed.out.find("24 finished (" + std::to_string(done) + " of them before this start)") !=
        std::string::npos);
  CHECK(differences(whole, cut, 24) == "");
}

TEST_CASE("a failing run is recorded and the others go on") {
  const std::string sweep = sweep_file("fail.yaml", 2, 20);
  const std::string dir = test::temp_path("fail-out");
  fs::create_directories(dir + "/runs/run-000002.h5");  // run 2 cannot write its file
  const auto r = test::sahelsim("sweep " + sweep + " --resume -o " + dir);
  CAPTURE(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("1 failed") != std::string::npos);
  CHECK(r.out.find("failed: run 2") != std::string::npos);
  for (int i : {0, 1, 3}) {
    char name[32];
    std::snprintf(name, sizeof name, "/runs/run-%06d.h5", i);
    CHECK(fs::is_regular_file(dir + name));
  }
  const auto inspect = test::shell("h5dump -d /runs/status " + dir + "/sweep.h5");
  CHECK(inspect.out.find("0, 0, 1, 0") != std::string::npos);
}

TEST_CASE("bad sweep input through the CLI: exit 2, nothing written") {
  const std::string dir = test::temp_path("bad-out");
  const std::string bad =
      test::write_file(test::temp_path("bad.yaml"), "base: nowhere.yaml\nreplicates: two\n");
  const auto r = test::sahelsim("sweep " + bad + " -o " + dir);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("bad.yaml:2:13: replicates: wrong type") != std::string::npos);
  CHECK_FALSE(fs::exists(dir));
  const auto missing = test::sahelsim(
      "sweep " + test::write_file(test::temp_path("m.yaml"), "base: nowhere.yaml\n"));
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("nowhere.yaml: cannot read the file") != std::string::npos);
  const auto both = test::sahelsim("sweep " + bad + " --resume --overwrite");
  CHECK(both.exit_code == 2);
}

TEST_CASE("under mpirun, a folder rank 0 refuses stops every rank with one message") {
  const std::string sweep = sweep_file("mpi-refuse.yaml", 1, 10);
  const std::string dir = test::temp_path("mpi-refuse");
  REQUIRE(test::sahelsim("sweep " + sweep + " -q -o " + dir).exit_code == 0);
  const auto r = test::shell("timeout 120 " + mpirun2() + std::string(SAHELSIM_BINARY) + " sweep " +
                             sweep + " -o " + dir);
  CHECK(r.exit_code != 124);  // no hang
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("holds an earlier sweep") != std::string::npos);
}

TEST_CASE("on_error: stop ends the sweep at the first failure, with exit code 1") {
  const std::string sweep =
      test::write_file(test::temp_path("stop.yaml"),
                       "base: " + test::source_dir() +
                           "/scenarios/teaching/rebellion.yaml\nreplicates: 6\nset: {steps: 20}\n"
                           "output: {on_error: stop}\n");
  const std::string dir = test::temp_path("stop-out");
  fs::create_directories(dir + "/runs/run-000000.h5");
  const auto r = test::sahelsim("sweep " + sweep + " --resume --threads 1 -o " + dir);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("stopped at the first failure") != std::string::npos);
  CHECK(r.out.find("failed: run 0 (point 0, replicate 0)") != std::string::npos);
  CHECK(r.out.find("not run") != std::string::npos);
}

TEST_CASE("two sweeps never write into one folder at once") {
  const std::string sweep = sweep_file("locked.yaml", 1, 10);
  const std::string dir = test::temp_path("locked-out");
  fs::create_directories(dir);
  const auto r = test::shell("flock " + dir + "/.lock -c '" + std::string(SAHELSIM_BINARY) +
                             " sweep " + sweep + " -o " + dir + "'");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("another sweep is running in this folder") != std::string::npos);
}

TEST_CASE("a sweep of the Sahel model writes its regional series in every run file") {
  const std::string sweep = test::write_file(
      test::temp_path("sahel.sweep.yaml"),
      "name: sahel\nbase: " + test::source_dir() + "/scenarios/teaching/sahel-policy.yaml\n" +
          "seed: 3\nreplicates: 2\nset: {steps: 12, output.maps_every: 0}\n"
          "grid: {policy.engagement.level: [0.1, 0.9]}\n");
  const std::string dir = test::temp_path("sahel-out");
  const auto r = test::sahelsim("sweep " + sweep + " -o " + dir + " --threads 2");
  CAPTURE(r.out);
  CAPTURE(r.err);
  REQUIRE(r.exit_code == 0);
  for (int i = 0; i < 4; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "/runs/run-%06d.h5", i);
    const auto d = test::shell("h5dump -H -d /regions/series/population " + dir + name);
    CAPTURE(d.out);
    CHECK(d.exit_code == 0);
    CHECK(d.out.find("( 13, 3 )") != std::string::npos);  // 13 records x 3 regions
  }
}
