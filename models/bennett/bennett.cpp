// Bennett (2008) insurgency dynamics: description and world (one sequential phase per step).
#include "bennett.hpp"

#include <algorithm>
#include <cmath>

namespace sahelsim::bennett {

namespace {

constexpr const char* kPaper = "Bennett 2008, JASSS 11(4) 7, Tables 1-2";
constexpr const char* kPort =
    "a public NetLogo/Matlab port of Bennett 2008 (the paper's exact value is not stated)";

inline constexpr StreamSpec kStreamInit{1, "init", "positions and attributes (entity = agent)"};
inline constexpr StreamSpec kStreamMove{2, "move", "each agent's step (entity = agent)"};
inline constexpr StreamSpec kStreamFight{
    3, "fight", "an insurgent's attack and the counter-attack it draws (entity = insurgent)"};

enum Kind : std::uint8_t { kCivilian = 0, kInsurgent = 1, kSoldier = 2, kRemoved = 3 };

enum Series : std::size_t {
  kInsurgents,
  kCivilians,
  kAttacks,
  kRemovals,
  kInjured,
  kConversions,
  kMeanAnger,
  kMeanFear,
  kSeriesCount
};

Schema parameters() {
  Schema s;
  s.integer("params.size", 50)
      .range(1, 10000)
      .units("cells")
      .describe("Side of the square, wrapping map.")
      .cite(kPaper);
  s.integer("params.civilians", 500)
      .range(0, 100000000)
      .units("agents")
      .describe("Civilians at the start (the initial insurgents are drawn from them).")
      .cite(kPort);
  s.integer("params.soldiers", 100)
      .range(0, 100000000)
      .units("agents")
      .describe("Soldiers.")
      .cite(kPort);
  s.integer("params.insurgents", 10)
      .range(0, 100000000)
      .units("agents")
      .describe("Civilians who start as insurgents.")
      .cite("assumption (the paper's initial number is not stated)");
  s.integer("params.range", 3)
      .range(0, 100)
      .units("cells")
      .describe(
          "Interaction range (Chebyshev): of insurgent attacks, of collateral damage and of fear.")
      .cite(kPaper);
  s.real("params.effectiveness", 0.8)
      .range(0, 1)
      .changeable()
      .describe("Probability that a counter-attack removes the insurgent.")
      .cite(kPaper);
  s.real("params.accuracy", 0.8)
      .range(0, 1)
      .changeable()
      .describe("1 - probability of injuring each civilian within range of a counter-attack.")
      .cite(kPaper);
  s.real("params.sensitivity", 1.0)
      .range(0, 1)
      .describe("Probability that an attacked soldier counter-attacks.")
      .cite(kPaper);
  s.real("params.attack", 1.0)
      .range(0, 1)
      .describe("Probability that an insurgent with a soldier in range attacks it in a step.")
      .cite("assumption");
  s.real("params.fear_step", 0.10)
      .range(0, 1)
      .describe("Fear of civilians near a counter-attack: F <- F + fear_step (1 - F).")
      .cite(kPaper);
  s.real("params.anger_step", 0.05)
      .range(0, 1)
      .describe(
          "Anger of an injured civilian: A <- A + anger_step x (civilians hurt) x (1 - A), capped "
          "at 1.")
      .cite(kPaper);
  s.real("params.anger_mean", 0.25)
      .range(0, 1)
      .describe("Mean initial anger (normal, clipped to [0, 1]).")
      .cite(kPaper);
  s.real("params.anger_sd", 0.125)
      .range(0, 1)
      .describe("Standard deviation of initial anger.")
      .cite(kPaper);
  s.real("params.fear_mean", 0.5).range(0, 1).describe("Mean initial fear.").cite(kPaper);
  s.real("params.fear_sd", 0.25)
      .range(0, 1)
      .describe("Standard deviation of initial fear.")
      .cite(kPaper);
  s.real("params.threshold_mean", 0.5)
      .range(0, 1)
      .describe("Mean violence threshold.")
      .cite(kPaper);
  s.real("params.threshold_sd", 0.25)
      .range(0, 1)
      .describe("Standard deviation of the violence threshold.")
      .cite(kPaper);
  return s;
}

class World final : public Model {
 public:
  World(const ParamSet& p, std::uint64_t seed)
      : seed_(seed), grid_(size_of(p), size_of(p), Topology::torus) {
    read(p);
    const auto civilians = static_cast<std::size_t>(p.integer("params.civilians"));
    const auto soldiers = static_cast<std::size_t>(p.integer("params.soldiers"));
    const auto insurgents =
        std::min<std::size_t>(civilians, static_cast<std::size_t>(p.integer("params.insurgents")));
    const std::size_t n = civilians + soldiers;
    kind_.resize(n);
    cell_.resize(n);
    anger_.assign(n, 0.0);
    fear_.assign(n, 0.0);
    threshold_.assign(n, 0.0);
    const auto clip = [](double v) { return std::clamp(v, 0.0, 1.0); };
    for (std::size_t i = 0; i < n; ++i) {
      Draws d(seed_, kStreamInit.id, 0, i);
      cell_[i] = static_cast<std::int32_t>(d.below(static_cast<std::uint64_t>(grid_.cells())));
      kind_[i] = i < civilians ? (i < insurgents ? kInsurgent : kCivilian) : kSoldier;
      anger_[i] = clip(d.normal(p.real("params.anger_mean"), p.real("params.anger_sd")));
      fear_[i] = clip(d.normal(p.real("params.fear_mean"), p.real("params.fear_sd")));
      threshold_[i] =
          clip(d.normal(p.real("params.threshold_mean"), p.real("params.threshold_sd")));
    }
    values_.assign(kSeriesCount, 0.0);
    measure_state();
  }

