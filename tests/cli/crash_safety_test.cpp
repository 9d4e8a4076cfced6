// Crash safety and checkpoints through the executable: a run or a sweep killed with SIGKILL
// at any moment leaves no results file that looks complete; Ctrl-C with checkpoints says how
// to continue, and continuing gives the file an uninterrupted run gives; forks; damaged
// checkpoints are refused.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "../support/support.hpp"

using namespace sahelsim;
namespace fs = std::filesystem;

namespace {

const char* kTeaching = "scenarios/teaching/rebellion.yaml";

std::string in_source(const std::string& command) {
  return "cd " + test::source_dir() + " && " + command;
}

}  // namespace

TEST_CASE("a run killed with SIGKILL at any moment leaves no NAME.h5") {
  const std::string out = test::temp_path("killed.h5");
  for (const char* delay : {"0", "0.2", "0.6"}) {
    CAPTURE(delay);
    test::write_file(out, "an earlier run's results");  // goes when the new run starts
    fs::remove(out + ".partial");
    const auto r = test::shell(in_source(test::signal_when(
        std::string(SAHELSIM_BINARY) + " run " + kTeaching +
            " --steps 1000000 --set params.width=300 --set params.height=300 -q -o " + out,
        out + ".partial", 1, "KILL", delay)));
    CHECK(r.out.find("exit=137") != std::string::npos);
    CHECK_FALSE(fs::exists(out));
    REQUIRE(fs::exists(out + ".partial"));
    // Whatever the kill left, every reader says it is not a complete results file.
    const auto i = test::sahelsim("inspect " + out + ".partial");
    CAPTURE(i.out);
    CAPTURE(i.err);
    CHECK(
        (i.exit_code == 2 || (i.exit_code == 0 && i.out.find("INCOMPLETE") != std::string::npos)));
  }
}

