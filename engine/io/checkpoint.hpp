// Checkpoint files: the state of a run at the end of a step, with the scenario it belongs
// to, so that `sahelsim run --resume` continues it and `sahelsim run --from` forks it.
//
// Layout: the line "sahelsim checkpoint\n", the format version (u32), the payload's length
// (u64) and its FNV-1a 64-bit hash, then the payload: a StateArchive (engine version and
// commit, the scenario with every value and where it was set, the timeline, the resolved
// text and the source files; the step; the results path of the run that wrote it; the
// lengths of the two parts that follow), then the results recorded so far and the run's
// state as they are (RunCheckpoint::results, ::state), written without copying them. A file is
// written as PATH.tmp, flushed to disk and renamed, so a checkpoint on disk is always whole;
// reading checks the header, the hash and the build, and a damaged or foreign file is refused with
// a clear error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "core/scenario_spec.hpp"
#include "core/simulation.hpp"

namespace sahelsim {

inline constexpr std::uint32_t kCheckpointFormatVersion = 1;

struct CheckpointFile {
  std::string path;
  ScenarioSpec spec;             // the scenario of the run that wrote it
  std::int64_t step = 0;         // steps completed
  std::string results_path;      // where that run wrote its results
  std::string engine;            // "version (commit)" of the build that wrote it
  std::vector<std::byte> bytes;  // the whole file; results and state are parts of it
  std::span<const std::byte> results, state;

  [[nodiscard]] RunCheckpoint run() const { return {&spec, step, results, state}; }

  // Moves keep `bytes`' buffer, so the views stay valid; a copy would not.
  CheckpointFile() = default;
  CheckpointFile(CheckpointFile&&) = default;
  CheckpointFile& operator=(CheckpointFile&&) = default;
  CheckpointFile(const CheckpointFile&) = delete;
  CheckpointFile& operator=(const CheckpointFile&) = delete;
};

// Writes atomically (PATH.tmp, fsync, rename). Throws std::runtime_error on I/O failure.
void write_checkpoint(const std::string& path, const RunCheckpoint& checkpoint,
                      const std::string& results_path);

// The results a run wrote to `path` (its NAME.h5.partial after a stop), as the ResultsLog a
// checkpoint holds: the part of a checkpoint taken when a run without checkpoints is
// stopped (it kept no results in memory). Throws UserError when the file does not hold
// what `model` records.
[[nodiscard]] ResultsLog read_results_log(const std::string& path, const ModelInfo& model);

// Reads and checks a checkpoint; throws UserError naming the file and what is wrong.
[[nodiscard]] CheckpointFile read_checkpoint(const std::string& path, const ModelRegistry& models);

}  // namespace sahelsim
