// Flee on a Flee case: schema, rule sets, world and outputs.
//
// One step is one day (Flee's). Each day, in Flee's order: conflicts change (conflicts.csv
// or conflict_date), new refugees spawn at conflict zones (the daily increase of the UNHCR
// count, with Flee's refugee debt), closures start or end, location scores are computed,
// then every agent not on a route draws against its location's move chance and the movers
// choose a route (pass 1), and every agent on a route travels, arriving and moving on within
// the day's distance (pass 2).
//
// Determinism at any thread count: the move-chance draws of pass 1 are made in parallel
// (they read nothing that pass 1 changes); route choices and travel, which read the live
// camp occupancies, run in agent order as in Flee. Every draw comes from a counter-based
// stream keyed by (day, agent), so no result depends on the split.
#include "flee.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "case.hpp"
#include "core/parallel.hpp"
#include "geo/routing.hpp"

namespace sahelsim::flee {

namespace {

constexpr const char* kPaper =
    "Suleimenova, Bell & Groen 2017, Sci. Rep. 7:13377 (flee-release 1.0, flee/flee.py, "
    "flee/SimulationSettings.py)";
constexpr const char* kFlee3 = "Flee 3 defaults (djgroen/flee flee/SimulationSettings.py)";

inline constexpr StreamSpec kStreamSpawn{1, "spawn", "where the day's new refugees appear"};
inline constexpr StreamSpec kStreamDecide{
    2, "decide", "pass 1: move-chance draw and route choice (entity: agent)"};
inline constexpr StreamSpec kStreamTravel{
    3, "travel", "pass 2: route choices on arrival within the day (entity: agent)"};

// The settings a rule set fixes; the scenario may override the numeric ones.
struct Rules {
  bool v2017 = false;
  double speed_km = 360;             // distance per day on a route
  double softening_km = 10;          // route weight = score / (softening + km)
  double camp_weight = 1.0;          // score factor of a camp
  double foreign_weight = 1.0;       // score factor of a place abroad
  double conflict_weight = 0.31623;  // score factor of a conflict zone (to the intensity)
  double conflict_chance = 1.0, camp_chance = 0.001, idpcamp_chance = 0.1,
         default_chance = 0.3;  // move chances per day
  double nearly_full = 0.9;     // capacity multiplier falls from 1 at this share to 0
  bool take_from_population = false;
  bool spawn_from_camp_series = true;  // new refugees = rise of the camp series (else total)
  bool forced_redirection = false;     // a forced route is taken whenever open
  bool refuse_full_camps = true;       // no move into a camp whose multiplier is < 0.5
  bool capacity_less_day0 = true;      // camp capacity reduced by its day-0 count
};

Rules rule_set(const ParamSet& p) {
  Rules r;
  if (p.text("params.rules") == "flee2017") {
    r.v2017 = true;
    r.speed_km = 200;
    r.softening_km = 0;
    r.camp_weight = 2.0;
    r.foreign_weight = 1.0;
    r.conflict_weight = 0.25;
    r.idpcamp_chance = 0.001;
    r.take_from_population = true;
    r.spawn_from_camp_series = false;
    r.forced_redirection = true;
    r.refuse_full_camps = false;
    r.capacity_less_day0 = false;
  } else {
    r.conflict_weight = 1.0 / std::sqrt(10.0);
  }
  const auto over = [&](const char* key, double& value) {
    if (p.has_value(key)) value = p.real(key);
  };
  over("params.move.speed_km", r.speed_km);
  over("params.move.softening_km", r.softening_km);
  over("params.move.conflict_chance", r.conflict_chance);
  over("params.move.camp_chance", r.camp_chance);
  over("params.move.default_chance", r.default_chance);
  over("params.weights.camp", r.camp_weight);
  over("params.weights.foreign", r.foreign_weight);
  over("params.weights.conflict", r.conflict_weight);
  return r;
}

Schema parameters() {
  Schema s;
  s.required("params.input", ParamType::text)
      .describe(
          "The Flee input folder (Flee's input_csv / conflict_input/<case>): locations.csv, "
          "routes.csv, sim_period.csv (or its Flee 2 name conflict_period.csv) and, when "
          "present, conflicts.csv, closures.csv and registration_corrections.csv. Relative "
          "to the scenario file.")
      .cite("Flee CSV input format (djgroen/flee, FabFlee config_files)");
  s.required("params.validation", ParamType::text)
      .describe(
          "The Flee validation folder: data_layout.csv (first row: the refugee total; then one "
          "row per validated location) and the UNHCR series it names. The total (flee2017) or "
          "the camp series (flee3) drive how many refugees appear each day.")
      .cite("Flee CSV validation format (djgroen/flee conflict_validation/)");
  s.choice("params.rules", {"flee3", "flee2017"}, "flee3")
      .describe(
          "The named rule set: flee2017, the rules of the 2017 paper (flee-release 1.0: 200 "
          "km/day, weight score/distance, camp weight 2, conflict weight 0.25, forced "
          "redirections, refugees taken from the population, spawns from the total count); "
          "flee3, Flee 3's defaults (360 km/day, weight score/(10 + distance), camp weight 1, "
          "conflict weight 1/sqrt(10), full camps refuse arrivals, spawns from the camp "
          "series). The other params.move and params.weights keys override single values.")
      .cite(std::string(kPaper) + "; " + kFlee3);
  s.optional("params.move.speed_km", ParamType::real)
      .above(0)
      .units("km/day")
      .describe("Distance covered on routes per day (default: the rule set's, 200 or 360).")
      .cite(std::string(kPaper) + "; " + kFlee3);
  s.optional("params.move.softening_km", ParamType::real)
      .at_least(0)
      .units("km")
      .describe("Distance softening of the route weight (default: the rule set's, 0 or 10).")
      .cite(kFlee3);
  s.optional("params.move.conflict_chance", ParamType::real)
      .range(0, 1)
      .units("1/day")
      .describe("Daily move chance at a conflict zone (default 1.0).")
      .cite(kPaper);
  s.optional("params.move.camp_chance", ParamType::real)
      .range(0, 1)
      .units("1/day")
      .describe("Daily move chance at a camp (default 0.001).")
      .cite(kPaper);
  s.optional("params.move.default_chance", ParamType::real)
      .range(0, 1)
      .units("1/day")
      .describe("Daily move chance at a town (default 0.3).")
      .cite(kPaper);
  s.optional("params.weights.camp", ParamType::real)
      .at_least(0)
      .describe("Score factor of a camp (default: the rule set's, 2.0 or 1.0).")
      .cite(std::string(kPaper) + "; " + kFlee3);
  s.optional("params.weights.foreign", ParamType::real)
      .at_least(0)
      .describe("Score factor of a place abroad (default 1.0).")
      .cite(kFlee3);
  s.optional("params.weights.conflict", ParamType::real)
      .at_least(0)
      .describe("Score factor of a conflict zone (default: the rule set's, 0.25 or 0.316).")
      .cite(std::string(kPaper) + "; " + kFlee3);
  s.integer("params.agents_per_refugee", 1)
      .range(1, 10000)
      .units("agents")
      .describe(
          "Agents per refugee: every count of the case (populations, capacities, UNHCR "
          "series) is multiplied by this for the simulation and outputs are divided by it "
          "again (1 in Flee; larger for scaling studies).")
      .cite("sahelsim (benchmarks at 100x Flee's size)");
  return s;
}

enum Series : std::size_t {
  kAgents,
  kInCamps,
  kInTransit,
  kInTowns,
  kSpawned,
  kCampArrivals,
  kObservedTotal,
  kObservedValidated,
  kSimulatedValidated,
  kError,
  kErrorRescaled,
  kErrorMean,
  kErrorRescaledMean,
  kConflictZones,
  kDebt,
  kSeriesCount
};

enum PlaceSeries : std::size_t { kRefugees, kObserved, kArrivals, kPlaceSeriesCount };

// A directed route (Flee's Link).
struct Link {
  std::int32_t from = 0, to = 0;
  double km = 0;
  bool forced = false;
  bool open = true;

