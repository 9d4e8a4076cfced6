// The simulation loop and the recorder.
//
// Each step: apply the timeline, run the model's phases, measure the declared series.
// Records are taken after initialisation (time 0) and then every `output.every` steps and
// after the last step; "time" is the number of steps completed. Stocks are sampled at the
// record time; flows are summed over the steps since the previous record (0 at time 0).
// Map snapshots are taken at time 0 and every `output.maps_every` steps.
//
// Results go to a ResultSink as they are produced: the HDF5 writer (engine/io) streams
// them to disk; MemorySink keeps them for tests and benchmarks.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "model.hpp"
#include "scenario_spec.hpp"

namespace sahelsim {

struct RunHeader {
  const ModelInfo* model = nullptr;
  const ScenarioSpec* spec = nullptr;
  const Grid* grid = nullptr;
  int threads = 1;
  const Geography* geography = nullptr;  // geographic models
  std::size_t regions = 0;               // size of the region dimension of regional series
  const PlaceTable* places = nullptr;    // that dimension's places when not the geography's
};

struct RunStats {
  std::int64_t steps_done = 0;
  bool complete = false;
  bool interrupted = false;
  double seconds = 0.0;  // wall time of the step loop
  Footprint footprint;
  std::vector<double> last_values;  // the final record, by series
  std::vector<double> minimum;      // smallest recorded value, by series
  std::vector<double> maximum;      // largest recorded value, by series
  std::vector<double> total;        // sum of recorded values, by series (meaningful for flows)
  std::vector<Schedule::PhaseTiming> phases;
};

class ResultSink {
 public:
  virtual ~ResultSink() = default;
  virtual void begin(const RunHeader& header) = 0;
  virtual void record(std::int64_t time, std::span<const double> values) = 0;
  // The regional series at the same record time, [series * regions + region].
  virtual void record_regional(std::int64_t time, std::span<const double> values) = 0;
  virtual void map(std::int64_t time, std::size_t map, const MapBuffer& buffer) = 0;
  virtual void events(std::span<const Event> batch) = 0;
  virtual void timeline(std::span<const AppliedChange> changes) = 0;
  // Called once at the end; stats.complete tells whether every step ran.
  virtual void finish(const RunStats& stats) = 0;
};

// Results as a run delivers them to its sink, kept as bytes: the `results` part of a
// checkpoint (RunCheckpoint). A run keeps one while checkpoints are on; the CLI also builds
// one from a results file when a run is stopped without them (engine/io/checkpoint.hpp).
// Each kind of call (records, maps, events, timeline changes) must come in the order of the
// run, a record's regional values right after it; different kinds may come in any order
// relative to each other.
class ResultsLog {
 public:
  void record(std::int64_t time, std::span<const double> values);
  void regional(std::int64_t time, std::span<const double> values);
  void map(std::int64_t time, std::size_t map, const MapBuffer& buffer);
  void events(std::span<const Event> batch);
  void timeline(std::span<const AppliedChange> changes);
  [[nodiscard]] const std::vector<std::byte>& bytes() const { return log_.bytes(); }

