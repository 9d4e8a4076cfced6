// sahelsim: command-line entry point. Parses the command line, runs one subcommand, and
// turns errors into messages and exit codes: 2 for input the user can fix, 1 for bugs.
#include <CLI/CLI.hpp>

#include <iostream>
#include <limits>

#include "commands.hpp"
#include "core/errors.hpp"
#include "core/version.hpp"
#include "io/h5.hpp"

using namespace sahelsim;

int main(int argc, char** argv) {
  CLI::App app{
      "sahelsim: agent-based simulation of communities, armed groups, security forces "
      "and aid actors, with published models reproduced.",
      "sahelsim"};
  app.set_version_flag("--version",
                       std::string(engine_version()) + " (" + std::string(git_commit()) + ")");
  app.require_subcommand(1);

  cli::RunOptions run;
  std::string seed, steps;
  auto* run_cmd = app.add_subcommand("run", "Run a scenario and write its results (HDF5)");
  run_cmd->add_option("scenario", run.scenario,
                      "Scenario file (default: the built-in default scenario)");
  run_cmd->add_option("-o,--output", run.output,
                      "Results file (default: the scenario's output.file, or results/<name>.h5)");
  run_cmd->add_option("--seed", seed, "Override the scenario's seed");
  run_cmd->add_option("--steps", steps, "Override the number of steps");
  run_cmd->add_option("--set", run.sets, "Override a key: key.path=value (YAML value); repeatable")
      ->allow_extra_args(false);
  run_cmd->add_option("--threads", run.threads, "Worker threads (default: all hardware threads)")
      ->check(CLI::Range(1, 4096));
  run_cmd->add_flag("-q,--quiet", run.quiet, "No progress line and no summary");
  run_cmd
      ->add_option("--checkpoint-every", run.checkpoint_every,
                   "Save the whole state every N steps (and after the last step, and when "
                   "stopped by Ctrl-C) to the checkpoint file")
      ->check(CLI::Range(std::int64_t{1}, std::numeric_limits<std::int64_t>::max()));
  run_cmd->add_option("--checkpoint", run.checkpoint,
                      "Checkpoint file (default: the results path with .ckpt for .h5)");
  run_cmd->add_flag("--keep-checkpoints", run.keep_checkpoints,
                    "Keep every checkpoint, as NAME.<step>.ckpt (default: each replaces the last)");
  run_cmd->add_option("--resume", run.resume,
                      "Continue the run saved in this checkpoint, to the end of its scenario");
  run_cmd->add_option("--from", run.from,
                      "Fork: continue the state saved in this checkpoint under the scenario "
                      "given (same model and world; other policy)");

  cli::GeoOptions geo;
  auto* geo_cmd = app.add_subcommand(
      "geo", "Build a scenario's geography only: summary table, and the grid with -o");
  geo_cmd->add_option("scenario", geo.scenario, "Scenario file with a geography: section")
      ->required();
  geo_cmd->add_option("-o,--output", geo.output, "Write the geography to this HDF5 file");
  geo_cmd->add_option("--set", geo.sets, "Override a key: key.path=value (YAML value); repeatable")
      ->allow_extra_args(false);

  cli::SweepCommandOptions sweep;
  auto* sweep_cmd = app.add_subcommand(
      "sweep",
      "Run a sweep file: parameter points x replicates, with summaries (also under mpirun)");
  sweep_cmd->add_option("sweep", sweep.sweep, "Sweep file (YAML)")->required();
  sweep_cmd->add_option("-o,--output", sweep.output,
                        "Output folder (default: the sweep's output.dir)");
  sweep_cmd
      ->add_option("--threads", sweep.threads, "Worker threads (default: all hardware threads)")
      ->check(CLI::Range(1, 4096));
  sweep_cmd->add_flag("--resume", sweep.resume,
                      "Finish an interrupted sweep, skipping finished runs");
  sweep_cmd->add_flag("--overwrite", sweep.overwrite,
                      "Delete an earlier sweep's files in the folder first");
  sweep_cmd->add_flag("-q,--quiet", sweep.quiet, "No progress line and no summary");

  std::vector<std::string> compare_files, compare_series;
  std::string compare_at = "end";
  auto* compare_cmd = app.add_subcommand(
      "compare", "Compare outcomes of run files or sweep index files, paired by seed");
  compare_cmd->add_option("files", compare_files, "Run files or sweep index files (.h5)")
      ->required();
  compare_cmd
      ->add_option("--series", compare_series, "Series to compare (default: all); repeatable")
      ->delimiter(',');
  compare_cmd->add_option(
      "--at", compare_at,
      "end (default), mean, total (sum, for flows), a step S, or a window A:B (mean)");

  std::vector<std::string> report_files;
  std::string report_output = "results/report.html", report_title;
  auto* report_cmd = app.add_subcommand(
      "report", "Write a self-contained HTML report (charts, bands, map, provenance)");
  report_cmd->add_option("files", report_files, "Run files or sweep index files (.h5)")->required();
  report_cmd->add_option("-o,--output", report_output, "HTML file (default: results/report.html)");
  report_cmd->add_option("--title", report_title, "Title (default: from the files)");
  std::vector<std::string> report_tradeoff;
  report_cmd
      ->add_option("--tradeoff", report_tradeoff,
                   "Two series X,Y for the trade-off view (default: the first two)")
      ->delimiter(',')
      ->expected(2);

  std::string export_file, export_name, export_output;
  long long export_step = 0;
  auto* export_cmd = app.add_subcommand(
      "export", "Write a map snapshot (or a geography layer) as a GeoTIFF for GIS tools");
  export_cmd->add_option("file", export_file, "Results or geography file (.h5)")->required();
  export_cmd->add_option("--map", export_name, "Map (/maps) or grid layer (/grid) name")
      ->required();
  export_cmd->add_option("--step", export_step, "Step of the map snapshot (default 0)");
  export_cmd->add_option("-o,--output", export_output, "GeoTIFF file to write")->required();

  std::vector<std::string> scenarios, validate_sets;
  auto* validate_cmd = app.add_subcommand("validate", "Check scenarios without running them");
  validate_cmd->add_option("scenarios", scenarios, "Scenario files")->required();
  validate_cmd->add_option("--set", validate_sets, "Override a key before checking; repeatable")
      ->allow_extra_args(false);

  std::string model;
  bool markdown = false;
  auto* params_cmd =
      app.add_subcommand("params", "List every parameter: default, range, unit, doc, source");
  params_cmd->add_option("model", model, "Model name, or geography (default: all)");
  params_cmd->add_flag("--markdown", markdown,
                       "Markdown: the scenario reference (docs/scenarios.md), or one model's");

  auto* models_cmd = app.add_subcommand("models", "List the registered models");

  std::string file;
  auto* inspect_cmd = app.add_subcommand("inspect", "Show what a results file holds");
  inspect_cmd->add_option("file", file, "Results file (.h5)")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return cli::kExitOk;
  } catch (const CLI::CallForVersion&) {
    std::cout << app.version() << "\n";
    return cli::kExitOk;
  } catch (const CLI::ParseError& e) {
    // Help of the subcommand in question, when there is one.
    if (e.get_name() == "CallForAllHelp") {
      std::cout << app.help("", CLI::AppFormatMode::All);
      return cli::kExitOk;
    }
    std::cerr << "sahelsim: " << e.what() << "\n(run 'sahelsim --help' for usage)\n";
    return cli::kExitUserError;
  }

  // Every failure becomes a message and an exit code.
  const auto guarded = [](auto&& body) -> int {
    try {
      return body();
    } catch (const UserError& e) {
      std::cerr << e.what() << "\n";
      return cli::kExitUserError;
    } catch (const h5::Error& e) {
      std::cerr << "sahelsim: " << e.what() << "\n";
      return cli::kExitFailure;
    } catch (const std::bad_alloc&) {
      std::cerr << "sahelsim: out of memory\n";
      return cli::kExitFailure;
    } catch (const std::exception& e) {
      std::cerr << "sahelsim: internal error: " << e.what() << " (please report it)\n";
      return cli::kExitFailure;
    }
  };
  // The commands that read results files the user names.
  const auto reading = [&](const std::vector<std::string>& files, auto&& body) {
    return cli::read_in_child(files, [&] { return guarded(body); });
  };

  if (run_cmd->parsed()) {
    if (run_cmd->count("--seed") > 0) run.seed = seed;
    if (run_cmd->count("--steps") > 0) run.steps = steps;
    return guarded([&] { return cli::run(run); });
  }
  if (geo_cmd->parsed()) return guarded([&] { return cli::geo(geo); });
  if (sweep_cmd->parsed()) return guarded([&] { return cli::sweep(sweep); });
  if (export_cmd->parsed()) {
    return reading({export_file}, [&] {
      return cli::export_map(export_file, export_name, export_step, export_output);
    });
  }
  if (report_cmd->parsed()) {
    return reading(report_files, [&] {
      return cli::report(report_files, report_output, report_title, report_tradeoff);
    });
  }
  if (compare_cmd->parsed()) {
    return reading(compare_files,
                   [&] { return cli::compare(compare_files, compare_series, compare_at); });
  }
  if (validate_cmd->parsed())
    return guarded([&] { return cli::validate(scenarios, validate_sets); });
  if (params_cmd->parsed()) return guarded([&] { return cli::params(model, markdown); });
  if (models_cmd->parsed()) return guarded([&] { return cli::models(); });
  if (inspect_cmd->parsed()) return reading({file}, [&] { return cli::inspect(file); });
  return cli::kExitUserError;
}