  void persist(StateArchive& ar) { ar(from, to, km, forced, open); }
};

class World final : public Model {
 public:
  World(const ParamSet& p, std::uint64_t seed)
      : seed_(seed),
        grid_(1, 1, Topology::bounded),
        case_(read_case(p.path("params.input"), p.path("params.validation"), "params.input",
                        "params.validation")),
        rules_(rule_set(p)),
        factor_(static_cast<double>(p.integer("params.agents_per_refugee"))) {
    const std::size_t n = case_.places.size();
    pop_.resize(n);
    capacity_.assign(n, -1.0);
    conflict_.assign(n, -1.0);
    camp_.assign(n, 0);
    foreign_.assign(n, 0);
    count_.assign(n, 0);
    arrivals_.assign(n, 0);
    out_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const Place& pl = case_.places[i];
      foreign_[i] = pl.country != case_.places[0].country ? 1 : 0;
      const bool camp = pl.kind == Kind::camp || pl.kind == Kind::idpcamp;
      camp_[i] = camp ? 1 : 0;
      if (camp) {
        pop_[i] = 0;
        // Flee 3: a capacity below 1 is unlimited.
        capacity_[i] = pl.population >= 1 ? pl.population * factor_ : -1.0;
      } else {
        pop_[i] = std::floor(pl.population) * factor_;
      }
      // A conflict zone without a later conflict_date is one from the start (intensity 1).
      if (pl.kind == Kind::conflict_zone && pl.conflict_date <= 0) conflict_[i] = 1.0;
    }
    for (const Route& r : case_.routes) {
      add_link(r.a, r.b, r.km, r.forced == 1);
      add_link(r.b, r.a, r.km, r.forced == 2);
    }
    // Camps hold their day-0 UNHCR count (Flee's initial refugees; not taken from anyone).
    for (const auto& o : case_.observed) {
      if (!camp_[o.place]) continue;
      const auto people = static_cast<std::size_t>(o.series.at(0) * factor_);
      for (std::size_t k = 0; k < people; ++k) add_agent(o.place);
      if (rules_.capacity_less_day0 && capacity_[o.place] > 0) {
        // Flee 3 subtracts the day-0 count from the capacity (the agents are also there).
        capacity_[o.place] -= static_cast<double>(people);
        if (capacity_[o.place] < 1) capacity_[o.place] = -1;
      }
    }
    // flee2017: the initial camp refugees are a debt against the first increases of the
    // total (maliv2.py's refugee_debt).
    if (!rules_.spawn_from_camp_series) debt_ = static_cast<double>(location_.size());
    places_.names.reserve(n);
    PlaceTable::Column type{"type", "1", "location_type in locations.csv", {}, {}},
        country{"country", "1", "country", {}, {}}, region{"region", "1", "region", {}, {}},
        lat{"latitude", "degrees_north", "latitude", {}, {}},
        lon{"longitude", "degrees_east", "longitude", {}, {}},
        popc{"population", "people", "population at the start (camps: 0)", {}, {}},
        cap{"capacity", "people", "camp capacity (-1: unlimited)", {}, {}};
    for (std::size_t i = 0; i < n; ++i) {
      const Place& pl = case_.places[i];
      places_.names.push_back(pl.name);
      type.texts.emplace_back(kind_name(pl.kind));
      country.texts.push_back(pl.country);
      region.texts.push_back(pl.region);
      lat.numbers.push_back(pl.latitude);
      lon.numbers.push_back(pl.longitude);
      popc.numbers.push_back(pop_[i] / factor_);
      cap.numbers.push_back(capacity_[i] > 0 ? capacity_[i] / factor_ : -1.0);
    }
    places_.columns = {type, country, region, lat, lon, popc, cap};
    measure_now(0);
  }

