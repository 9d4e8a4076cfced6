// `sahelsim sweep` and `sahelsim compare`.
//
// Under mpirun (OpenMPI sets OMPI_COMM_WORLD_SIZE; other launchers PMI_SIZE), the sweep's
// runs are split across ranks (run k on rank k mod ranks) and rank 0 writes the index.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>

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

extern "C" void on_sweep_signal(int) {
  g_stop.store(true);
}

bool launched_by_mpi() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMI_SIZE") != nullptr;
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
  if (launched_by_mpi()) {
#ifdef SAHELSIM_WITH_MPI
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &run.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &run.ranks);
    run.barrier = [] { MPI_Barrier(MPI_COMM_WORLD); };
    mpi = true;
#else
    throw UserError({}, "",
                    "launched by mpirun, but this sahelsim was built without MPI (install "
                    "libopenmpi-dev and rebuild)");
#endif
  }
  int status = kExitOk;
  try {
    // Every rank reads and checks the sweep; an error stops them all the same way.
    const SweepSpec spec = load_sweep(options.sweep, registry);
    run.progress = !options.quiet && run.rank == 0 && isatty(STDERR_FILENO) != 0;
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
          "%zu runs: %zu ran now, %zu were already done (resume), %zu failed, %zu not run; "
          "%.1f s\n",
          report.runs, report.ran, report.skipped, report.failed.size(), report.missing,
          report.seconds);
      for (std::size_t i : report.failed) {
        std::printf("failed: run %zu (%s): see %s.error\n", i,
                    spec.points[spec.run(i).point].sets.empty()
                        ? spec.points[spec.run(i).point].scenario_path.c_str()
                        : spec.points[spec.run(i).point].sets.back().c_str(),
                    run_file(report.directory, i).c_str());
      }
      std::printf("index: %s\n", report.index_file.c_str());
      const std::string table = sensitivity_table(report.index_file);
      if (!table.empty()) std::printf("\n%s", table.c_str());
    }
    if (report.stopped && report.missing > 0) {
      if (run.rank == 0) {
        std::fprintf(stderr,
                     "sweep stopped: %zu runs not done; run again with --resume to finish\n",
                     report.missing);
      }
      status = kExitInterrupted;
    } else if (!report.failed.empty()) {
      status = kExitFailure;
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
