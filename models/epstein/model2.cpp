// Epstein (2002) Model II: inter-group violence, with peacekeepers (model "epstein2").
//
// Two groups (blue, green) share the lattice. An agent goes active by rule A (grievance
// G = H (1 - L) against net risk R P > T, P from the cops and its own group's actives in
// vision) and, when active, kills a random agent of the other group within its vision. Agents
// clone onto an empty neighbouring site with probability `clone` per step (the offspring
// inherits group, hardship and risk aversion) and die at an age drawn uniformly up to
// `max_age`. Cops (peacekeepers) arrest active agents of either group. Random asynchronous
// activation, as the paper's Model I (single-threaded). Reproduction report:
// docs/reproductions/epstein-model2.md.
#include <algorithm>
#include <cmath>

#include "core/grid.hpp"
#include "epstein.hpp"
#include "world.hpp"

namespace sahelsim::epstein {

namespace {

constexpr const char* kPaper2 = "Epstein 2002, PNAS 99:7243 (Model II; Table 2 runs 6-8)";

inline constexpr StreamSpec kStream2Init{1, "init", "placement, groups and attributes (step 0)"};
inline constexpr StreamSpec kStream2Order{2, "order", "activation order of a step (entity 0)"};
inline constexpr StreamSpec kStream2Act{
    3, "act", "an actor's move, victim or arrest (entity = agent id; cops: 2^40 + cop)"};
inline constexpr StreamSpec kStream2Life{
    4, "life", "cloning, clone placement and death ages (entity = agent id)"};
inline constexpr StreamSpec kStream2Cops{
    5, "cops", "where peacekeepers arrive or which leave when cop_density changes (entity 0)"};

enum Site2 : std::uint8_t {
  kEmpty2 = 0,
  kBlue = 1,
  kBlueActive = 2,
  kGreen = 3,
  kGreenActive = 4,
  kCop2 = 5
};
enum Series2 : std::size_t {
  kBlueN,
  kGreenN,
  kBlueActiveN,
  kGreenActiveN,
  kJailedN,
  kCopsN,
  kKills,
  kClones,
  kAgeDeaths,
  kArrestsN,
  kGenocide,
  kSeries2Count
};

constexpr std::uint64_t kCopEntity = std::uint64_t{1} << 40;

Schema parameters2() {
  Schema s;
  s.integer("params.width", 40)
      .range(3, 60000)
      .units("cells")
      .describe("Columns of the torus.")
      .cite(kPaper2);
  s.integer("params.height", 40)
      .range(3, 60000)
      .units("cells")
      .describe("Rows of the torus.")
      .cite(kPaper2);
  s.real("params.agent_density", 0.7)
      .range(0, 1)
      .describe("Share of sites holding an agent at the start (half blue, half green at random).")
      .cite(kPaper2);
  s.real("params.cop_density", 0.0)
      .range(0, 1)
      .changeable()
      .describe(
          "Share of sites holding a peacekeeper; a timeline change deploys them on random empty "
          "sites or withdraws random ones.")
      .cite(kPaper2);
  s.real("params.legitimacy", 0.8)
      .range(0, 1)
      .changeable()
      .describe(
          "L in G = H (1 - L): how legitimate each group holds the other (the paper's exact "
          "reading is not stated).")
      .cite(kPaper2);
  s.real("params.agent_vision", 1.7)
      .range(0, 100)
      .units("sites")
      .describe(
          "Euclidean radius within which an agent counts cops and its group's actives, and kills.")
      .cite(kPaper2);
  s.real("params.cop_vision", 1.7)
      .range(0, 100)
      .units("sites")
      .describe("Euclidean radius within which a cop arrests.")
      .cite(kPaper2);
  s.real("params.arrest_constant", 2.3).above(0).describe("k in P = 1 - exp(-k r).").cite(kPaper2);
  s.choice("params.arrest_ratio", {"floor", "exact", "round"}, "floor")
      .describe("How C/A enters P (as in Model I: floor reproduces Model I's outbursts).")
      .cite("Epstein 2002; NetLogo Rebellion");
  s.real("params.threshold", 0.1).range(0, 1).describe("T in rule A.").cite(kPaper2);
  s.real("params.max_jail_term", 15)
      .at_least(0)
      .units("steps")
      .describe("Jail terms are drawn uniformly in 0..J_max-1.")
      .cite(kPaper2);
  s.real("params.clone", 0.05)
      .range(0, 1)
      .units("1/step")
      .describe("Probability that an agent clones onto an empty neighbouring site in a step.")
      .cite(kPaper2);
  s.real("params.max_age", 200)
      .above(0)
      .units("steps")
      .describe("Each agent dies at an age drawn uniformly in [0, max_age).")
      .cite(kPaper2);
  return s;
}

class World2 final : public Model {
 public:
  World2(const ParamSet& p, std::uint64_t seed)
      : seed_(seed),
        grid_(static_cast<int>(p.integer("params.width")),
              static_cast<int>(p.integer("params.height")), Topology::torus),
        agent_vision_(NeighbourhoodKind::euclidean, p.real("params.agent_vision")),
        cop_vision_(NeighbourhoodKind::euclidean, p.real("params.cop_vision")),
        moore_(NeighbourhoodKind::moore, 1) {
    read(p);
    const auto cells = static_cast<std::size_t>(grid_.cells());
    site_.assign(cells, kEmpty2);
    who_.assign(cells, -1);
    std::vector<std::int32_t> order(cells);
    for (std::size_t c = 0; c < cells; ++c) order[c] = static_cast<std::int32_t>(c);
    Draws d(seed_, kStream2Init.id, 0, 0);
    d.shuffle(order.begin(), order.end());
    const auto agents = static_cast<std::size_t>(
        std::llround(p.real("params.agent_density") * static_cast<double>(cells)));
    const auto cops = static_cast<std::size_t>(
        std::llround(p.real("params.cop_density") * static_cast<double>(cells)));
    for (std::size_t k = 0; k < agents && k < cells; ++k) {
      Draws a(seed_, kStream2Init.id, 0, k + 1);
      add_agent(order[k], a.uniform() < 0.5 ? 0 : 1, a.uniform(), a.uniform(), 0);
    }
    for (std::size_t k = agents; k < agents + cops && k < cells; ++k) add_cop(order[k]);
    compute();
  }

