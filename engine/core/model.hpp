// What a model is to the engine: a description (ModelInfo) and a running instance (Model).
//
// Models register themselves by name (STYLE.md §1); the engine knows only these types and
// never includes anything from models/.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "calendar.hpp"
#include "errors.hpp"
#include "grid.hpp"
#include "output.hpp"
#include "params.hpp"
#include "rng.hpp"
#include "schedule.hpp"
#include "state_archive.hpp"
#include "timeline.hpp"

namespace sahelsim {

struct Geography;  // engine/geo/geography.hpp: plain data a geographic model is built on

// The places of a model's per-place series when they are not a geography's regions (the
// locations of Flee's graph): written as the group /<dimension>s with the dimension scale
// /<dimension>s/<dimension> (the names) and one dataset per column.
struct PlaceTable {
  struct Column {
    std::string name, units, long_name;
    std::vector<double> numbers;     // one per place, or
    std::vector<std::string> texts;  // one per place (units "1")
  };
  std::vector<std::string> names;
  std::vector<Column> columns;
};

struct Footprint {
  std::size_t agents = 0;           // agents alive (all kinds)
  std::size_t bytes_per_agent = 0;  // agent columns and id bookkeeping
  std::size_t bytes_total = 0;      // agents, cells and scratch buffers
};

class Model {
 public:
  virtual ~Model() = default;

  // Declares the phases of one step, in order. Called once, before the first step.
  virtual void schedule(Schedule& schedule) = 0;
  // The timeline changed the parameters with these indices; called before step `step`.
  virtual void on_params_changed(const ParamSet& params, std::span<const std::size_t> changed,
                                 std::int64_t step) = 0;
  // Values of the declared series, in declaration order: stocks now, flows of the last step.
  virtual void measure(std::span<double> out) const = 0;
  // A snapshot of declared map `map` into the buffer member of its type (H×W, row-major).
  virtual void draw_map(std::size_t map, MapBuffer& out) const = 0;

  [[nodiscard]] virtual const Grid& grid() const = 0;
  [[nodiscard]] virtual Footprint footprint() const = 0;

  // Geographic models: the world they were built on (written to the results file).
  [[nodiscard]] virtual const Geography* geography() const { return nullptr; }
  // Models with regional outputs: the number of regions R (the home country's regions, as
  // in /regions/region of the results file) and the values of the declared regional series,
  // series-major ([series * R + region]): stocks now, flows of the last step.
  [[nodiscard]] virtual std::size_t regions() const { return 0; }
  virtual void measure_regional(std::span<double> /*out*/) const {}
  // Models whose per-place series are not on a geography's regions: their places.
  [[nodiscard]] virtual const PlaceTable* places() const { return nullptr; }

  // Checkpoints: saves, or restores when archive.loading(), every part of the state that
  // steps change (agents, cells, counters), so that a model restored from it continues
  // exactly as the uninterrupted run. Restoring is done on a model just created from the
  // parameters in force at the checkpoint, so what is derived from parameters alone need
  // not be saved. Random streams are counter-based: their position is the step number.
  virtual void persist(StateArchive& archive) = 0;
};

struct ModelContext {
  const ParamSet& params;
  std::uint64_t seed;
  std::optional<Calendar> calendar = std::nullopt;  // the scenario's, when it has one
};

struct ModelInfo {
  std::string name;
  std::string summary;
  std::string citation;
  std::vector<std::string> sections{"params"};  // top-level scenario keys the model owns
  // The step length, in days, the model's rates assume (0: any; then no calendar needed).
  std::int64_t step_days = 0;
  Schema schema;  // keys "<section>.<name>..."
  std::vector<SeriesSpec> series;
  std::vector<SeriesSpec> regional;  // series with a region dimension (Model::regions())
  // The name of that dimension: "region" (the geography's, /regions/series/NAME) or another
  // (e.g. "location": /locations/series/NAME on the places of Model::places()).
  std::string regional_dimension = "region";
  // How a series is computed, where its long name cannot say it (series name -> text;
  // written as the CF `comment` attribute of /series/NAME and into the docs).
  std::vector<std::pair<std::string, std::string>> formulas;
  // Indicator groups: series read together (fighters by group, refugees by host country),
  // drawn as one chart by reports. A series is in at most one group; members share units.
  struct SeriesGroup {
    std::string title;
    std::vector<std::string> series;
  };
  std::vector<SeriesGroup> groups;
  std::vector<MapSpec> maps;
  std::vector<EventKindSpec> events;
  std::vector<StreamSpec> streams;
  // Checks that involve several parameters, including the values the timeline will set
  // (each diagnostic names a key and where its value came from). Optional.
  std::function<void(const ParamSet&, const Timeline&, DiagnosticList&)> check;
  // Checks of the parameters against the run's own settings (steps, calendar), each given
  // with where it was set (e.g. a data set that covers fewer days than the run). Optional.
  struct RunSettings {
    std::int64_t steps = 0;
    std::optional<Calendar> calendar;
    Location steps_at, start_at;
  };
  std::function<void(const ParamSet&, const RunSettings&, DiagnosticList&)> check_run;
  // A lower estimate of the memory a run will need, from its parameters, and the key that
  // drives it most: `sahelsim run` refuses up front, with the estimate, a run that cannot
  // fit, rather than being killed by the system half-way. Optional.
  struct MemoryEstimate {
    double bytes = 0;
    std::string key;
  };
  std::function<MemoryEstimate(const ParamSet&)> memory;
  // Builds the world from resolved parameters (the initial state, before step 0).
  std::function<std::unique_ptr<Model>(const ModelContext&)> create;
};

class ModelRegistry {
 public:
  // Adds a model; its name must be new and its series, maps and streams unique.
  void add(ModelInfo info);
  [[nodiscard]] const ModelInfo* find(const std::string& name) const;
  [[nodiscard]] std::vector<std::string> names() const;
  [[nodiscard]] const std::vector<std::unique_ptr<ModelInfo>>& models() const { return models_; }

 private:
  std::vector<std::unique_ptr<ModelInfo>> models_;
};

}  // namespace sahelsim
