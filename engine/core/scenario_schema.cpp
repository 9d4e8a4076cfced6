#include "scenario_schema.hpp"

namespace sahelsim {

namespace {
Schema build() {
  Schema s;
  s.required("model", ParamType::text)
      .describe("Registered model that runs the scenario (`sahelsim models` lists them).");
  s.text("name", "")
      .describe(
          "Human-readable scenario name, written to results and reports. Defaults to the file "
          "name without its extension.");
  s.text("description", "")
      .describe("Free text: what the scenario is for and where it comes from.");
  s.integer("seed", 1)
      .range(0, 9007199254740991.0)  // 2^53 - 1: exact in doubles, JSON and Python
      .units("-")
      .describe(
          "Root of every random stream. Same scenario and seed give the same results, "
          "byte for byte, at any thread count.");
  s.required("steps", ParamType::integer)
      .range(1, 1e9)
      .units("steps")
      .describe("Number of steps to run.");
  s.date("calendar.start", std::nullopt)
      .describe(
          "Date of the start of step 0. Without it, time is counted in steps and timeline "
          "entries use step indices only.");
  s.duration("calendar.step", "1d").describe("Length of one step: Nd (days) or Nw (weeks).");
  s.text("output.file", "")
      .describe(
          "Results file (HDF5). Empty: results/<scenario file name>.h5. `sahelsim run -o` "
          "overrides it.");
  s.integer("output.every", 1)
      .at_least(1)
      .units("steps")
      .describe(
          "Record the series every this many steps (flows are summed over the interval). The "
          "initial state and the last step are always recorded.");
  s.integer("output.maps_every", 0)
      .at_least(0)
      .units("steps")
      .describe(
          "Write map snapshots every this many steps (and of the initial state); 0 writes none.");
  s.boolean("output.events", true).describe("Write the table of events (arrests, releases, ...).");
  return s;
}
}  // namespace

const Schema& scenario_schema() {
  static const Schema schema = build();
  return schema;
}

}  // namespace sahelsim
