// The relative agreement model with extremists (Deffuant et al. 2002): description and world.
#include "deffuant.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace sahelsim::deffuant {

namespace {

constexpr const char* kPaper = "Deffuant, Amblard, Weisbuch & Faure 2002, JASSS 5(4) 1";
constexpr const char* kReply = "Deffuant, Amblard & Weisbuch 2013, JASSS 16(1) 11";

inline constexpr StreamSpec kStreamInit{1, "init", "initial opinions (step 0, entity 0)"};
inline constexpr StreamSpec kStreamMeet{
    2, "meet", "the random pairs that meet during a step (entity 0 of each step)"};

enum Series : std::size_t {
  kY,
  kPositive,
  kNegative,
  kExtremePositive,
  kExtremeNegative,
  kMeanOpinion,
  kMeanUncertainty,
  kChange,
  kSeriesCount
};

Schema parameters() {
  Schema s;
  s.integer("params.agents", 200)
      .range(2, 100000000)
      .units("agents")
      .describe("N, the number of agents (200 in Figs. 5-8, 1000 in the map of Fig. 9).")
      .cite(kPaper);
  s.real("params.mu", 0.5)
      .range(0, 0.5)
      .describe("Convergence parameter mu (0.5 in Figs. 5-8, 0.2 in Fig. 9).")
      .cite(kPaper);
  s.real("params.uncertainty", 1.2)
      .above(0)
      .describe("U, the initial uncertainty of the moderates (swept 0.2-2 in Fig. 9).")
      .cite(kPaper);
  s.real("params.extremist_uncertainty", 0.1)
      .above(0)
      .describe("u_e, the uncertainty of the extremists.")
      .cite(kPaper);
  s.real("params.extremists", 0.25)
      .range(0, 1)
      .describe("p_e, the initial share of extremists (swept 0.025-0.3 in Fig. 9).")
      .cite(kPaper);
  s.real("params.delta", 0.0)
      .range(0, 1)
      .describe(
          "delta = |p+ - p-| / (p+ + p-): the imbalance between positive and negative "
          "extremists (p+ = p_e (1 + delta) / 2).")
      .cite(kPaper);
  s.choice("params.initialisation", {"deffuant2002", "meadows_cliff"}, "deffuant2002")
      .describe(
          "deffuant2002: all opinions uniform on [-1, 1], the N p+ most positive and N p- most "
          "negative become the extremists; meadows_cliff: extremists uniform in [0.8, 1] "
          "(or [-1, -0.8]), moderates uniform in (-0.8, 0.8) (Meadows & Cliff 2012).")
      .cite("Deffuant et al. 2002; Meadows & Cliff 2012, JASSS 15(4) 4");
  s.real("params.extreme_threshold", 0.7)
      .range(0, 1)
      .describe(
          "An initially moderate agent counts as a new extremist when |x| is above this, "
          "for y (0.1 inside the 0.8 band of the initial extremists, as in the 2013 reply).")
      .cite(kReply);
  s.integer("params.meetings_per_step", 0)
      .at_least(0)
      .units("meetings")
      .describe("Random pair meetings in one step (0: N, one meeting per agent on average).")
      .cite("sahelsim (a step is a unit of recording)");
  return s;
}

class World final : public Model {
 public:
  World(const ParamSet& p, std::uint64_t seed) : seed_(seed), grid_(1, 1, Topology::bounded) {
    const auto n = static_cast<std::size_t>(p.integer("params.agents"));
    mu_ = p.real("params.mu");
    threshold_ = p.real("params.extreme_threshold");
    meetings_ = static_cast<std::size_t>(p.integer("params.meetings_per_step"));
    if (meetings_ == 0) meetings_ = n;
    const double pe = p.real("params.extremists"), delta = p.real("params.delta");
    const auto positive =
        static_cast<std::size_t>(std::llround(static_cast<double>(n) * pe * (1.0 + delta) / 2.0));
    const auto negative =
        static_cast<std::size_t>(std::llround(static_cast<double>(n) * pe * (1.0 - delta) / 2.0));
    const double u = p.real("params.uncertainty"), ue = p.real("params.extremist_uncertainty");
    x_.resize(n);
    u_.assign(n, u);
    extreme_.assign(n, 0);
    Draws d(seed_, kStreamInit.id, 0, 0);
    if (p.text("params.initialisation") == "meadows_cliff") {
      for (std::size_t i = 0; i < n; ++i) {
        if (i < positive) {
          x_[i] = 0.8 + 0.2 * d.uniform();
        } else if (i < positive + negative) {
          x_[i] = -0.8 - 0.2 * d.uniform();
        } else {
          x_[i] = -0.8 + 1.6 * d.uniform();
          continue;
        }
        u_[i] = ue;
        extreme_[i] = 1;
      }
    } else {
      for (auto& x : x_) x = -1.0 + 2.0 * d.uniform();
      std::vector<std::size_t> order(n);
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(),
                       [&](std::size_t a, std::size_t b) { return x_[a] < x_[b]; });
      for (std::size_t k = 0; k < negative && k < n; ++k) {
        u_[order[k]] = ue;
        extreme_[order[k]] = 1;
      }
      for (std::size_t k = 0; k < positive && k < n; ++k) {
        u_[order[n - 1 - k]] = ue;
        extreme_[order[n - 1 - k]] = 1;
      }
    }
    compute(0.0);
  }

