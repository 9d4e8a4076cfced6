// The Epstein Model I world and its two activation protocols. Internal to the model.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <vector>

#include "core/agent_store.hpp"
#include "core/grid.hpp"
#include "core/model.hpp"
#include "core/row_prefix.hpp"

namespace sahelsim::epstein {

enum class ArrestRatio : std::uint8_t { exact, floor, round };
enum class Movement : std::uint8_t { all, cops_only, none };
enum class Activation : std::uint8_t { sequential, parallel };
enum class JailDraw : std::uint8_t { below_max, up_to_max };

// Parameters in the types the model computes with (read from the ParamSet).
struct Settings {
  int width = 40;
  int height = 40;
  Topology topology = Topology::torus;
  double agent_density = 0.7;
  double cop_density = 0.04;
  double legitimacy = 0.82;
  double agent_vision = 7.0;
  double cop_vision = 7.0;
  NeighbourhoodKind neighbourhood = NeighbourhoodKind::euclidean;
  double arrest_constant = 2.3;
  double threshold = 0.1;
  double max_jail_term = 30.0;
  JailDraw jail_draw = JailDraw::below_max;
  ArrestRatio arrest_ratio = ArrestRatio::floor;
  Movement movement = Movement::all;
  Activation activation = Activation::sequential;
  double outburst_threshold = 50.0;

  static Settings from(const ParamSet& params);
};

// Sites a density fills on a lattice of `cells` sites (rounded to nearest).
[[nodiscard]] inline std::int64_t sites_for(double density, std::int64_t cells) {
  return std::llround(density * static_cast<double>(cells));
}

// P = 1 - exp(-k r) for C cops and A actives in vision (A counts the agent itself, A >= 1),
// with r = C/A read by `rule`.
[[nodiscard]] double arrest_probability(double k, ArrestRatio rule, std::uint32_t cops,
                                        std::uint32_t actives);

// What occupies a site.
enum Site : std::uint8_t { kEmpty = 0, kQuiet = 1, kActive = 2, kCop = 3 };

// Random streams (ids are part of the results' provenance: never renumber).
inline constexpr StreamSpec kStreamPlacement{
    1, "placement", "initial shuffle of sites for cops and agents (step 0, entity 0)"};
inline constexpr StreamSpec kStreamAttributes{
    2, "attributes", "hardship H and risk aversion R of each agent (step 0, entity = agent id)"};
inline constexpr StreamSpec kStreamActivation{
    3, "activation", "random activation order of the sequential protocol (entity 0)"};
inline constexpr StreamSpec kStreamMove{4, "move",
                                        "choice of an empty site within vision, then (parallel "
                                        "protocol) the bid for it (entity = actor key)"};
inline constexpr StreamSpec kStreamArrest{5, "arrest",
                                          "a cop's choice of an active agent within vision, then "
                                          "(parallel protocol) the bid for it (entity = cop id)"};
inline constexpr StreamSpec kStreamJail{6, "jail",
                                        "jail term of an arrested agent (entity = agent id)"};
inline constexpr StreamSpec kStreamRelease{
    7, "release", "site where a released agent reappears (entity = agent id)"};
inline constexpr StreamSpec kStreamCops{
    8, "cops", "which cops leave or where new cops arrive when cop_density changes (entity 0 / 1)"};

// Sites of a neighbourhood (centre included) whose occupant satisfies `pred`: how many, and
// the k-th of them in the order of Grid::for_each_run (which scans runs of memory). Used by
// the sequential rules of Model I and Model II.
template <class Pred>
std::uint32_t count_sites(const Grid& grid, const std::vector<std::uint8_t>& sites,
                          std::int32_t cell, const Neighbourhood& vision, Pred&& pred) {
  std::uint32_t count = 0;
  grid.for_each_run(cell, vision, [&](std::int32_t first, std::int32_t last) {
    for (std::int32_t c = first; c < last; ++c) count += pred(sites[static_cast<std::size_t>(c)]);
  });
  return count;
}

template <class Pred>
std::int32_t find_site(const Grid& grid, const std::vector<std::uint8_t>& sites, std::int32_t cell,
                       const Neighbourhood& vision, std::uint64_t k, Pred&& pred) {
  std::int32_t found = -1;
  grid.for_each_run(cell, vision, [&](std::int32_t first, std::int32_t last) {
    for (std::int32_t c = first; c < last && found < 0; ++c) {
      if (pred(sites[static_cast<std::size_t>(c)]) && k-- == 0) found = c;
    }
  });
  return found;
}

// A uniformly random such site (one draw), or -1 when there is none (no draw).
template <class Pred>
std::int32_t random_site(const Grid& grid, const std::vector<std::uint8_t>& sites,
                         std::int32_t cell, const Neighbourhood& vision, Draws& draws,
                         Pred&& pred) {
  const std::uint32_t n = count_sites(grid, sites, cell, vision, pred);
  return n == 0 ? -1 : find_site(grid, sites, cell, vision, draws.below(n), pred);
}

// Actor keys separate agents and cops in the draws of the shared "move" stream.
inline constexpr std::uint64_t kCopKeyBit = std::uint64_t{1} << 40;

inline constexpr std::int32_t kFree = -1;  // release_step of a free agent
inline constexpr std::int32_t kForever = std::numeric_limits<std::int32_t>::max();  // J_max = inf

// Series, in declaration order.
enum SeriesIndex : std::size_t {
  kQuietSeries,
  kActiveSeries,
  kJailedSeries,
  kCopsSeries,
  kArrestsSeries,
  kReleasesSeries,
  kOutburstsSeries,
  kLegitimacySeries,
  kSeriesCount
};
enum EventKind : std::int32_t { kArrestEvent = 0, kReleaseEvent = 1 };

class World final : public Model {
 public:
  World(const ParamSet& params, std::uint64_t seed);

