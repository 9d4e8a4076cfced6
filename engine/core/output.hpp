// Declared outputs and the interface results are written through.
//
// A model declares each indicator once (STYLE.md §5): name, kind, unit, label. The
// recorder, the results file, `inspect` and reports all read the same declaration.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "state_archive.hpp"

namespace sahelsim {

enum class SeriesKind : std::uint8_t {
  stock,  // a level sampled at the record time (e.g. agents active now)
  flow,   // an amount per period, summed over the steps since the previous record
};

struct SeriesSpec {
  std::string name;
  SeriesKind kind = SeriesKind::stock;
  std::string unit;
  std::string long_name;
};

enum class MapType : std::uint8_t { u8, f32 };

struct MapSpec {
  std::string name;
  MapType type = MapType::f32;
  std::string unit;
  std::string long_name;
  // For categorical u8 maps: the meaning of code 0, 1, 2, ... (CF flag_meanings).
  std::vector<std::string> categories;
};

// One map snapshot, row-major H×W; only the member matching the map's type is used.
struct MapBuffer {
  std::vector<std::uint8_t> u8;
  std::vector<float> f32;
};

struct EventKindSpec {
  std::string name;
  std::string doc;
};

// Something that happened at a step: an arrest, an attack, a release... `actor` and
// `target` are agent ids (or -1), `cell` a cell index (or -1), `count` people affected.
struct Event {
  std::int64_t step = 0;
  std::int32_t kind = 0;
  std::int32_t cell = -1;
  std::int64_t actor = -1;
  std::int64_t target = -1;
  std::int32_t count = 1;

  void persist(StateArchive& ar) { ar(step, kind, cell, actor, target, count); }
};

// Events are emitted in serial (apply) phases, so their order is deterministic.
class EventLog {
 public:
  explicit EventLog(bool enabled = true) : enabled_(enabled) {}
  void emit(const Event& event) {
    if (enabled_) events_.push_back(event);
  }
  [[nodiscard]] bool enabled() const { return enabled_; }
  [[nodiscard]] std::span<const Event> pending() const { return events_; }
  void clear() { events_.clear(); }

 private:
  bool enabled_;
  std::vector<Event> events_;
};

// A parameter change the timeline applied, as it ran.
struct AppliedChange {
  std::int64_t step = 0;
  std::string key;
  std::string value;
  std::string note;
};

}  // namespace sahelsim