 private:
  void put(std::uint8_t tag, std::int64_t time);
  StateArchive log_;
};

// The state of a run at the end of a step, for checkpoints (engine/io/checkpoint.hpp keeps
// it in a file, with the scenario it belongs to): `state` holds the model's state
// (Model::persist) and the recorder's running sums, `results` the results recorded so far
// (replayed into the results of a resumed run, so that they hold the whole run). The
// parameters in force and the timeline's position are not kept: they are a function of the
// scenario and the step, and are recomputed by replaying the timeline. The bytes are views:
// valid during the checkpoint callback, or as long as the file that holds them.
struct RunCheckpoint {
  const ScenarioSpec* spec = nullptr;  // the scenario of the run that wrote it
  std::int64_t step = 0;               // steps completed
  std::span<const std::byte> results;
  std::span<const std::byte> state;
  // False in a checkpoint taken when a run without checkpoints is stopped: the run kept no
  // results, which are then read back from its results file (engine/io/checkpoint.hpp).
  bool has_results = true;
};

struct RunControl {
  // Called after each step with (steps done, steps in total).
  std::function<void(std::int64_t, std::int64_t)> progress;
  // When set to true (e.g. by a signal handler) the run stops after the current step.
  const std::atomic<bool>* stop = nullptr;
  // Checkpoints: `checkpoint` is called after every `checkpoint_every` steps (also after
  // the last step) and when the run is stopped, with the run's state at that point. The run
  // keeps what it has recorded in memory for them (as much as the results file holds). With
  // `checkpoint_every` 0 it is called only when the run is stopped, without the results.
  std::int64_t checkpoint_every = 0;
  std::function<void(const RunCheckpoint&)> checkpoint;
  // Continue from a checkpoint instead of starting. With the checkpoint's own scenario this
  // resumes the run; with another scenario of the same model (a fork) the run continues
  // from the saved state under that scenario: parameters the timeline may change take the
  // values that scenario gives them at the checkpoint's step (applied at that step, as a
  // timeline entry would be), and its timeline goes on from there. The scenarios must agree
  // on everything else (check_fork says what differs).
  const RunCheckpoint* resume = nullptr;
};

// Runs a scenario to the end (or until stopped) and writes its results to `sink`.
RunStats run_simulation(const ModelInfo& info, const ScenarioSpec& spec, ResultSink& sink,
                        const RunControl& control = {});

// What stops `spec` from continuing `checkpoint` (a fork): one diagnostic per difference,
// located where `spec` sets the value. Empty when it can.
[[nodiscard]] std::vector<Diagnostic> check_fork(const ScenarioSpec& spec,
                                                 const RunCheckpoint& checkpoint);

// The parameters in force before step `step` runs (the scenario's values and the changes
// its timeline made before that step); `timeline` is left as it is after those changes.
[[nodiscard]] ParamSet params_before(const ScenarioSpec& spec, std::int64_t step,
                                     Timeline& timeline);

// Keeps every result in memory.
class MemorySink final : public ResultSink {
 public:
  void begin(const RunHeader& header) override;
  void record(std::int64_t time, std::span<const double> values) override;
  void record_regional(std::int64_t time, std::span<const double> values) override;
  void map(std::int64_t time, std::size_t map, const MapBuffer& buffer) override;
  void events(std::span<const Event> batch) override;
  void timeline(std::span<const AppliedChange> changes) override;
  void finish(const RunStats& stats) override;

  std::vector<std::string> names;           // series names
  std::vector<std::string> regional_names;  // regional series names
  std::size_t regions = 0;
  std::vector<std::vector<double>> regional;  // [record][series * regions + region]
  std::vector<std::int64_t> times;            // record times
  std::vector<std::vector<double>> series;    // [series][record]
  std::vector<std::int64_t> map_times;
  std::vector<std::vector<MapBuffer>> maps;  // [map][snapshot]
  std::vector<Event> event_log;
  std::vector<AppliedChange> changes;
  bool finished = false;
  bool complete = false;

  // The values of series `name` (throws std::out_of_range when absent).
  [[nodiscard]] const std::vector<double>& values(const std::string& name) const;
  // Regional series `name` at record `record`, by region.
  [[nodiscard]] std::vector<double> regional_values(const std::string& name,
                                                    std::size_t record) const;
};

// Discards results (benchmarks).
class NullSink final : public ResultSink {
 public:
  void begin(const RunHeader&) override {}
  void record(std::int64_t, std::span<const double>) override {}
  void record_regional(std::int64_t, std::span<const double>) override {}
  void map(std::int64_t, std::size_t, const MapBuffer&) override {}
  void events(std::span<const Event>) override {}
  void timeline(std::span<const AppliedChange>) override {}
  void finish(const RunStats&) override {}
};

}  // namespace sahelsim
