// The Epstein model's description: every parameter once, its outputs and its streams.
#include <cmath>
#include <limits>

#include "epstein.hpp"
#include "world.hpp"

namespace sahelsim::epstein {

namespace {

constexpr const char* kPaper = "Epstein 2002, PNAS 99:7243";
constexpr const char* kTable2 = "Epstein 2002, Table 2";

Schema parameters() {
  Schema s;
  s.integer("params.width", 40)
      .range(1, 60000)
      .units("cells")
      .describe("Columns of the lattice.")
      .cite(kTable2);
  s.integer("params.height", 40)
      .range(1, 60000)
      .units("cells")
      .describe("Rows of the lattice.")
      .cite(kTable2);
  s.choice("params.topology", {"torus", "bounded"}, "torus")
      .describe("torus: edges wrap around; bounded: the lattice ends at its edges.")
      .cite(kTable2);
  s.real("params.agent_density", 0.7)
      .range(0, 1)
      .units("agents per site")
      .describe("Share of sites holding an agent at the start.")
      .cite(kTable2);
  s.real("params.cop_density", 0.04)
      .range(0, 1)
      .units("cops per site")
      .changeable()
      .describe(
          "Share of sites holding a cop. A timeline change removes randomly chosen cops "
          "or adds cops on random empty sites (Run 5's cop reduction).")
      .cite(kTable2);
  s.real("params.legitimacy", 0.82)
      .range(0, 1)
      .changeable()
      .describe(
          "Legitimacy L of the central authority, the same for every agent; grievance "
          "G = H (1 - L).")
      .cite(kTable2);
  s.real("params.agent_vision", 7)
      .range(0, 1000)
      .units("sites")
      .describe("Radius v within which an agent counts cops and actives and may move.")
      .cite(kTable2);
  s.real("params.cop_vision", 7)
      .range(0, 1000)
      .units("sites")
      .describe("Radius v* within which a cop looks for active agents and may move.")
      .cite(kTable2);
  s.choice("params.neighbourhood", {"euclidean", "moore", "von_neumann"}, "euclidean")
      .describe(
          "Metric of vision. euclidean: dx²+dy² <= v² (v = 1.7 gives the 8 Moore "
          "neighbours, v = 7 gives 148 sites; NetLogo's in-radius); moore: "
          "max(|dx|,|dy|) <= floor(v); von_neumann: |dx|+|dy| <= floor(v) (Mesa).")
      .cite("Table 2 uses fractional v, which only a Euclidean radius explains");
  s.real("params.arrest_constant", 2.3)
      .above(0)
      .changeable()
      .describe(
          "k in P = 1 - exp(-k (C/A)); 2.3 makes P ≈ 0.9 for one cop and one active "
          "(ln 10 = 2.302585 makes it exactly 0.9).")
      .cite(kTable2);
  s.real("params.threshold", 0.1)
      .range(0, 1)
      .changeable()
      .describe("T in rule A: an agent is active when G - R P > T.")
      .cite(kTable2);
  s.real("params.max_jail_term", 30)
      .at_least(0)
      .infinite_ok()
      .units("steps")
      .changeable()
      .describe(
          "J_max: jail terms are drawn uniformly up to it (see jail_term); .inf jails "
          "for ever (Runs 3-5).")
      .cite(kTable2);
  s.choice("params.jail_term", {"below_max", "up_to_max"}, "below_max")
      .changeable()
      .describe(
          "Draw of a jail term J, in steps. below_max: integer in 0..J_max-1 "
          "(NetLogo's random J_max); up_to_max: integer in 0..J_max (Mesa's "
          "randint). An agent arrested at step t is back on the lattice after step t + J.")
      .cite("Epstein 2002 states J ~ U(0, J_max) without the integer rule");
  s.choice("params.arrest_ratio", {"floor", "exact", "round"}, "floor")
      .changeable()
      .describe(
          "How C/A enters P = 1 - exp(-k r). exact: r = C/A as printed in the paper; "
          "floor: r = floor(C/A) (NetLogo Rebellion; the rule that shows punctuated "
          "equilibrium); round: r = C/A rounded half to even (Mesa, Python's round).")
      .cite("Epstein 2002; NetLogo Rebellion (Wilensky 2004); Mesa epstein_civil_violence");
  s.choice("params.movement", {"all", "cops_only", "none"}, "all")
      .changeable()
      .describe(
          "Rule M: who moves to a random empty site within vision each step. all: "
          "agents and cops; cops_only: agents stay put (Run 1); none: nobody moves.")
      .cite(kTable2);
  s.choice("params.activation", {"sequential", "parallel"}, "sequential")
      .describe(
          "sequential: the paper's random asynchronous activation, every agent and cop "
          "once per step in a random order, each acting on the current state "
          "(single-threaded). parallel: synchronous phases - all movers choose from the "
          "same state and contested sites go to the highest random bid; all agents "
          "decide from their neighbours' previous activity; all cops then choose an "
          "active agent and contested arrests go to the highest bid. Both are "
          "deterministic for a seed; only parallel scales with threads.")
      .cite("sahelsim (parallel protocol); Epstein 2002 (sequential)");
  s.integer("params.outburst_threshold", 50)
      .at_least(0)
      .units("agents")
      .describe("An outburst begins when the number of actives rises above this (output only).")
      .cite("Epstein 2002, Run 2 text: an outburst has more than 50 actives");
  return s;
}

void check(const ParamSet& params, const Timeline& timeline, DiagnosticList& diagnostics) {
  const Settings s = Settings::from(params);
  const std::int64_t cells = std::int64_t{s.width} * s.height;
  const auto at = [&](const char* key) { return params.origin(params.index(key)); };
  const std::int64_t agents = sites_for(s.agent_density, cells);
  const auto fits = [&](double cop_density, const Location& where) {
    if (agents + sites_for(cop_density, cells) <= cells) return;
    diagnostics.add(where, "params.cop_density",
                    "agents and cops do not fit on the lattice (expected agent_density + "
                    "cop_density <= 1, got " +
                        format_value(s.agent_density) + " + " + format_value(cop_density) + ")");
  };
  fits(s.cop_density, at("params.cop_density"));
  // Values the timeline sets (a ramp passes only through values between its ends).
  const std::size_t cop_index = params.index("params.cop_density");
  for (const auto& entry : timeline.entries()) {
    for (const auto& [index, value] : entry.changes) {
      if (index == cop_index) fits(std::get<double>(value), entry.where);
    }
  }
  if (cells > std::numeric_limits<std::int32_t>::max()) {
    diagnostics.add(at("params.width"), "params.width",
                    "lattice too large (expected width * height <= 2147483647, got " +
                        std::to_string(cells) + ")");
    return;
  }
  const Grid grid(s.width, s.height, s.topology);
  for (const auto& [key, radius] : {std::pair{"params.agent_vision", s.agent_vision},
                                    std::pair{"params.cop_vision", s.cop_vision}}) {
    const Neighbourhood n(s.neighbourhood, radius);
    if (!grid.fits(n)) {
      diagnostics.add(at(key), key,
                      "vision reaches round the torus onto itself (expected 2 * floor(v) + 1 <= "
                      "width and height, got v = " +
                          format_value(radius) + " on " + std::to_string(s.width) + "x" +
                          std::to_string(s.height) + ")");
    }
    if (s.width + 2 * n.reach() + 1 > 65535) {
      diagnostics.add(at(key), key, "width + 2 * vision too large (expected at most 65534)");
    }
  }
}

}  // namespace

Settings Settings::from(const ParamSet& p) {
  Settings s;
  s.width = static_cast<int>(p.integer("params.width"));
  s.height = static_cast<int>(p.integer("params.height"));
  s.topology = p.text("params.topology") == "torus" ? Topology::torus : Topology::bounded;
  s.agent_density = p.real("params.agent_density");
  s.cop_density = p.real("params.cop_density");
  s.legitimacy = p.real("params.legitimacy");
  s.agent_vision = p.real("params.agent_vision");
  s.cop_vision = p.real("params.cop_vision");
  const std::string& n = p.text("params.neighbourhood");
  s.neighbourhood = n == "moore"         ? NeighbourhoodKind::moore
                    : n == "von_neumann" ? NeighbourhoodKind::von_neumann
                                         : NeighbourhoodKind::euclidean;
  s.arrest_constant = p.real("params.arrest_constant");
  s.threshold = p.real("params.threshold");
  s.max_jail_term = p.real("params.max_jail_term");
  s.jail_draw =
      p.text("params.jail_term") == "up_to_max" ? JailDraw::up_to_max : JailDraw::below_max;
  const std::string& r = p.text("params.arrest_ratio");
  s.arrest_ratio = r == "exact"   ? ArrestRatio::exact
                   : r == "round" ? ArrestRatio::round
                                  : ArrestRatio::floor;
  const std::string& m = p.text("params.movement");
  s.movement = m == "none"        ? Movement::none
               : m == "cops_only" ? Movement::cops_only
                                  : Movement::all;
  s.activation =
      p.text("params.activation") == "parallel" ? Activation::parallel : Activation::sequential;
  s.outburst_threshold = static_cast<double>(p.integer("params.outburst_threshold"));
  return s;
}

ModelInfo describe() {
  ModelInfo info;
  info.name = "epstein";
  info.summary = "Epstein (2002) civil violence, Model I: rebellion against a central authority";
  info.citation =
      "Epstein, J. M. (2002). Modeling civil violence: An agent-based computational approach. "
      "PNAS 99 (suppl. 3), 7243-7250. doi:10.1073/pnas.092080199";
  info.schema = parameters();
  info.series = {
      {"quiet", SeriesKind::stock, "agents", "agents free and not rebelling"},
      {"active", SeriesKind::stock, "agents", "agents openly rebelling (active)"},
      {"jailed", SeriesKind::stock, "agents", "agents in jail"},
      {"cops", SeriesKind::stock, "cops", "cops on the lattice"},
      {"arrests", SeriesKind::flow, "agents", "arrests"},
      {"releases", SeriesKind::flow, "agents", "releases from jail"},
      {"outbursts", SeriesKind::flow, "1",
       "outbursts begun (actives rose above outburst_threshold)"},
      {"legitimacy", SeriesKind::stock, "1", "legitimacy L in force"},
  };
  info.maps = {
      {"state", MapType::u8, "1", "what occupies each site", {"empty", "quiet", "active", "cop"}},
      {"grievance",
       MapType::f32,
       "1",
       "grievance G = H (1 - L) of the agent on the site (NaN: no agent)",
       {}},
  };
  info.events = {
      {"arrest",
       "a cop arrested an active agent (actor: cop id, target: agent id, cell: the agent's site)"},
      {"release", "an agent left jail (target: agent id, cell: the site it reappeared on)"},
  };
  info.streams = {kStreamPlacement, kStreamAttributes, kStreamActivation, kStreamMove,
                  kStreamArrest,    kStreamJail,       kStreamRelease,    kStreamCops};
  info.check = check;
  info.memory = lattice_memory;
  info.create = [](const ModelContext& context) -> std::unique_ptr<Model> {
    return std::make_unique<World>(context.params, context.seed);
  };
  return info;
}

ModelInfo::MemoryEstimate lattice_memory(const ParamSet& params) {
  const auto sites = static_cast<double>(params.integer("params.width")) *
                     static_cast<double>(params.integer("params.height"));
  return {16.0 * sites, "params.width"};
}

void register_model(ModelRegistry& registry) {
  registry.add(describe());
  registry.add(describe_model2());
}

}  // namespace sahelsim::epstein