  void schedule(Schedule& schedule) override {
    schedule.serial("step", [this](StepContext& c) { step(c); });
  }
  void on_params_changed(const ParamSet& p, std::span<const std::size_t>,
                         std::int64_t step) override {
    const double before = cop_density_;
    read(p);
    if (cop_density_ == before) return;
    // Deploy on random empty sites or withdraw random cops (Fig. 14's peacekeepers at t = 50).
    const auto wanted = static_cast<std::size_t>(std::llround(cop_density_ * grid_.cells()));
    Draws d(seed_, kStream2Cops.id, static_cast<std::uint64_t>(step), 0);
    while (cop_cell_.size() > wanted) {
      const auto k = static_cast<std::size_t>(d.below(cop_cell_.size()));
      site_[static_cast<std::size_t>(cop_cell_[k])] = kEmpty2;
      cop_cell_.erase(cop_cell_.begin() + static_cast<std::ptrdiff_t>(k));
    }
    std::vector<std::int32_t> empty;
    for (std::int32_t c = 0; c < grid_.cells(); ++c)
      if (site_[static_cast<std::size_t>(c)] == kEmpty2) empty.push_back(c);
    d.shuffle(empty.begin(), empty.end());
    for (std::size_t k = 0; cop_cell_.size() < wanted && k < empty.size(); ++k) add_cop(empty[k]);
  }
  void measure(std::span<double> out) const override {
    std::copy(values_.begin(), values_.end(), out.begin());
  }
  void draw_map(std::size_t, MapBuffer& out) const override {
    std::copy(site_.begin(), site_.end(), out.u8.begin());
  }
  [[nodiscard]] const Grid& grid() const override { return grid_; }
  [[nodiscard]] Footprint footprint() const override {
    return {cell_.size(), 4 + 1 + 3 * 8 + 8, cell_.size() * 37 + site_.size() * 5};
  }
  void persist(StateArchive& ar) override {
    ar.section("epstein2");
    ar.expect(grid_.cells(), "the lattice");
    ar(site_, who_, cell_, group_, alive_, active_, hardship_, risk_, death_age_, born_,
       jail_until_, cop_cell_, values_);
  }