  void schedule(Schedule& schedule) override {
    schedule.serial("events", [this](StepContext& c) { events(c.step); });
    schedule.serial("spawn", [this](StepContext& c) { spawn(c.step); });
    schedule.serial("move", [this](StepContext& c) { move(c.step); });
    schedule.serial("measure", [this](StepContext& c) { measure_now(c.step + 1); });
  }
  void on_params_changed(const ParamSet&, std::span<const std::size_t>, std::int64_t) override {}
  void measure(std::span<double> out) const override {
    std::copy(values_.begin(), values_.end(), out.begin());
  }
  void draw_map(std::size_t, MapBuffer&) const override {}
  [[nodiscard]] const Grid& grid() const override { return grid_; }
  [[nodiscard]] Footprint footprint() const override {
    constexpr std::size_t per = sizeof(std::int32_t) + sizeof(std::uint8_t) + sizeof(double);
    return {location_.size(), per, location_.size() * per + links_.size() * sizeof(Link)};
  }
  [[nodiscard]] std::size_t regions() const override { return case_.places.size(); }
  void measure_regional(std::span<double> out) const override {
    std::copy(place_values_.begin(), place_values_.end(), out.begin());
  }
  [[nodiscard]] const PlaceTable* places() const override { return &places_; }
  void persist(StateArchive& ar) override {
    ar.section("flee");
    ar.expect(case_.places.size(), "the locations of the case");
    ar.expect(links_.size(), "the routes of the case");
    ar(pop_, capacity_, conflict_, camp_, foreign_, count_, arrivals_, links_, closed_);
    ar(location_, on_route_, travelled_, debt_, spawned_, error_sum_, error_rescaled_sum_);
    ar(chance_, score_, values_, place_values_);
  }

