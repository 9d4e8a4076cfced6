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

struct RunControl {
  // Called after each step with (steps done, steps in total).
  std::function<void(std::int64_t, std::int64_t)> progress;
  // When set to true (e.g. by a signal handler) the run stops after the current step.
  const std::atomic<bool>* stop = nullptr;
};

// Runs a scenario to the end (or until stopped) and writes its results to `sink`.
RunStats run_simulation(const ModelInfo& info, const ScenarioSpec& spec, ResultSink& sink,
                        const RunControl& control = {});

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
