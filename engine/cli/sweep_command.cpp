// `sahelsim sweep` and `sahelsim compare`.
//
// Under mpirun (OpenMPI sets OMPI_COMM_WORLD_SIZE; other launchers PMI_SIZE), the sweep's
// runs are split across ranks (run k on rank k mod ranks) and rank 0 writes the index.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "commands.hpp"
#include "experiment/compare.hpp"
#include "experiment/executor.hpp"
#include "registry.hpp"

#ifdef SAHELSIM_WITH_MPI
#include <mpi.h>
#endif

namespace sahelsim::cli {

namespace {

std::atomic<bool> g_stop{false};

std::string read_first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// The first Ctrl-C stops the sweep after the current steps; a second one ends it at once.
extern "C" void on_sweep_signal(int signal) {
  g_stop.store(true);
  std::signal(signal, SIG_DFL);
}

// How many processes the launcher says it started (1 when not launched by MPI).
long launched_processes() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "SLURM_NTASKS"}) {
    if (const char* value = std::getenv(name)) {
      const long n = std::strtol(value, nullptr, 10);
      if (n > 1 || std::string(name) != "SLURM_NTASKS") return n;
    }
  }
  return 1;
}

}  // namespace

int sweep(const SweepCommandOptions& options) {
  const ModelRegistry& registry = builtin_models();
  SweepOptions run;
  run.output_dir = options.output;
  run.threads = options.threads;
  run.resume = options.resume;
  run.overwrite = options.overwrite;
  run.stop = &g_stop;
  if (options.resume && options.overwrite) {
    throw UserError({}, "", "--resume and --overwrite exclude each other");
  }
  bool mpi = false;
  const long processes = launched_processes();
  if (processes > 1 || std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr) {
#ifdef SAHELSIM_WITH_MPI
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &run.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &run.ranks);
    mpi = true;
    if (run.ranks != processes && processes > 1) {
      MPI_Finalize();
      throw UserError({}, "",
                      "the launcher started " + std::to_string(processes) +
                          " processes but MPI sees " + std::to_string(run.ranks) +
                          " (each would run the whole sweep into one folder): launch with "
                          "mpirun, or srun --mpi=pmix");
    }
    run.barrier = [] { MPI_Barrier(MPI_COMM_WORLD); };
    run.share = [](const std::string& text) {
      int size = static_cast<int>(text.size());
      MPI_Bcast(&size, 1, MPI_INT, 0, MPI_COMM_WORLD);
      std::string out = text;
      out.resize(static_cast<std::size_t>(size));
      if (size > 0) MPI_Bcast(out.data(), size, MPI_CHAR, 0, MPI_COMM_WORLD);
      return out;
    };
#else
    throw UserError({}, "",
                    "launched as " + std::to_string(processes) +
                        " processes (mpirun or srun), but this sahelsim was built without MPI "
                        "(install libopenmpi-dev and rebuild)");
#endif
  }
  int status = kExitOk;
  try {
    // Every rank reads and checks the sweep; an error stops them all the same way.
    const SweepSpec spec = load_sweep(options.sweep, registry);
    const bool terminal = isatty(STDERR_FILENO) != 0;
    run.progress = !options.quiet && run.rank == 0 && terminal;
    run.progress_lines = !options.quiet && run.rank == 0 && !terminal;
    std::signal(SIGINT, on_sweep_signal);
    std::signal(SIGTERM, on_sweep_signal);
    if (run.rank == 0 && !options.quiet) {
      std::printf("sweep %s: %zu points x %zu replicates = %zu runs", spec.name.c_str(),
                  spec.points.size(), spec.replicates, spec.run_count());
      if (run.ranks > 1) std::printf(" on %d MPI ranks", run.ranks);
      std::printf(", into %s\n",
                  (options.output.empty() ? spec.output_dir : options.output).c_str());
      std::fflush(stdout);
    }
    const SweepReport report = run_sweep(spec, registry, run);
    if (run.rank == 0 && !options.quiet) {
      std::printf(
          "%zu runs: %zu finished (%zu of them before this start), %zu failed, %zu not "
          "run; %.1f s\n",
          report.runs, report.finished, report.skipped, report.failed.size(), report.missing,
          report.seconds);
      for (std::size_t i : report.failed) {
        const SweepRun r = spec.run(i);
        std::string error = read_first_line(run_file(report.directory, i) + ".error");
        std::printf("failed: run %zu (point %zu, replicate %zu): %s\n", i, r.point, r.replicate,
                    error.c_str());
      }
      std::printf("index: %s\n", report.index_file.c_str());
      const std::string table = sensitivity_table(report.index_file);
      if (!table.empty()) std::printf("\n%s", table.c_str());
    }
    if (!report.failed.empty()) {
      if (run.rank == 0 && report.halted) {
        std::fprintf(stderr, "sweep stopped at the first failure (output.on_error: stop)\n");
      }
      status = kExitFailure;
    } else if (report.stopped && report.missing > 0) {
      if (run.rank == 0) {
        std::fprintf(stderr,
                     "sweep stopped: %zu runs not done; run again with --resume to finish\n",
                     report.missing);
      }
      status = kExitInterrupted;
    }
  } catch (const SweepAbandoned&) {
    status = kExitUserError;  // rank 0 says why
  } catch (const UserError&) {
    if (run.rank != 0) {
      status = kExitUserError;  // every rank finds the same problem: rank 0 says it
    } else {
#ifdef SAHELSIM_WITH_MPI
      if (mpi) MPI_Finalize();
#endif
      throw;
    }
  } catch (...) {
#ifdef SAHELSIM_WITH_MPI
    if (mpi) MPI_Finalize();
#endif
    throw;
  }
#ifdef SAHELSIM_WITH_MPI
  if (mpi) MPI_Finalize();
#endif
  (void)mpi;
  return status;
}

int compare(const std::vector<std::string>& files, const std::vector<std::string>& series,
            const std::string& at) {
  CompareOptions options;
  options.series = series;
  options.at = at;
  std::cout << compare_report(files, options);
  return kExitOk;
}

}  // namespace sahelsim::cli