TEST_CASE("a sweep killed with SIGKILL keeps only complete run files and resumes") {
  const std::string sweep = test::write_file(
      test::temp_path("sigkill.sweep.yaml"),
      "name: sigkill\nbase: " + test::source_dir() +
          "/scenarios/teaching/rebellion.yaml\nseed: 3\nreplicates: 8\nset: {steps: 300}\n");
  const std::string whole = test::temp_path("sigkill-whole"), cut = test::temp_path("sigkill-cut");
  REQUIRE(test::sahelsim("sweep " + sweep + " -q --threads 2 -o " + whole).exit_code == 0);
  const auto killed = test::shell(test::signal_when(
      std::string(SAHELSIM_BINARY) + " sweep " + sweep + " -q --threads 1 -o " + cut,
      cut + "/runs/*.h5", 2, "KILL"));
  CHECK(killed.out.find("exit=137") != std::string::npos);
  CHECK_FALSE(fs::exists(cut + "/sweep.h5"));
  int done = 0;
  for (const auto& e : fs::directory_iterator(cut + "/runs")) {
    if (e.path().extension() != ".h5") continue;
    ++done;
    const auto i = test::sahelsim("inspect " + e.path().string());
    CHECK(i.exit_code == 0);
    CHECK(i.out.find("INCOMPLETE") == std::string::npos);
  }
  CHECK(done >= 2);
  const auto resumed = test::sahelsim("sweep " + sweep + " --resume -q -o " + cut);
  CAPTURE(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  for (int k = 0; k < 8; ++k) {
    char name[32];
    std::snprintf(name, sizeof name, "/runs/run-%06d.h5", k);
    CHECK(test::dataset_differences(whole + name, cut + name) == "");
  }
}

TEST_CASE("Ctrl-C with checkpoints says how to continue; continuing equals the whole run") {
  const std::string whole = test::temp_path("ctrlc-whole.h5"), out = test::temp_path("ctrlc.h5");
  const std::string args =
      std::string(kTeaching) + " --steps 4000 --set params.width=120 --set params.height=120 -q";
  REQUIRE(test::shell(in_source(std::string(SAHELSIM_BINARY) + " run " + args + " -o " + whole))
              .exit_code == 0);
  const auto r = test::shell(in_source(test::signal_when(
      std::string(SAHELSIM_BINARY) + " run " + args + " -o " + out + " --checkpoint-every 1000000",
      out + ".partial", 1, "INT", "0.1")));
  CAPTURE(r.err);
  REQUIRE(r.out.find("exit=130") != std::string::npos);  // stopped before the end
  CHECK_FALSE(fs::exists(out));
  const std::string checkpoint = test::temp_path("ctrlc.ckpt");
  CHECK(r.err.find("continue with: sahelsim run --resume " + checkpoint) != std::string::npos);
  // Every command that reads results says the file is incomplete.
  REQUIRE(fs::exists(out + ".partial"));
  for (const std::string& command :
       {"inspect " + out + ".partial", "compare " + out + ".partial",
        "report " + out + ".partial -o " + test::temp_path("ctrlc.html"),
        "export " + out + ".partial --map state -o " + test::temp_path("ctrlc.tif")}) {
    CAPTURE(command);
    const auto read = test::sahelsim(command);
    CHECK(read.exit_code == 0);
    CHECK(read.err.find("warning: " + out +
                        ".partial: incomplete results file (the run "
                        "stopped after step") != std::string::npos);
  }
  CHECK(test::read_file(test::temp_path("ctrlc.html")).find("(incomplete)") != std::string::npos);

  const auto c = test::sahelsim("run --resume " + checkpoint + " -q --threads 1");
  CAPTURE(c.err);
  REQUIRE(c.exit_code == 0);
  REQUIRE(fs::exists(out));
  CHECK(test::dataset_differences(whole, out) == "");
  const auto i = test::shell("h5dump -a /resumed_at_step " + out);
  CHECK(i.exit_code == 0);
}

TEST_CASE("resume from a kept checkpoint and fork, through the executable") {
  // The Sahel teaching scenario, short: resume from step 10 of 24 equals the whole run.
  const std::string sahel = "scenarios/teaching/sahel-policy.yaml --steps 24 -q";
  const std::string whole = test::temp_path("sahel-whole.h5"), cut = test::temp_path("sahel.h5");
  REQUIRE(test::sahelsim("run " + sahel + " -o " + whole).exit_code == 0);
  REQUIRE(test::sahelsim("run " + sahel + " -o " + cut +
                         " --threads 1 --checkpoint-every 10 --keep-checkpoints")
              .exit_code == 0);
  const std::string step10 = test::temp_path("sahel.10.ckpt");
  REQUIRE(fs::exists(step10));
  CHECK(fs::exists(test::temp_path("sahel.20.ckpt")));
  CHECK(fs::exists(test::temp_path("sahel.24.ckpt")));
  const std::string resumed = test::temp_path("sahel-resumed.h5");
  const auto r = test::sahelsim("run --resume " + step10 + " -q -o " + resumed);
  CAPTURE(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(test::dataset_differences(whole, resumed) == "");

  // A fork: the same history with a switch of policy at step 10 (2012-03-12).
  const std::string fork = test::write_file(
      test::temp_path("fork.yaml"),
      "extends: " + test::source_dir() +
          "/scenarios/teaching/sahel-policy.yaml\nsteps: 24\ntimeline:\n  - at: 2012-03-12\n"
          "    set: {policy.military.troops: 5000, policy.engagement.level: 0.8}\n");
  const std::string direct = test::temp_path("fork-direct.h5"), forked = test::temp_path("fork.h5");
  REQUIRE(test::sahelsim("run " + fork + " -q -o " + direct).exit_code == 0);
  const auto f = test::sahelsim("run --from " + step10 + " " + fork + " -q -o " + forked);
  CAPTURE(f.err);
  REQUIRE(f.exit_code == 0);
  CHECK(test::dataset_differences(direct, forked) == "");
  CHECK(test::dataset_differences(whole, forked) != "");  // the switch made a difference
  const auto a = test::shell("h5dump -a /forked_from -a /forked_at_step " + forked);
  CHECK(a.out.find(step10) != std::string::npos);
  CHECK(test::shell("h5dump -d /scenario/forked_from_resolved " + forked).exit_code == 0);
}

TEST_CASE("bad checkpoints and bad uses of --resume and --from are refused with exit code 2") {
  const std::string out = test::temp_path("ck.h5");
  REQUIRE(test::sahelsim(std::string("run ") + kTeaching + " --steps 20 -q -o " + out +
                         " --checkpoint-every 10 --keep-checkpoints")
              .exit_code == 0);
  const std::string good = test::temp_path("ck.10.ckpt");
  const std::string text = test::read_file(good);
  REQUIRE(text.size() > 1000);
  const std::string truncated =
      test::write_file(test::temp_path("truncated.ckpt"), text.substr(0, text.size() / 2));
  std::string flipped_text = text;
  flipped_text[flipped_text.size() / 2] =
      static_cast<char>(flipped_text[flipped_text.size() / 2] ^ 1);
  const std::string flipped = test::write_file(test::temp_path("flipped.ckpt"), flipped_text);
  const std::string fork_wider = test::write_file(
      test::temp_path("wider.yaml"),
      "extends: " + test::source_dir() + "/" + kTeaching + "\nsteps: 20\nparams:\n  width: 41\n");
  struct Case {
    std::string args, expected;
  } cases[] = {
      {"run --resume " + truncated, "damaged checkpoint: truncated"},
      {"run --resume " + flipped, "damaged checkpoint: its checksum does not match"},
      {"run --resume " + test::source_dir() + "/" + kTeaching, "not a sahelsim checkpoint"},
      {"run --resume " + test::temp_path("none.ckpt"), "cannot read the file"},
      {"run --resume " + good + " " + kTeaching, "--resume continues the checkpoint's own"},
      {"run --resume " + good + " --set params.legitimacy=0.5", "--resume continues"},
      {"run --from " + good, "expected a scenario file"},
      {"run --from " + good + " " + fork_wider,
       fork_wider + ":4:10: params.width: cannot differ from the checkpoint's run"},
      {"run --from " + good + " " + kTeaching + " --steps 5", "steps: a fork runs past"},
      {std::string("run ") + kTeaching + " --keep-checkpoints", "--checkpoint-every: missing"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.args);
    const std::string target = test::temp_path("refused.h5");
    const auto r =
        test::shell(in_source(std::string(SAHELSIM_BINARY) + " " + c.args + " -q -o " + target));
    CAPTURE(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(c.expected) != std::string::npos);
    CHECK_FALSE(fs::exists(target));
    CHECK_FALSE(fs::exists(target + ".partial"));
  }
}

TEST_CASE("a checkpoint whose world has changed since is refused with exit code 2") {
  // A Flee case copied aside, run with a checkpoint, then given one more location: the saved
  // state no longer fits the world the scenario builds.
  const std::string dir = test::temp_path("moved-case");
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy(test::source_dir() + "/data/flee/mali2012", dir + "/mali2012",
           fs::copy_options::recursive);
  const std::string scenario =
      test::write_file(dir + "/case.yaml",
                       "model: flee\nseed: 1\nsteps: 30\ncalendar: {start: 2012-02-29, step: 1d}\n"
                       "params: {input: mali2012/input_csv, validation: mali2012/validation}\n");
  const std::string out = dir + "/run.h5";
  REQUIRE(test::sahelsim("run " + scenario + " -q -o " + out + " --checkpoint-every 10 " +
                         "--keep-checkpoints")
              .exit_code == 0);
  const std::string locations = dir + "/mali2012/input_csv/locations.csv";
  test::write_file(locations, test::read_file(locations) +
                                  "\"Atlantis\",\"Kidal\",\"Mali\",18.5,1.5,\"town\",,1000\n");
  const std::string again = dir + "/again.h5";
  const auto r = test::sahelsim("run --resume " + dir + "/run.10.ckpt -q -o " + again);
  CAPTURE(r.err);
  CHECK(r.exit_code == 2);
  // (here the per-location series are the first thing found to differ in size)
  CHECK(r.err.find(dir + "/run.10.ckpt: cannot continue this checkpoint: ") != std::string::npos);
  CHECK(r.err.find("differs from the checkpoint's") != std::string::npos);
  CHECK_FALSE(fs::exists(again));
  CHECK_FALSE(fs::exists(again + ".partial"));
}

TEST_CASE("Ctrl-C without --checkpoint-every still leaves a checkpoint that continues the run") {
  // The Sahel teaching world with a timeline (a set and a ramp): series, per-region series,
  // maps, events and timeline changes are read back from the .partial file into the
  // checkpoint, and the continued run writes the file the uninterrupted run writes.
  const std::string scenario = test::write_file(
      test::temp_path("ctrlc-sahel.yaml"),
      "extends: " + test::source_dir() +
          "/scenarios/teaching/sahel-policy.yaml\nparams: {demography: true}\ntimeline:\n"
          "  - at: 2012-01-16\n    set: {policy.military.troops: 4000}\n"
          "  - at: 2012-01-23\n    until: 2013-06-03\n    ramp: {policy.engagement.level: 0.9}\n");
  const std::string whole = test::temp_path("ctrlc-sahel-whole.h5"),
                    out = test::temp_path("ctrlc-sahel.h5");
  REQUIRE(test::sahelsim("run " + scenario + " -q -o " + whole).exit_code == 0);
  const auto r = test::shell(test::signal_when(
      std::string(SAHELSIM_BINARY) + " run " + scenario + " -q --threads 2 -o " + out,
      out + ".partial", 1, "INT", "0.1"));
  CAPTURE(r.err);
  REQUIRE(r.out.find("exit=130") != std::string::npos);
  const std::string checkpoint = test::temp_path("ctrlc-sahel.ckpt");
  CHECK(r.err.find("continue with: sahelsim run --resume " + checkpoint) != std::string::npos);
  const auto c = test::sahelsim("run --resume " + checkpoint + " -q --threads 1");
  CAPTURE(c.err);
  REQUIRE(c.exit_code == 0);
  CHECK(test::dataset_differences(whole, out) == "");
}