  void schedule(Schedule& schedule) override {
    // Meetings are sequential by definition (each uses the values the last one left).
    schedule.serial("meetings", [this](StepContext& c) { step(c.step); });
  }
  void on_params_changed(const ParamSet& p, std::span<const std::size_t>, std::int64_t) override {
    mu_ = p.real("params.mu");
  }
  void measure(std::span<double> out) const override {
    std::copy(values_.begin(), values_.end(), out.begin());
  }
  void draw_map(std::size_t, MapBuffer&) const override {}
  [[nodiscard]] const Grid& grid() const override { return grid_; }
  [[nodiscard]] Footprint footprint() const override {
    return {x_.size(), 2 * sizeof(double) + 1, x_.size() * (2 * sizeof(double) + 1)};
  }
  void persist(StateArchive& ar) override {
    ar.section("deffuant");
    ar.expect(x_.size(), "params.agents");
    ar(x_, u_, extreme_, values_);
  }

 private:
  void step(std::int64_t step) {
    Draws d(seed_, kStreamMeet.id, static_cast<std::uint64_t>(step), 0);
    const std::uint64_t n = x_.size();
    double change = 0.0;
    for (std::size_t m = 0; m < meetings_; ++m) {
      const auto i = static_cast<std::size_t>(d.below(n));
      auto j = static_cast<std::size_t>(d.below(n - 1));
      if (j >= i) ++j;
      const double xi = x_[i], ui = u_[i], xj = x_[j], uj = u_[j];
      meet(mu_, x_[i], u_[i], x_[j], u_[j]);
      change = std::max({change, std::abs(x_[i] - xi), std::abs(u_[i] - ui), std::abs(x_[j] - xj),
                         std::abs(u_[j] - uj)});
    }
    compute(change);
  }

  void compute(double change) {
    values_.assign(kSeriesCount, 0.0);
    const auto [positive, negative] = moderate_shares(x_, extreme_, threshold_);
    double extreme_pos = 0, extreme_neg = 0;
    for (double x : x_) {
      extreme_pos += x > threshold_ ? 1 : 0;
      extreme_neg += x < -threshold_ ? 1 : 0;
    }
    const double n = static_cast<double>(x_.size());
    values_[kY] = positive * positive + negative * negative;
    values_[kPositive] = positive;
    values_[kNegative] = negative;
    values_[kExtremePositive] = extreme_pos / n;
    values_[kExtremeNegative] = extreme_neg / n;
    values_[kMeanOpinion] = std::accumulate(x_.begin(), x_.end(), 0.0) / n;
    values_[kMeanUncertainty] = std::accumulate(u_.begin(), u_.end(), 0.0) / n;
    values_[kChange] = change;
  }