  void schedule(Schedule& schedule) override;
  void on_params_changed(const ParamSet& params, std::span<const std::size_t> changed,
                         std::int64_t step) override;
  void measure(std::span<double> out) const override;
  void draw_map(std::size_t map, MapBuffer& out) const override;
  [[nodiscard]] const Grid& grid() const override { return grid_; }
  [[nodiscard]] Footprint footprint() const override;
  void persist(StateArchive& archive) override;

  // Read access for tests.
  [[nodiscard]] const std::vector<std::uint8_t>& sites() const { return site_kind_; }
  [[nodiscard]] std::size_t agent_count() const { return agents_.size(); }
  [[nodiscard]] std::size_t cop_count() const { return cops_.size(); }
  [[nodiscard]] bool jailed(std::size_t slot) const { return (*release_step_)[slot] != kFree; }
  // Where each agent is (-1 in jail), read off the lattice.
  [[nodiscard]] std::vector<std::int32_t> positions() const;
  void positions(std::vector<std::int32_t>& out) const;

 private:
  // Per offset of each vision: the position code of a mover that picks it, and the cell
  // index difference it makes away from the lattice's edges.
  struct MoveTable {
    std::vector<std::uint32_t> codes;
    std::vector<std::int32_t> deltas;
  };

  // Shared by both protocols.
  void place_initial(std::uint64_t seed);
  void rebuild_arrest_table();
  // Rule A for the agent on `cell`, from the lattice's copy of its grievance and risk aversion.
  [[nodiscard]] bool decide(std::size_t cell, std::uint32_t cops,
                            std::uint32_t others_active) const;
  // True when the agent on `cell` cannot turn active whatever it sees: G <= T, so
  // G - R P <= T for every P. Rule A need not count its neighbourhood.
  [[nodiscard]] bool never_active(std::size_t cell) const {
    return site_grievance_[cell] <= settings_.threshold;
  }
  // Puts agent `slot` on an empty `cell` (quiet), with its rule-A payload.
  void place_agent(std::int32_t cell, std::size_t slot);
  // Moves whatever occupies `from` (agent or cop, with its payload) to the empty `to`.
  void move_occupant(std::size_t from, std::size_t to);
  // Recomputes every agent's grievance on the lattice after a legitimacy change.
  void refresh_grievance();
  [[nodiscard]] std::int32_t draw_jail_term(std::uint64_t step, std::int32_t agent) const;
  void jail(std::int32_t cell, std::int64_t step, std::int64_t cop_id, EventLog& events);
  void adjust_cops(std::int64_t step);
  void serve_jail_terms(StepContext& context);
  void tally();
  [[nodiscard]] std::int32_t random_empty_site(Draws& draws) const;
  [[nodiscard]] bool agents_move() const { return settings_.movement == Movement::all; }
  [[nodiscard]] bool cops_move() const { return settings_.movement != Movement::none; }