 private:
  void add_link(std::size_t a, std::size_t b, double km, bool forced) {
    out_[a].push_back(static_cast<std::int32_t>(links_.size()));
    links_.push_back(
        {static_cast<std::int32_t>(a), static_cast<std::int32_t>(b), km, forced, true});
  }

  void add_agent(std::size_t place) {
    location_.push_back(static_cast<std::int32_t>(place));
    on_route_.push_back(0);
    travelled_.push_back(0.0);
    ++count_[place];
  }

  // Conflicts and closures of day t (Flee 3's AddNewConflictZones and enact_border_closures).
  void events(std::int64_t t) {
    const auto day = static_cast<std::size_t>(t);
    for (std::size_t i = 0; i < case_.places.size(); ++i) {
      if (!case_.intensity.empty() && case_.intensity[day][i] >= 0) {
        const double v = case_.intensity[day][i];
        const double before = day > 0 ? case_.intensity[day - 1][i] : 0.0;
        if (v > 1e-6 && (day == 0 || before < 1e-6)) conflict_[i] = v;   // onset
        if (v < 1e-6 && day > 0 && before >= 1e-6) conflict_[i] = -1.0;  // over
      } else if (case_.places[i].kind == Kind::conflict_zone &&
                 case_.places[i].conflict_date == t && t > 0) {
        conflict_[i] = 1.0;
      }
    }
    // A closure is undone on its end day only once it has been applied (an end before the
    // start leaves it in force, as in Flee where that undo finds nothing to reopen).
    closed_.resize(case_.closures.size(), 0);
    for (std::size_t k = 0; k < case_.closures.size(); ++k) {
      const Closure& c = case_.closures[k];
      if (c.start == t) {
        apply_closure(c, true);
        closed_[k] = 1;
      }
      if (c.end == t && closed_[k]) {
        apply_closure(c, false);
        closed_[k] = 0;
      }
    }
  }

  void apply_closure(const Closure& c, bool close) {
    const auto name = [&](std::int32_t i) -> const std::string& {
      return case_.places[static_cast<std::size_t>(i)].name;
    };
    const auto country = [&](std::int32_t i) -> const std::string& {
      return case_.places[static_cast<std::size_t>(i)].country;
    };
    for (Link& l : links_) {
      bool hit = false;
      switch (c.type) {
        case Closure::country:
          hit = (country(l.from) == c.first && country(l.to) == c.second) ||
                (country(l.from) == c.second && country(l.to) == c.first);
          break;
        case Closure::location:
          hit = name(l.from) == c.first || name(l.to) == c.first;
          break;
        case Closure::link:
          hit = (name(l.from) == c.first && name(l.to) == c.second) ||
                (name(l.from) == c.second && name(l.to) == c.first);
          break;
        case Closure::forced:
          if (name(l.from) == c.first && name(l.to) == c.second) l.forced = !close;
          break;
        case Closure::camp:
          break;
      }
      if (hit) l.open = !close;
    }
    if (c.type == Closure::camp) {
      const std::size_t i = case_.find(c.first);
      const Kind k = case_.places[i].kind;
      camp_[i] = close ? 0 : static_cast<std::uint8_t>(k == Kind::camp || k == Kind::idpcamp);
    }
  }