  std::uint64_t seed_;
  Grid grid_;
  double mu_ = 0.5, threshold_ = 0.7;
  std::size_t meetings_ = 0;
  std::vector<double> x_, u_;
  std::vector<std::uint8_t> extreme_;
  std::vector<double> values_;
};

}  // namespace

void meet(double mu, double& xi, double& ui, double& xj, double& uj) {
  const double x_i = xi, u_i = ui, x_j = xj, u_j = uj;
  const double overlap = std::min(x_i + u_i, x_j + u_j) - std::max(x_i - u_i, x_j - u_j);
  if (overlap > u_i) {  // i influences j
    const double ra = overlap / u_i - 1.0;
    xj = x_j + mu * ra * (x_i - x_j);
    uj = u_j + mu * ra * (u_i - u_j);
  }
  if (overlap > u_j) {  // j influences i
    const double ra = overlap / u_j - 1.0;
    xi = x_i + mu * ra * (x_j - x_i);
    ui = u_i + mu * ra * (u_j - u_i);
  }
}

std::pair<double, double> moderate_shares(std::span<const double> opinions,
                                          std::span<const std::uint8_t> initially_extreme,
                                          double threshold) {
  double moderates = 0, pos = 0, neg = 0;
  for (std::size_t i = 0; i < opinions.size(); ++i) {
    if (initially_extreme[i]) continue;
    moderates += 1;
    pos += opinions[i] > threshold ? 1 : 0;
    neg += opinions[i] < -threshold ? 1 : 0;
  }
  if (moderates == 0) return {0.0, 0.0};
  return {pos / moderates, neg / moderates};
}

double y_indicator(std::span<const double> opinions,
                   std::span<const std::uint8_t> initially_extreme, double threshold) {
  const auto [p, q] = moderate_shares(opinions, initially_extreme, threshold);
  return p * p + q * q;
}

ModelInfo describe() {
  ModelInfo info;
  info.name = "deffuant";
  info.summary = "Deffuant et al. (2002) relative agreement opinion dynamics with extremists";
  info.citation =
      "Deffuant, G., Amblard, F., Weisbuch, G., Faure, T. (2002). How can extremism prevail? A "
      "study based on the relative agreement interaction model. JASSS 5(4) 1";
  info.schema = parameters();
  info.series = {
      {"y", SeriesKind::stock, "1",
       "y = p'+^2 + p'-^2 (0: central convergence, 0.5: both extremes, 1: one extreme)"},
      {"moderates_positive", SeriesKind::stock, "1",
       "p'+: share of the initially moderate agents now above the extreme threshold"},
      {"moderates_negative", SeriesKind::stock, "1",
       "p'-: share of the initially moderate agents now below minus the extreme threshold"},
      {"extreme_positive", SeriesKind::stock, "1", "share of all agents above the threshold"},
      {"extreme_negative", SeriesKind::stock, "1", "share of all agents below minus the threshold"},
      {"mean_opinion", SeriesKind::stock, "1", "mean opinion"},
      {"mean_uncertainty", SeriesKind::stock, "1", "mean uncertainty"},
      {"change", SeriesKind::stock, "1",
       "largest change of an opinion or uncertainty in the step (0: converged)"},
  };
  info.streams = {kStreamInit, kStreamMeet};
  info.create = [](const ModelContext& context) -> std::unique_ptr<Model> {
    return std::make_unique<World>(context.params, context.seed);
  };
  return info;
}

void register_model(ModelRegistry& registry) {
  registry.add(describe());
}

}  // namespace sahelsim::deffuant