 private:
  void read(const ParamSet& p) {
    cop_density_ = p.real("params.cop_density");
    legitimacy_ = p.real("params.legitimacy");
    k_ = p.real("params.arrest_constant");
    const std::string& r = p.text("params.arrest_ratio");
    ratio_ = r == "exact"   ? ArrestRatio::exact
             : r == "round" ? ArrestRatio::round
                            : ArrestRatio::floor;
    threshold_ = p.real("params.threshold");
    max_jail_ = p.real("params.max_jail_term");
    clone_ = p.real("params.clone");
    max_age_ = p.real("params.max_age");
  }

  void add_agent(std::int32_t cell, std::uint8_t group, double hardship, double risk,
                 std::int64_t born) {
    const auto id = static_cast<std::uint64_t>(cell_.size());
    Draws d(seed_, kStream2Life.id, 0, id);
    cell_.push_back(cell);
    group_.push_back(group);
    hardship_.push_back(hardship);
    risk_.push_back(risk);
    born_.push_back(born);
    death_age_.push_back(d.uniform() * max_age_);
    jail_until_.push_back(-1);
    alive_.push_back(1);
    active_.push_back(0);
    site_[static_cast<std::size_t>(cell)] = group == 0 ? kBlue : kGreen;
    who_[static_cast<std::size_t>(cell)] = static_cast<std::int32_t>(id);
  }
  void add_cop(std::int32_t cell) {
    cop_cell_.push_back(cell);
    site_[static_cast<std::size_t>(cell)] = kCop2;
  }

  template <class Pred>
  std::int32_t random_where(std::int32_t cell, const Neighbourhood& n, Draws& d,
                            Pred&& pred) const {
    return random_site(grid_, site_, cell, n, d, pred);
  }
  template <class Pred>
  std::uint32_t count_where(std::int32_t cell, const Neighbourhood& n, Pred&& pred) const {
    return count_sites(grid_, site_, cell, n, pred);
  }

  void place(std::size_t agent, std::int32_t to) {
    const auto from = static_cast<std::size_t>(cell_[agent]);
    const std::uint8_t kind = site_[from];
    site_[from] = kEmpty2;
    who_[from] = -1;
    cell_[agent] = to;
    site_[static_cast<std::size_t>(to)] = kind;
    who_[static_cast<std::size_t>(to)] = static_cast<std::int32_t>(agent);
  }

  void remove(std::size_t agent) {
    const auto c = static_cast<std::size_t>(cell_[agent]);
    if (who_[c] == static_cast<std::int32_t>(agent)) {
      site_[c] = kEmpty2;
      who_[c] = -1;
    }
    alive_[agent] = 0;
  }

