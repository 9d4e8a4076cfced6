// A scenario after loading: typed, validated, with `extends:` and `--set` applied.
// Built by the scenario loader (engine/io), read by the simulation. Holds no YAML.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "calendar.hpp"
#include "params.hpp"
#include "timeline.hpp"

namespace sahelsim {

struct OutputSpec {
  std::string file;             // results path (may be overridden by `run -o`)
  std::int64_t every = 1;       // record series every this many steps
  std::int64_t maps_every = 0;  // map snapshots every this many steps; 0: none
  bool events = true;           // write the event table
};

struct SourceText {
  std::string path;
  std::string text;
};

struct ScenarioSpec {
  std::string model;
  std::string name;
  std::string description;
  std::uint64_t seed = 0;
  std::int64_t steps = 0;
  std::optional<Calendar> calendar;
  OutputSpec output;
  ParamSet params;  // the model's parameters (keys "params.*" and other model sections)
  Timeline timeline;
  std::string resolved_yaml;        // the complete scenario as run, every default written out
  std::vector<SourceText> sources;  // the scenario file, then each file it extends
  // Things worth saying that do not stop the run (e.g. a timeline entry after the last step).
  std::vector<Diagnostic> warnings;
};

}  // namespace sahelsim
