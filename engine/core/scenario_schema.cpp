#include "scenario_schema.hpp"

namespace sahelsim {

namespace {
// These are the engine's own settings, not quantities taken from the literature.
constexpr const char* kEngine = "sahelsim engine setting";

Schema build() {
  Schema s;
  s.required("model", ParamType::text)
      .describe("Registered model that runs the scenario (`sahelsim models` lists them).")
      .cite(kEngine);
  s.text("name", "")
      .describe(
          "Human-readable scenario name, written to results and reports. Defaults to the file "
          "name without its extension.")
      .cite(kEngine);
  s.text("description", "")
      .describe("Free text: what the scenario is for and where it comes from.")
      .cite(kEngine);
  s.integer("seed", 1)
      .range(0, 9007199254740991.0)  // 2^53 - 1: exact in doubles, JSON and Python
      .units("-")
      .describe(
          "Root of every random stream. Same scenario and seed give the same results, "
          "byte for byte, at any thread count.")
      .cite(kEngine);
  s.required("steps", ParamType::integer)
      .range(1, 1e9)
      .units("steps")
      .describe("Number of steps to run.")
      .cite(kEngine);
  s.date("calendar.start", std::nullopt)
      .describe(
          "Date of the start of step 0. Without it, time is counted in steps and timeline "
          "entries use step indices only.")
      .cite(kEngine);
  s.duration("calendar.step", "1d")
      .describe("Length of one step: Nd (days) or Nw (weeks).")
      .cite(kEngine);
  s.text("output.file", "")
      .describe(
          "Results file (HDF5). Empty: results/<scenario file name>.h5. `sahelsim run -o` "
          "overrides it.")
      .cite(kEngine);
  s.integer("output.every", 1)
      .at_least(1)
      .units("steps")
      .describe(
          "Record the series every this many steps (flows are summed over the interval). The "
          "initial state and the last step are always recorded.")
      .cite(kEngine);
  s.integer("output.maps_every", 0)
      .at_least(0)
      .units("steps")
      .describe(
          "Write map snapshots every this many steps (and of the initial state); 0 writes none.")
      .cite(kEngine);
  s.boolean("output.events", true)
      .describe("Write the table of events (arrests, releases, ...).")
      .cite(kEngine);
  return s;
}
}  // namespace

const Schema& scenario_schema() {
  static const Schema schema = build();
  return schema;
}

}  // namespace sahelsim