  void step(StepContext& context) {
    const std::int64_t t = context.step;
    const auto ut = static_cast<std::uint64_t>(t);
    double kills = 0, clones = 0, deaths = 0, arrests = 0;
    // Releases from jail onto random empty sites (drawn without replacement from the empty
    // sites at the start of the step, in agent order).
    std::vector<std::int32_t> empty_sites;
    bool listed = false;
    for (std::size_t a = 0; a < cell_.size(); ++a) {
      if (!alive_[a] || jail_until_[a] < 0 || jail_until_[a] > t) continue;
      if (!listed) {
        for (std::int32_t c = 0; c < grid_.cells(); ++c) {
          if (site_[static_cast<std::size_t>(c)] == kEmpty2) empty_sites.push_back(c);
        }
        listed = true;
      }
      if (empty_sites.empty()) continue;
      Draws d(seed_, kStream2Act.id, ut, a);
      const auto k = static_cast<std::size_t>(d.below(empty_sites.size()));
      const std::int32_t to = empty_sites[k];
      empty_sites[k] = empty_sites.back();
      empty_sites.pop_back();
      jail_until_[a] = -1;
      cell_[a] = to;
      active_[a] = 0;
      site_[static_cast<std::size_t>(to)] = group_[a] == 0 ? kBlue : kGreen;
      who_[static_cast<std::size_t>(to)] = static_cast<std::int32_t>(a);
    }
    std::vector<std::uint64_t> actors;
    for (std::size_t a = 0; a < cell_.size(); ++a)
      if (alive_[a] && jail_until_[a] < 0) actors.push_back(a);
    for (std::size_t c = 0; c < cop_cell_.size(); ++c) actors.push_back(kCopEntity + c);
    Draws order(seed_, kStream2Order.id, ut, 0);
    order.shuffle(actors.begin(), actors.end());
    for (const std::uint64_t actor : actors) {
      Draws d(seed_, kStream2Act.id, ut, actor);
      if (actor >= kCopEntity) {
        const std::size_t c = actor - kCopEntity;
        const std::int32_t to =
            random_where(cop_cell_[c], cop_vision_, d, [](std::uint8_t s) { return s == kEmpty2; });
        if (to >= 0) {
          site_[static_cast<std::size_t>(cop_cell_[c])] = kEmpty2;
          cop_cell_[c] = to;
          site_[static_cast<std::size_t>(to)] = kCop2;
        }
        const std::int32_t target = random_where(cop_cell_[c], cop_vision_, d, [](std::uint8_t s) {
          return s == kBlueActive || s == kGreenActive;
        });
        if (target < 0) continue;
        const auto a = static_cast<std::size_t>(who_[static_cast<std::size_t>(target)]);
        const auto cell = static_cast<std::size_t>(cell_[a]);
        site_[cell] = kEmpty2;
        who_[cell] = -1;
        jail_until_[a] = t + static_cast<std::int64_t>(std::floor(d.uniform() * max_jail_)) + 1;
        arrests += 1;
        continue;
      }
      const auto a = static_cast<std::size_t>(actor);
      if (!alive_[a] || jail_until_[a] >= 0) continue;  // killed or arrested earlier this step
      const std::int32_t to =
          random_where(cell_[a], agent_vision_, d, [](std::uint8_t s) { return s == kEmpty2; });
      if (to >= 0) place(a, to);
      const std::uint8_t mine = group_[a] == 0 ? kBlue : kGreen;
      const std::uint8_t mine_active = group_[a] == 0 ? kBlueActive : kGreenActive;
      const std::uint32_t cops =
          count_where(cell_[a], agent_vision_, [](std::uint8_t s) { return s == kCop2; });
      const std::uint32_t actives =
          count_where(cell_[a], agent_vision_, [&](std::uint8_t s) { return s == mine_active; });
      const double p = arrest_probability(k_, ratio_, cops, actives + (active_[a] ? 0 : 1));
      const bool active = hardship_[a] * (1.0 - legitimacy_) - risk_[a] * p > threshold_;
      active_[a] = active ? 1 : 0;
      site_[static_cast<std::size_t>(cell_[a])] = active ? mine_active : mine;
      if (!active) continue;
      const std::uint8_t other = group_[a] == 0 ? kGreen : kBlue,
                         other_active = group_[a] == 0 ? kGreenActive : kBlueActive;
      const std::int32_t victim = random_where(cell_[a], agent_vision_, d, [&](std::uint8_t s) {
        return s == other || s == other_active;
      });
      if (victim < 0) continue;
      const auto v = static_cast<std::size_t>(who_[static_cast<std::size_t>(victim)]);
      remove(v);
      kills += 1;
    }
    // Life: cloning onto an empty Moore neighbour, then death by age.
    const std::size_t existing = cell_.size();
    for (std::size_t a = 0; a < existing; ++a) {
      if (!alive_[a] || jail_until_[a] >= 0) continue;
      Draws d(seed_, kStream2Life.id, ut + 1, a);
      if (d.uniform() < clone_) {
        const std::int32_t to =
            random_where(cell_[a], moore_, d, [](std::uint8_t s) { return s == kEmpty2; });
        if (to >= 0) {
          add_agent(to, group_[a], hardship_[a], risk_[a], t + 1);
          clones += 1;
        }
      }
      if (static_cast<double>(t + 1 - born_[a]) >= death_age_[a]) {
        remove(a);
        deaths += 1;
      }
    }
    for (std::size_t a = 0; a < existing; ++a) {
      if (alive_[a] && jail_until_[a] >= 0 &&
          static_cast<double>(t + 1 - born_[a]) >= death_age_[a]) {
        alive_[a] = 0;  // dies in jail
        deaths += 1;
      }
    }
    values_[kKills] = kills;
    values_[kClones] = clones;
    values_[kAgeDeaths] = deaths;
    values_[kArrestsN] = arrests;
    compute();
  }