  void schedule(Schedule& schedule) override {
    schedule.serial("step", [this](StepContext& c) { step(c.step); });
  }
  void on_params_changed(const ParamSet& p, std::span<const std::size_t>, std::int64_t) override {
    read(p);
  }
  void measure(std::span<double> out) const override {
    std::copy(values_.begin(), values_.end(), out.begin());
  }
  void draw_map(std::size_t, MapBuffer& out) const override {
    for (std::size_t i = 0; i < kind_.size(); ++i) {
      if (kind_[i] == kRemoved) continue;
      auto& c = out.u8[static_cast<std::size_t>(cell_[i])];
      c = std::max<std::uint8_t>(c, kind_[i] == kInsurgent ? 3 : kind_[i] == kSoldier ? 2 : 1);
    }
  }
  [[nodiscard]] const Grid& grid() const override { return grid_; }
  [[nodiscard]] Footprint footprint() const override {
    return {kind_.size(), 1 + 4 + 3 * sizeof(double), kind_.size() * (5 + 3 * sizeof(double))};
  }
  void persist(StateArchive& ar) override {
    ar.section("bennett");
    ar.expect(grid_.cells(), "the grid");
    ar(kind_, cell_, anger_, fear_, threshold_, start_, slots_, values_);
  }

 private:
  static int size_of(const ParamSet& p) { return static_cast<int>(p.integer("params.size")); }

  void read(const ParamSet& p) {
    range_ = static_cast<int>(p.integer("params.range"));
    effectiveness_ = p.real("params.effectiveness");
    accuracy_ = p.real("params.accuracy");
    sensitivity_ = p.real("params.sensitivity");
    attack_ = p.real("params.attack");
    fear_step_ = p.real("params.fear_step");
    anger_step_ = p.real("params.anger_step");
  }

  // Agents whose cell lies within `range_` of cell c (Chebyshev distance on the torus).
  template <class Fn>
  void around(std::int32_t c, Fn&& fn) const {
    const int w = grid_.width(), h = grid_.height();
    const int cx = c % w, cy = c / w;
    for (int dy = -range_; dy <= range_; ++dy) {
      for (int dx = -range_; dx <= range_; ++dx) {
        const int x = ((cx + dx) % w + w) % w, y = ((cy + dy) % h + h) % h;
        const auto cell = static_cast<std::size_t>(y * w + x);
        for (std::int32_t k = start_[cell]; k < start_[cell + 1]; ++k)
          fn(static_cast<std::size_t>(slots_[static_cast<std::size_t>(k)]));
      }
    }
  }

  void index() {
    const auto cells = static_cast<std::size_t>(grid_.cells());
    start_.assign(cells + 1, 0);
    for (std::size_t i = 0; i < kind_.size(); ++i) {
      if (kind_[i] != kRemoved) ++start_[static_cast<std::size_t>(cell_[i]) + 1];
    }
    for (std::size_t c = 0; c < cells; ++c) start_[c + 1] += start_[c];
    slots_.assign(static_cast<std::size_t>(start_[cells]), 0);
    std::vector<std::int32_t> next(start_.begin(), start_.end() - 1);
    for (std::size_t i = 0; i < kind_.size(); ++i) {
      if (kind_[i] == kRemoved) continue;
      slots_[static_cast<std::size_t>(next[static_cast<std::size_t>(cell_[i])]++)] =
          static_cast<std::int32_t>(i);
    }
  }