  // The synchronous (parallel) protocol: parallel.cpp.
  void schedule_parallel(Schedule& schedule);
  void build_empty_prefix(std::size_t y0, std::size_t y1);
  void build_activity_prefix(std::size_t y0, std::size_t y1);
  void choose_moves(std::int64_t step, std::size_t y0, std::size_t y1);
  void apply_moves(std::size_t y0, std::size_t y1);
  void decide_rows(std::size_t y0, std::size_t y1);
  void choose_arrests(std::int64_t step, std::size_t y0, std::size_t y1);
  // Rule M for the mover on (x, y): its target (-1: nowhere to go), its position code
  // relative to the target, and the random bits of its bid.
  struct MovePick {
    std::int32_t target = -1;
    std::uint32_t code = 0;
    std::uint64_t bid_bits = 0;
  };
  [[nodiscard]] MovePick pick_move(int x, int y, const Neighbourhood& vision,
                                   const MoveTable& table, Draws& draws,
                                   std::uint32_t* per_row) const;
  // Where a bidder stands relative to its target, as a code 1..(2 reach + 1)^2 (0: none).
  [[nodiscard]] std::uint32_t position_code(int bidder_dx, int bidder_dy) const {
    const int side = 2 * bid_reach_ + 1;
    return static_cast<std::uint32_t>((bidder_dy + bid_reach_) * side + (bidder_dx + bid_reach_) +
                                      1);
  }
  // The cell at offset o from (x, y), wrapped on a torus (the offset stays on the lattice
  // of a bounded grid: callers check).
  [[nodiscard]] std::int32_t cell_at(int x, int y, Offset o) const;
  // The target of the bidder at (x, y) whose position code is `code`.
  [[nodiscard]] std::int32_t target_of(int x, int y, std::uint32_t code) const;
  // A bid: random bits above the position code, so bids for one target are unique and the
  // winner can be read back from the claim alone.
  [[nodiscard]] std::uint32_t make_bid(std::uint64_t random_bits, std::uint32_t code) const {
    return (static_cast<std::uint32_t>(random_bits >> (32 + position_bits_)) << position_bits_) |
           code;
  }
  void apply_arrests(StepContext& context);
  // Scans rows [y0, y1) for bidders; each one whose bid won its target gets
  // on_win(own cell, target cell), after its intent and the claim are cleared.
  template <class OnWin>
  void settle_bids(std::size_t y0, std::size_t y1, OnWin&& on_win);

  // The random asynchronous (sequential) protocol: sequential.cpp.
  void run_sequential(StepContext& context);
  std::int32_t move_sequential(std::int32_t cell, const Neighbourhood& vision, Draws& draws);
  std::vector<std::int32_t> agent_cell_;  // sequential protocol's index: agent -> cell

  Settings settings_;
  std::uint64_t seed_;
  Grid grid_;
  Neighbourhood agent_vision_;
  Neighbourhood cop_vision_;

  // Agents are never removed (jail is a state), so an agent's slot is its id.
  AgentStore agents_{"agent"};
  Column<float>* hardship_;
  Column<float>* risk_aversion_;
  Column<std::int32_t>* release_step_;  // kFree, the step at whose end it leaves jail, or kForever
  // Where agents are is kept on the lattice (site_slot_), not in a column: moving millions
  // of agents would otherwise write to random places in a column every step.
  AgentStore cops_{"cop"};
  Column<std::int32_t>* cop_cell_;

  // Per cell: what is there (an agent's activity is its site's state: kQuiet or kActive)
  // and which slot in the agent or cop store. The lattice also carries a copy of what rule A
  // reads - the agent's grievance H (1 - L) and risk aversion R - moved with the agent, so
  // that the hot loops read memory in lattice order instead of jumping between agents.
  std::vector<std::uint8_t> site_kind_;
  std::vector<std::int32_t> site_slot_;
  std::vector<double> site_grievance_;
  std::vector<float> site_risk_;

  // Parallel protocol scratch: prefix counts, per-cell intents and claims.
  std::optional<RowPrefix<std::uint32_t>> prefix_;
  std::vector<std::uint32_t> intent_;  // by bidder's cell: its position code, 0 when none
  MoveTable agent_moves_;
  MoveTable cop_moves_;
  std::vector<std::uint32_t> claim_;  // by target cell: highest bid, 0 when unclaimed
  int bid_reach_ = 0;                 // the widest vision's reach
  std::vector<Offset> code_targets_;  // by position code: offset from the bidder to its target
  unsigned position_bits_ = 0;        // bits of a bid that say where the bidder is

  // P(C, A) for C cops and A actives (the agent included) in vision.
  std::vector<double> arrest_probability_;
  std::size_t table_stride_ = 0;

  std::map<std::int32_t, std::vector<std::int32_t>> releases_due_;  // step -> slots released then
  std::int64_t jailed_count_ = 0;
  std::int64_t pending_cops_ = -1;  // target cop count after a cop_density change

  // Step tallies for measure().
  std::array<double, kSeriesCount> tally_{};
  bool in_outburst_ = false;
  std::int64_t arrests_ = 0;
  std::int64_t releases_ = 0;
};

}  // namespace sahelsim::epstein