  void compute() {
    values_.resize(kSeries2Count, 0.0);
    double blue = 0, green = 0, blue_active = 0, green_active = 0, jailed = 0;
    for (std::size_t a = 0; a < cell_.size(); ++a) {
      if (!alive_[a]) continue;
      (group_[a] == 0 ? blue : green) += 1;
      if (jail_until_[a] >= 0) {
        jailed += 1;
      } else if (active_[a]) {
        (group_[a] == 0 ? blue_active : green_active) += 1;
      }
    }
    values_[kBlueN] = blue;
    values_[kGreenN] = green;
    values_[kBlueActiveN] = blue_active;
    values_[kGreenActiveN] = green_active;
    values_[kJailedN] = jailed;
    values_[kCopsN] = static_cast<double>(cop_cell_.size());
    values_[kGenocide] = (blue == 0) != (green == 0) ? 1.0 : 0.0;
  }

  std::uint64_t seed_;
  Grid grid_;
  Neighbourhood agent_vision_, cop_vision_, moore_;
  double cop_density_ = 0, legitimacy_ = 0.8, k_ = 2.3, threshold_ = 0.1, max_jail_ = 15,
         clone_ = 0.05, max_age_ = 200;
  ArrestRatio ratio_ = ArrestRatio::floor;
  std::vector<std::uint8_t> site_;
  std::vector<std::int32_t> who_;
  std::vector<std::int32_t> cell_;
  std::vector<std::uint8_t> group_, alive_, active_;
  std::vector<double> hardship_, risk_, death_age_;
  std::vector<std::int64_t> born_, jail_until_;
  std::vector<std::int32_t> cop_cell_;
  std::vector<double> values_;
};

}  // namespace

ModelInfo describe_model2() {
  ModelInfo info;
  info.name = "epstein2";
  info.summary = "Epstein (2002) civil violence, Model II: inter-group violence and peacekeepers";
  info.citation =
      "Epstein, J. M. (2002). Modeling civil violence: An agent-based computational approach. "
      "PNAS 99 (suppl. 3), 7243-7250 (Model II). doi:10.1073/pnas.092080199";
  info.schema = parameters2();
  info.series = {
      {"blue", SeriesKind::stock, "agents", "blue agents alive (free or jailed)"},
      {"green", SeriesKind::stock, "agents", "green agents alive (free or jailed)"},
      {"blue_active", SeriesKind::stock, "agents", "blue agents active (killing)"},
      {"green_active", SeriesKind::stock, "agents", "green agents active (killing)"},
      {"jailed", SeriesKind::stock, "agents", "agents in jail"},
      {"cops", SeriesKind::stock, "cops", "peacekeepers"},
      {"kills", SeriesKind::flow, "agents", "agents killed by the other group"},
      {"clones", SeriesKind::flow, "agents", "agents born by cloning"},
      {"age_deaths", SeriesKind::flow, "agents", "agents who died of age"},
      {"arrests", SeriesKind::flow, "agents", "arrests by peacekeepers"},
      {"genocide", SeriesKind::stock, "1", "1 when one group is extinct and the other is not"},
  };
  info.maps = {{"state",
                MapType::u8,
                "1",
                "what occupies each site",
                {"empty", "blue", "blue active", "green", "green active", "cop"}}};
  info.streams = {kStream2Init, kStream2Order, kStream2Act, kStream2Life, kStream2Cops};
  info.memory = lattice_memory;
  info.create = [](const ModelContext& context) -> std::unique_ptr<Model> {
    return std::make_unique<World2>(context.params, context.seed);
  };
  return info;
}

}  // namespace sahelsim::epstein