  // The day's new refugees, at conflict zones in proportion to population x intensity.
  void spawn(std::int64_t t) {
    double diff = 0;
    if (rules_.spawn_from_camp_series) {
      if (t > 0) {
        for (const auto& o : case_.observed) diff += o.series.at(t) - o.series.at(t - 1);
      }
    } else {
      diff = t > 0 ? case_.total.at(t) - case_.total.at(t - 1) : case_.total.at(0);
    }
    diff *= factor_;
    double fresh = diff - debt_;
    if (fresh < 0) {
      debt_ = -fresh;
      fresh = 0;
    } else if (debt_ > 0) {
      debt_ = 0;
    }
    spawned_ = 0;
    const auto n = static_cast<std::size_t>(fresh);
    if (n == 0) return;
    std::vector<double> cumulative(case_.places.size(), 0.0);
    double total = 0;
    for (std::size_t i = 0; i < cumulative.size(); ++i) {
      if (conflict_[i] > 0) total += pop_[i] * conflict_[i];
      cumulative[i] = total;
    }
    if (!(total > 0)) {
      debt_ += fresh;  // no conflict zone with people: nobody can flee today
      return;
    }
    Draws d(seed_, kStreamSpawn.id, static_cast<std::uint64_t>(t), 0);
    for (std::size_t k = 0; k < n; ++k) {
      const double x = d.uniform() * total;
      const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), x);
      const auto place = static_cast<std::size_t>(std::min<std::ptrdiff_t>(
          it - cumulative.begin(), static_cast<std::ptrdiff_t>(cumulative.size()) - 1));
      add_agent(place);
      if (rules_.take_from_population && pop_[place] > 0) pop_[place] -= 1;
    }
    spawned_ = static_cast<double>(n);
  }

  [[nodiscard]] double move_chance(std::size_t i) const {
    if (conflict_[i] > 0) return rules_.conflict_chance;
    const Kind k = case_.places[i].kind;
    if (camp_[i]) return k == Kind::idpcamp ? rules_.idpcamp_chance : rules_.camp_chance;
    if (k == Kind::forwarding_hub || k == Kind::marker) return 1.0;
    return rules_.default_chance;
  }

  [[nodiscard]] double score(std::size_t i) const {
    if (rules_.v2017) {
      // Flee 1.0's LocationScore: places abroad (the camps) the camp weight, conflict zones
      // the conflict weight, the rest 1.
      if (foreign_[i]) return rules_.camp_weight;
      return conflict_[i] > 0 ? rules_.conflict_weight : 1.0;
    }
    double s = 1.0;
    if (foreign_[i]) s *= rules_.foreign_weight;
    if (camp_[i]) s *= rules_.camp_weight;
    if (conflict_[i] > 0) s *= std::pow(rules_.conflict_weight, conflict_[i]);
    return s;
  }

  [[nodiscard]] double capacity_factor(std::size_t i) const {
    return geo::capacity_multiplier(static_cast<double>(count_[i]), capacity_[i],
                                    rules_.nearly_full);
  }

  // Route choice at the agent's place; steps onto the chosen route (true) or stays.
  bool choose(std::size_t a, Draws& d) {
    const auto here = static_cast<std::size_t>(location_[a]);
    weights_.clear();
    candidates_.clear();
    for (std::int32_t id : out_[here]) {
      const Link& l = links_[static_cast<std::size_t>(id)];
      if (!l.open) continue;
      const auto to = static_cast<std::size_t>(l.to);
      const double cap = capacity_factor(to);
      if (rules_.forced_redirection && l.forced && cap > 1e-6) return depart(a, id);
      double w = geo::route_weight(score_[to], l.km, rules_.softening_km) * cap;
      if (rules_.v2017 && cap <= 1e-6) w = 0;
      weights_.push_back(w);
      candidates_.push_back(id);
    }
    const std::size_t k = geo::draw_weighted(weights_, d.uniform());
    if (k == geo::kNoRoute) return false;
    const std::int32_t id = candidates_[k];
    const auto to = static_cast<std::size_t>(links_[static_cast<std::size_t>(id)].to);
    if (rules_.refuse_full_camps && camp_[to] && capacity_factor(to) < 0.5) return false;
    return depart(a, id);
  }

  bool depart(std::size_t a, std::int32_t link) {
    --count_[static_cast<std::size_t>(location_[a])];
    location_[a] = link;
    on_route_[a] = 1;
    travelled_[a] = 0;
    return true;
  }

  void arrive(std::size_t a, std::size_t place) {
    location_[a] = static_cast<std::int32_t>(place);
    on_route_[a] = 0;
    travelled_[a] = 0;
    ++count_[place];
    ++arrivals_[place];
  }

  // Pass 2 for one agent on a route: the day's travel, moving on after an arrival while the
  // day's distance allows (Flee 3's finish_travel; flee2017: flee-release 1.0's).
  void travel(std::size_t a, Draws& d) {
    const double speed = rules_.speed_km;
    double moved = 0;
    while (on_route_[a]) {
      const Link& l = links_[static_cast<std::size_t>(location_[a])];
      travelled_[a] += speed;
      bool arrived = false, more = false;
      if (rules_.v2017) {
        if (travelled_[a] - moved > l.km) {
          more = l.km + moved < speed;
          moved += l.km;
          arrived = true;
        }
      } else {
        moved += speed;
        if (travelled_[a] > l.km) {
          moved += l.km - travelled_[a];
          if (!l.open) {  // closed while on it: back to where the agent set off
            arrive(a, static_cast<std::size_t>(l.from));
            return;
          }
          more = moved < speed;
          arrived = true;
        }
      }
      if (!arrived) return;
      const auto to = static_cast<std::size_t>(l.to);
      arrive(a, to);
      if (!more) return;
      if (!(d.uniform() < chance_[to]) || !choose(a, d)) return;
    }
  }

  void move(std::int64_t t) {
    const auto day = static_cast<std::uint64_t>(t);
    std::fill(arrivals_.begin(), arrivals_.end(), 0);
    // Pass 1: who draws below its place's move chance (in parallel: the chances do not
    // change in this pass), then their route choices in agent order.
    const std::size_t n = location_.size();
    // Scores and move chances once a day, before anyone moves (as Flee's evolve()).
    chance_.resize(case_.places.size());
    score_.resize(chance_.size());
    for (std::size_t i = 0; i < chance_.size(); ++i) {
      chance_[i] = move_chance(i);
      score_[i] = score(i);
    }
    const auto movers = select(n, [&](std::size_t a) {
      if (on_route_[a]) return false;
      Draws d(seed_, kStreamDecide.id, day, a);
      return d.uniform() < chance_[static_cast<std::size_t>(location_[a])];
    });
    for (std::size_t a : movers) {
      Draws d(seed_, kStreamDecide.id, day, a);
      (void)d.uniform();  // the move-chance draw above
      (void)choose(a, d);
    }
    // Pass 2: every agent on a route travels, in agent order.
    const auto travellers = select(n, [&](std::size_t a) { return on_route_[a] != 0; });
    for (std::size_t a : travellers) {
      Draws d(seed_, kStreamTravel.id, day, a);
      travel(a, d);
    }
  }

  // The agents for which keep(a) holds, in agent order (blocks run concurrently).
  template <class Keep>
  std::vector<std::size_t> select(std::size_t n, Keep keep) const {
    constexpr std::size_t kBlock = 1 << 15;
    const std::size_t blocks = (n + kBlock - 1) / kBlock;
    std::vector<std::vector<std::size_t>> found(blocks);
    parallel::for_range(0, blocks, 1, [&](std::size_t first, std::size_t last) {
      for (std::size_t b = first; b < last; ++b) {
        for (std::size_t a = b * kBlock; a < std::min(n, (b + 1) * kBlock); ++a) {
          if (keep(a)) found[b].push_back(a);
        }
      }
    });
    std::vector<std::size_t> all;
    for (auto& f : found) all.insert(all.end(), f.begin(), f.end());
    return all;
  }

  // Values after `done` days (0: the initial state). As in Flee's output, the state at the
  // end of day t is compared with the data of day t: record `done` with day done - 1.
  void measure_now(std::int64_t done) {
    const std::int64_t day = done > 0 ? done - 1 : 0;
    const std::size_t n = case_.places.size();
    values_.assign(kSeriesCount, 0.0);
    place_values_.assign(kPlaceSeriesCount * n, 0.0);
    double camps = 0, towns = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double people = static_cast<double>(count_[i]) / factor_;
      (camp_[i] ? camps : towns) += people;
      place_values_[kRefugees * n + i] = people;
      place_values_[kArrivals * n + i] = static_cast<double>(arrivals_[i]) / factor_;
      place_values_[kObserved * n + i] = std::numeric_limits<double>::quiet_NaN();
      if (camp_[i]) values_[kCampArrivals] += static_cast<double>(arrivals_[i]) / factor_;
      if (conflict_[i] > 0) values_[kConflictZones] += 1;
    }
    const double agents = static_cast<double>(location_.size()) / factor_;
    values_[kAgents] = agents;
    values_[kInCamps] = camps;
    values_[kInTowns] = towns;
    values_[kInTransit] = agents - camps - towns;
    values_[kSpawned] = done > 0 ? spawned_ / factor_ : 0.0;
    values_[kObservedTotal] = case_.total.at(day);
    values_[kDebt] = debt_ / factor_;
    // Flee's averaged relative difference (plot_flee_output.py): sum over the validated
    // places of |simulated - observed| over the observed total, also with the simulated
    // counts rescaled to the observed total.
    double observed = 0, simulated = 0;
    for (const auto& o : case_.observed) {
      const double v = o.series.at(day);
      place_values_[kObserved * n + o.place] = v;
      observed += v;
      simulated += static_cast<double>(count_[o.place]) / factor_;
    }
    observed = std::trunc(observed);
    double diff = 0, diff_rescaled = 0;
    for (const auto& o : case_.observed) {
      const double sim = static_cast<double>(count_[o.place]) / factor_;
      const double obs = place_values_[kObserved * n + o.place];  // this day's, set above
      diff += std::abs(sim - obs);
      const double rescaled = simulated > 0 ? sim * observed / simulated : 0.0;
      diff_rescaled += std::abs(rescaled - obs);
    }
    values_[kObservedValidated] = observed;
    values_[kSimulatedValidated] = simulated;
    values_[kError] = diff / std::max(observed, 1.0);
    values_[kErrorRescaled] = diff_rescaled / std::max(observed, 1.0);
    if (done > 0) {  // Flee averages its daily rows: records 1..done
      error_sum_ += values_[kError];
      error_rescaled_sum_ += values_[kErrorRescaled];
      values_[kErrorMean] = error_sum_ / static_cast<double>(done);
      values_[kErrorRescaledMean] = error_rescaled_sum_ / static_cast<double>(done);
    }
  }

  std::uint64_t seed_;
  Grid grid_;
  Case case_;
  Rules rules_;
  double factor_ = 1;
  // Places.
  std::vector<double> pop_, capacity_, conflict_;
  std::vector<std::uint8_t> camp_, foreign_;
  std::vector<std::int64_t> count_, arrivals_;  // agents at each place; arrivals this day
  std::vector<std::vector<std::int32_t>> out_;  // route ids leaving each place
  std::vector<Link> links_;
  std::vector<std::uint8_t> closed_;  // closures in force
  PlaceTable places_;
  // Agents (columns): place, or route while on one; km travelled on the route.
  std::vector<std::int32_t> location_;
  std::vector<std::uint8_t> on_route_;
  std::vector<double> travelled_;
  // Day state.
  double debt_ = 0, spawned_ = 0;
  double error_sum_ = 0, error_rescaled_sum_ = 0;
  std::vector<double> chance_, score_;  // move chances and location scores of the day
  std::vector<double> weights_;
  std::vector<std::int32_t> candidates_;
  std::vector<double> values_, place_values_;
};