  void step(std::int64_t step) {
    const auto t = static_cast<std::uint64_t>(step);
    double attacks = 0, removals = 0, injured = 0, conversions = 0;
    // Everyone moves one cell (or stays), at random.
    const int w = grid_.width(), h = grid_.height();
    for (std::size_t i = 0; i < kind_.size(); ++i) {
      if (kind_[i] == kRemoved) continue;
      Draws d(seed_, kStreamMove.id, t, i);
      const int dx = static_cast<int>(d.below(3)) - 1, dy = static_cast<int>(d.below(3)) - 1;
      const int x = (cell_[i] % w + dx + w) % w, y = (cell_[i] / w + dy + h) % h;
      cell_[i] = y * w + x;
    }
    index();
    // Insurgents attack a soldier in range; the soldier counter-attacks.
    std::vector<std::size_t> soldiers, civilians, hurt;
    for (std::size_t i = 0; i < kind_.size(); ++i) {
      if (kind_[i] != kInsurgent) continue;
      soldiers.clear();
      around(cell_[i], [&](std::size_t j) {
        if (kind_[j] == kSoldier) soldiers.push_back(j);
      });
      Draws d(seed_, kStreamFight.id, t, i);
      if (soldiers.empty() || d.uniform() >= attack_) continue;
      attacks += 1;
      if (d.uniform() >= sensitivity_) continue;
      civilians.clear();
      hurt.clear();
      around(cell_[i], [&](std::size_t j) {
        if (kind_[j] == kCivilian) civilians.push_back(j);
      });
      for (const std::size_t j : civilians) {
        fear_[j] += fear_step_ * (1.0 - fear_[j]);
        if (d.uniform() < 1.0 - accuracy_) hurt.push_back(j);
      }
      for (const std::size_t j : hurt) {
        anger_[j] = std::min(
            1.0, anger_[j] + anger_step_ * static_cast<double>(hurt.size()) * (1.0 - anger_[j]));
      }
      injured += static_cast<double>(hurt.size());
      if (d.uniform() < effectiveness_) {
        kind_[i] = kRemoved;
        removals += 1;
      }
    }
    // Civilians whose anger exceeds their fear and their violence threshold take up arms.
    for (std::size_t i = 0; i < kind_.size(); ++i) {
      if (kind_[i] == kCivilian && anger_[i] > fear_[i] && anger_[i] > threshold_[i]) {
        kind_[i] = kInsurgent;
        conversions += 1;
      }
    }
    values_[kAttacks] = attacks;
    values_[kRemovals] = removals;
    values_[kInjured] = injured;
    values_[kConversions] = conversions;
    measure_state();
  }

  void measure_state() {
    double insurgents = 0, civilians = 0, anger = 0, fear = 0;
    for (std::size_t i = 0; i < kind_.size(); ++i) {
      insurgents += kind_[i] == kInsurgent ? 1 : 0;
      if (kind_[i] != kCivilian) continue;
      civilians += 1;
      anger += anger_[i];
      fear += fear_[i];
    }
    values_[kInsurgents] = insurgents;
    values_[kCivilians] = civilians;
    values_[kMeanAnger] = civilians > 0 ? anger / civilians : 0.0;
    values_[kMeanFear] = civilians > 0 ? fear / civilians : 0.0;
  }

  std::uint64_t seed_;
  Grid grid_;
  int range_ = 3;
  double effectiveness_ = 0.8, accuracy_ = 0.8, sensitivity_ = 1.0, attack_ = 1.0, fear_step_ = 0.1,
         anger_step_ = 0.05;
  std::vector<std::uint8_t> kind_;
  std::vector<std::int32_t> cell_;
  std::vector<double> anger_, fear_, threshold_;
  std::vector<std::int32_t> start_, slots_;
  std::vector<double> values_;
};

}  // namespace

ModelInfo describe() {
  ModelInfo info;
  info.name = "bennett";
  info.summary =
      "Bennett (2008) early insurgency dynamics: collateral damage, anger and recruitment";
  info.citation =
      "Bennett, D. S. (2008). Governments, Civilians, and the Evolution of Insurgency: Modeling "
      "the Early Dynamics of Insurgencies. JASSS 11(4) 7";
  info.schema = parameters();
  info.series = {
      {"insurgents", SeriesKind::stock, "agents", "insurgents"},
      {"civilians", SeriesKind::stock, "agents", "civilians (not insurgents)"},
      {"attacks", SeriesKind::flow, "1", "insurgent attacks on soldiers"},
      {"removals", SeriesKind::flow, "agents", "insurgents removed by counter-attacks"},
      {"injured", SeriesKind::flow, "agents",
       "civilians injured by counter-attacks (collateral damage)"},
      {"conversions", SeriesKind::flow, "agents", "civilians who became insurgents"},
      {"mean_anger", SeriesKind::stock, "1", "mean anger of civilians"},
      {"mean_fear", SeriesKind::stock, "1", "mean fear of civilians"},
  };
  info.maps = {{"agents",
                MapType::u8,
                "1",
                "who is on the cell (the most active kind)",
                {"empty", "civilian", "soldier", "insurgent"}}};
  info.streams = {kStreamInit, kStreamMove, kStreamFight};
  info.check = [](const ParamSet& p, const Timeline&, DiagnosticList& diagnostics) {
    const auto range = p.integer("params.range"), size = p.integer("params.size");
    if (2 * range + 1 > size) {
      diagnostics.add(p.origin(p.index("params.range")), "params.range",
                      "reaches round the map onto itself (expected 2 * range + 1 <= size, got "
                      "range " +
                          std::to_string(range) + " on size " + std::to_string(size) + ")");
    }
  };
  info.create = [](const ModelContext& context) -> std::unique_ptr<Model> {
    return std::make_unique<World>(context.params, context.seed);
  };
  return info;
}

void register_model(ModelRegistry& registry) {
  registry.add(describe());
}

}  // namespace sahelsim::bennett