void check_run(const ParamSet& params, const ModelInfo::RunSettings& run,
               DiagnosticList& diagnostics) {
  Case c;
  try {
    c = read_case(params.path("params.input"), params.path("params.validation"), "params.input",
                  "params.validation");
  } catch (const UserError& e) {
    for (const auto& d : e.diagnostics()) {
      diagnostics.add(d.where.known() ? d.where : params.origin(params.index(d.key)), d.key,
                      d.message);
    }
    return;
  }
  if (run.calendar && format_date(run.calendar->start) != c.start_date) {
    diagnostics.add(run.start_at, "calendar.start",
                    "the case starts on " + c.start_date + " (sim_period.csv; expected " +
                        c.start_date + ", got " + format_date(run.calendar->start) + ")");
  }
  if (run.steps > c.length) {
    diagnostics.add(run.steps_at, "steps",
                    "the case covers " + std::to_string(c.length) +
                        " days (sim_period.csv Length; expected steps <= " +
                        std::to_string(c.length) + ", got " + std::to_string(run.steps) + ")");
  }
}

}  // namespace

ModelInfo describe() {
  ModelInfo info;
  info.name = "flee";
  info.summary =
      "Flee (Suleimenova, Bell & Groen 2017): refugees moving on a location graph from "
      "conflict zones to camps, on any case in Flee's CSV format";
  info.citation =
      "Suleimenova, D., Bell, D., Groen, D. (2017). A generalized simulation development "
      "approach for predicting refugee destinations. Scientific Reports 7, 13377";
  info.step_days = 1;
  info.schema = parameters();
  info.series = {
      {"refugees", SeriesKind::stock, "people", "refugees in the simulation (all agents)"},
      {"in_camps", SeriesKind::stock, "people", "refugees at camps"},
      {"in_transit", SeriesKind::stock, "people", "refugees on a route"},
      {"in_towns", SeriesKind::stock, "people", "refugees at other places (towns, conflict zones)"},
      {"spawned", SeriesKind::flow, "people", "new refugees at conflict zones"},
      {"camp_arrivals", SeriesKind::flow, "people", "arrivals at camps"},
      {"observed_total", SeriesKind::stock, "people",
       "UNHCR refugee total on the day compared (first row of data_layout.csv)"},
      {"observed_validated", SeriesKind::stock, "people",
       "UNHCR refugees at the validated places on the day compared"},
      {"simulated_validated", SeriesKind::stock, "people",
       "simulated refugees at the validated places"},
      {"error", SeriesKind::stock, "1",
       "averaged relative difference: sum over validated places of |simulated - observed| / "
       "observed total"},
      {"error_rescaled", SeriesKind::stock, "1",
       "the same with the simulated counts rescaled to the observed total"},
      {"error_mean", SeriesKind::stock, "1",
       "time mean of error over records 1..t (Flee's figure)"},
      {"error_rescaled_mean", SeriesKind::stock, "1",
       "time mean of error_rescaled over records 1..t"},
      {"conflict_zones", SeriesKind::stock, "places", "places in conflict"},
      {"refugee_debt", SeriesKind::stock, "people",
       "decreases of the UNHCR count not yet absorbed by later increases"},
  };
  info.formulas = {
      {"error",
       "E(t) = sum_c |n_sim,c(t) - n_data,c(t)| / max(N_data(t), 1) over the places c of "
       "data_layout.csv, N_data = sum_c n_data,c; record t compares the end of day t-1 with "
       "the data of day t-1, as Flee's output rows do"},
      {"error_rescaled",
       "E(t) with n_sim,c multiplied by N_data(t) / sum_c n_sim,c(t) (Flee's plotted error)"}};
  info.groups = {{"Where the refugees are", {"in_camps", "in_transit", "in_towns"}},
                 {"Simulated and observed at the validated places",
                  {"simulated_validated", "observed_validated"}},
                 {"Averaged relative difference", {"error", "error_rescaled"}},
                 {"Time-averaged difference", {"error_mean", "error_rescaled_mean"}}};
  info.regional_dimension = "location";
  info.regional = {
      {"refugees", SeriesKind::stock, "people", "refugees at the location"},
      {"observed", SeriesKind::stock, "people",
       "UNHCR count of the location on the day compared (NaN: no series)"},
      {"arrivals", SeriesKind::flow, "people", "arrivals at the location"},
  };
  info.streams = {kStreamSpawn, kStreamDecide, kStreamTravel};
  info.check_run = check_run;
  info.create = [](const ModelContext& context) -> std::unique_ptr<Model> {
    return std::make_unique<World>(context.params, context.seed);
  };
  return info;
}

void register_model(ModelRegistry& registry) {
  registry.add(describe());
}

}  // namespace sahelsim::flee
