// The Sahel model's world: initial state, cell fields, indicators, maps.
#include "world.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "core/parallel.hpp"
#include "geo/allocate.hpp"
#include "geo/lattice.hpp"
#include "outputs.hpp"

namespace sahelsim::sahel {

namespace {

int biome_row(std::uint8_t biome) {
  return biome == static_cast<std::uint8_t>(Biome::saharan)    ? 2
         : biome == static_cast<std::uint8_t>(Biome::sahelian) ? 1
                                                               : 0;
}

}  // namespace

namespace {

Geography make_geography(const ParamSet& params, const std::optional<Calendar>& calendar) {
  int year = census_year(params);
  if (calendar) year = static_cast<int>(std::chrono::year_month_day{calendar->start}.year());
  return build_geography(params, year);
}

}  // namespace

World::World(const ParamSet& params, std::uint64_t seed, const std::optional<Calendar>& calendar)
    : seed_(seed), calendar_(calendar), geo_(make_geography(params, calendar)), grid_(geo_.grid()) {
  s_ = Settings::from(params, geo_);
  initialise();
}

double World::cell_km(std::int32_t a, std::int32_t b) const {
  return geo::haversine_km(cell_lon_[sz(a)], cell_lat_[sz(a)], cell_lon_[sz(b)], cell_lat_[sz(b)]);
}

std::int64_t World::agents_for(double people, double u) const {
  const double agents = people / s_.scale;
  return static_cast<std::int64_t>(std::floor(agents + u));
}

void World::initialise() {
  cells_ = geo_.cells();
  const std::size_t n = sz(cells_);
  km_per_cell_ = 111.32 * geo_.ref.cell_deg;
  cell_lon_.resize(n);
  cell_lat_.resize(n);
  home_.assign(n, 0);
  base_presence_.assign(n, 0.0);
  services_.assign(n, 0.0);
  for (std::size_t c = 0; c < n; ++c) {
    cell_lon_[c] = geo_.lon[c % sz(geo_.width)];
    cell_lat_[c] = geo_.lat[c / sz(geo_.width)];
    home_[c] = geo_.country[c] == geo_.home_country && geo_.country[c] != 0 ? 1 : 0;
    const int b = biome_row(geo_.biome[c]);
    const bool town = geo_.town_km[c] < 0.5 * km_per_cell_;
    base_presence_[c] = b == 2   ? s_.presence_base_saharan
                        : b == 1 ? s_.presence_base_sahelian
                                 : s_.presence_base_sudanian;
    if (town) base_presence_[c] = std::min(1.0, base_presence_[c] + s_.presence_town);
    if (!home_[c]) base_presence_[c] *= s_.presence_abroad;  // neighbours' states
    services_[c] = town ? s_.services_initial : 0.5 * s_.services_initial;
  }
  for (auto* v :
       {&presence_, &protection_,   &projects_,  &insecurity_,   &intel_,       &access_,
        &blocked_,  &aid_pc_,       &youth_opp_, &cve_reach_,    &dialogue_,    &ddr_,
        &shadow_,   &state_harm_,   &abuse_,     &violence_,     &deaths_step_, &new_displaced_,
        &tension_,  &sum_attitude_, &sum_trust_, &sum_hardship_, &sum_fear_}) {
    v->assign(n, 0.0);
  }
  for (auto& f : influence_) f.assign(n, 0.0);
  for (auto& f : fighters_) f.assign(n, 0);
  for (auto* v : {&pop_, &civ_, &sympathizers_, &idps_here_, &tippers_, &majority_}) {
    v->assign(n, 0);
  }

  // Persons: each home-country cell's people in agents of `scale` people (Hamilton).
  std::vector<double> weights(n, 0.0);
  double people = 0;
  for (std::size_t c = 0; c < n; ++c) {
    if (home_[c] && geo_.population[c] > 0) {
      weights[c] = static_cast<double>(geo_.population[c]);
      people += weights[c];
    }
  }
  const auto total_agents = static_cast<std::int64_t>(std::llround(people / s_.scale));
  const std::vector<std::int64_t> per_cell = geo::apportion(total_agents, weights);

  cell_ = &persons_.add_column<std::int32_t>("cell", -1);
  home_cell_ = &persons_.add_column<std::int32_t>("home", -1);
  dest_ = &persons_.add_column<std::int32_t>("destination", -1);
  arg_ = &persons_.add_column<std::int32_t>("intent_arg", 0);
  status_ = &persons_.add_column<std::uint8_t>("status", kResident);
  group_ = &persons_.add_column<std::uint8_t>("group", kNoGroup);
  ethnicity_ = &persons_.add_column<std::uint8_t>("ethnicity", 0);
  livelihood_ = &persons_.add_column<std::uint8_t>("livelihood", 0);
  flags_ = &persons_.add_column<std::uint8_t>("flags", 0);
  intent_ = &persons_.add_column<std::uint8_t>("intent", kNone);
  timer_ = &persons_.add_column<std::uint16_t>("timer", 0);
  safe_ = &persons_.add_column<std::uint16_t>("safe_weeks", 0);
  hardship_ = &persons_.add_column<float>("hardship", 0.f);
  trust_ = &persons_.add_column<float>("trust", 0.f);
  fear_ = &persons_.add_column<float>("fear", 0.f);
  risk_ = &persons_.add_column<float>("risk_aversion", 0.f);
  attitude_ = &persons_.add_column<float>("attitude", 0.f);
  uncertainty_ = &persons_.add_column<float>("uncertainty", 0.f);
  victim_ = &persons_.add_column<float>("victimization", 0.f);

  persons_.create(sz(total_agents));
  initial_agents_ = total_agents;
  std::size_t slot = 0;
  for (std::size_t c = 0; c < n; ++c) {
    for (std::int64_t k = 0; k < per_cell[c]; ++k, ++slot) {
      (*cell_)[slot] = static_cast<std::int32_t>(c);
      (*home_cell_)[slot] = static_cast<std::int32_t>(c);
    }
  }
  const auto init = [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      Draws d(seed_, kStreamInit.id, 0, static_cast<std::uint64_t>(persons_.id(i)));
      const auto c = sz((*cell_)[i]);
      const int b = biome_row(geo_.biome[c]);
      // Ethnicity by the biome's shares.
      double u = d.uniform(), acc = 0;
      std::uint8_t e = kEthnicities - 1;
      for (int k = 0; k < kEthnicities; ++k) {
        acc += s_.ethnic_shares[sz(std::int64_t{b})][sz(std::int64_t{k})];
        if (u < acc) {
          e = static_cast<std::uint8_t>(k);
          break;
        }
      }
      (*ethnicity_)[i] = e;
      // Livelihood: urban in town cells; fishers on the river (Bozo, Somono, Songhai);
      // herders mostly in the north and among Fulani and Tuareg.
      const double v = d.uniform();
      Livelihood l = kFarmer;
      if (geo_.town_km[c] < 0.5 * km_per_cell_) {
        l = kUrban;
      } else if (geo_.river[c] && v < s_.fisher_share) {
        l = kFisher;
      } else if (e == 1 || e == 4 || b == 2) {
        l = v < s_.herder_pastoral ? kHerder : kFarmer;
      } else if (v < s_.herder_other) {
        l = kHerder;
      }
      (*livelihood_)[i] = l;
      (*flags_)[i] = d.uniform() < s_.youth_share ? kYouth : 0;
      const double h = s_.hardship_base + (b == 2 ? s_.hardship_saharan : 0.0) +
                       (l == kUrban ? s_.hardship_urban : 0.0) + 0.15 * d.normal();
      (*hardship_)[i] = static_cast<float>(std::clamp(h, 0.0, 1.0));
      const double t = s_.trust_initial - (b == 2 ? s_.north_trust_gap : 0.0) + 0.15 * d.normal();
      (*trust_)[i] = static_cast<float>(std::clamp(t, 0.0, 1.0));
      (*risk_)[i] = static_cast<float>(d.uniform());
      if (d.uniform() < s_.extremist_share) {
        (*attitude_)[i] = 0.9f;
        (*uncertainty_)[i] = 0.1f;
      } else {
        const double a = s_.attitude_mean + s_.attitude_sd * d.normal();
        (*attitude_)[i] = static_cast<float>(std::clamp(a, -1.0, 1.0));
        (*uncertainty_)[i] = static_cast<float>(s_.uncertainty);
      }
    }
  };
  parallel::for_range(0, persons_.size(), 4096, init);

  // Destinations for people fleeing: the home country's towns and the camps abroad.
  build_destinations();
  for (int g = 0; g < kGroups; ++g) {
    const GroupSettings& gs = s_.groups[sz(std::int64_t{g})];
    seed_group(g, gs.fighters, gs.regions, 0);
  }
  build_units();
  fields();
  indicators();
}

void World::build_destinations() {
  destinations_.clear();
  const auto add = [&](const Place& p, bool camp) {
    if (p.cell < 0) return;
    Destination d;
    d.cell = p.cell;
    d.country = geo_.country[sz(p.cell)];
    d.camp = camp;
    d.home = home_[sz(p.cell)] != 0;
    d.lon = cell_lon_[sz(p.cell)];
    d.lat = cell_lat_[sz(p.cell)];
    if (!camp && !d.home) return;
    destinations_.push_back(d);
  };
  for (const auto& t : geo_.towns) add(t, false);
  for (const auto& c : geo_.camps) add(c, true);
  // Each region's largest town: where units are based.
  region_capital_.assign(geo_.regions.size(), -1);
  std::vector<std::int64_t> best(geo_.regions.size(), -1);
  for (const auto& t : geo_.towns) {
    if (t.cell < 0 || !home_[sz(t.cell)]) continue;
    const std::uint8_t r = geo_.region[sz(t.cell)];
    if (t.population > best[r]) {
      best[r] = t.population;
      region_capital_[r] = t.cell;
    }
  }
}

void World::seed_group(int g, double people, const std::vector<int>& regions,
                       std::uint64_t counter) {
  // Persons of the regions, youth first, the group's affinity ethnicity preferred, chosen at
  // random (stream "seeding").
  if (people <= 0) return;
  const GroupSettings& gs = s_.groups[sz(std::int64_t{g})];
  std::vector<std::size_t> preferred, others;
  for (std::size_t i = 0; i < persons_.size(); ++i) {
    if ((*status_)[i] != kResident) continue;
    const std::uint8_t r = geo_.region[sz((*cell_)[i])];
    const bool in_region =
        regions.empty() || std::find(regions.begin(), regions.end(), r) != regions.end();
    if (!in_region || !((*flags_)[i] & kYouth)) continue;
    ((gs.affinity < 0 || (*ethnicity_)[i] == gs.affinity) ? preferred : others).push_back(i);
  }
  Draws d(seed_, kStreamSeeding.id, counter, static_cast<std::uint64_t>(g));
  d.shuffle(preferred.begin(), preferred.end());
  d.shuffle(others.begin(), others.end());
  preferred.insert(preferred.end(), others.begin(), others.end());
  const auto want = std::min<std::size_t>(
      preferred.size(), static_cast<std::size_t>(std::llround(people / s_.scale)));
  for (std::size_t k = 0; k < want; ++k) {
    const std::size_t i = preferred[k];
    (*status_)[i] = kFighter;
    (*group_)[i] = static_cast<std::uint8_t>(g);
    (*attitude_)[i] = std::max((*attitude_)[i], 0.6f);
  }
}

void World::build_units() {
  units_.clear();
  for (int o = 0; o < kOwners; ++o)
    resize_owner(static_cast<Owner>(o), s_.owners[sz(std::int64_t{o})].troops);
}

void World::resize_owner(Owner owner, double troops) {
  const OwnerSettings& os = s_.owners[owner];
  std::vector<std::size_t> mine;
  for (std::size_t k = 0; k < units_.size(); ++k) {
    if (units_[k].owner == owner) mine.push_back(k);
  }
  const auto wanted = static_cast<std::size_t>(std::ceil(troops / os.unit_size - 1e-9));
  // Remove the newest units beyond the count; keep the order of the rest.
  if (mine.size() > wanted) {
    std::vector<std::uint8_t> drop(units_.size(), 0);
    for (std::size_t k = wanted; k < mine.size(); ++k) drop[mine[k]] = 1;
    std::vector<Unit> kept;
    for (std::size_t k = 0; k < units_.size(); ++k) {
      if (!drop[k]) kept.push_back(units_[k]);
    }
    units_ = std::move(kept);
    mine.resize(wanted);
    mine.clear();
    for (std::size_t k = 0; k < units_.size(); ++k) {
      if (units_[k].owner == owner) mine.push_back(k);
    }
  }
  // Bases: region capitals, the UN and counter-terrorism forces and the joint force in the
  // north and centre (Saharan and Sahelian regions) first, the police in every region.
  std::vector<std::int32_t> bases;
  for (std::size_t r = 1; r < region_capital_.size(); ++r) {
    if (region_capital_[r] >= 0) bases.push_back(region_capital_[r]);
  }
  if (owner == kUn || owner == kCt || owner == kJoint || owner == kMilitia) {
    std::stable_sort(bases.begin(), bases.end(), [&](std::int32_t a, std::int32_t b) {
      return cell_lat_[sz(a)] > cell_lat_[sz(b)];
    });
    if (owner == kMilitia) std::reverse(bases.begin(), bases.end());
  }
  if (bases.empty()) {
    for (std::int32_t c = 0; c < cells_; ++c) {
      if (home_[sz(c)]) {
        bases.push_back(c);
        break;
      }
    }
  }
  while (mine.size() < wanted) {
    Unit u;
    u.id = next_unit_id_++;
    u.owner = owner;
    u.base = bases.empty() ? 0 : bases[mine.size() % bases.size()];
    u.cell = u.base;
    units_.push_back(u);
    mine.push_back(units_.size() - 1);
  }
  // Troops: full units, the last one takes the remainder.
  double left = troops;
  for (std::size_t k = 0; k < mine.size(); ++k) {
    Unit& u = units_[mine[k]];
    const double t = std::min(os.unit_size, left);
    left -= t;
    if (u.nominal == 0) u.troops = t;
    u.troops = std::min(u.troops, t);
    u.nominal = t;
  }
}

void World::on_params_changed(const ParamSet& params, std::span<const std::size_t> changed,
                              std::int64_t step) {
  const Settings old = s_;
  s_ = Settings::from(params, geo_);
  for (int o = 0; o < kOwners; ++o) {
    const auto k = sz(std::int64_t{o});
    if (s_.owners[k].troops != old.owners[k].troops) {
      resize_owner(static_cast<Owner>(o), s_.owners[k].troops);
    }
  }
  // New fighters each time the timeline sets a group's seed_fighters.
  for (int g = 0; g < kGroups; ++g) {
    const std::size_t key =
        params.index(std::string("groups.") + kGroupNames[sz(std::int64_t{g})] + ".seed_fighters");
    if (std::find(changed.begin(), changed.end(), key) == changed.end()) continue;
    const GroupSettings& gs = s_.groups[sz(std::int64_t{g})];
    seed_group(g, gs.seed_fighters, gs.seed_regions, static_cast<std::uint64_t>(step) + 1);
  }
}

// ---- Cell fields ---------------------------------------------------------------------------

namespace {

// Sum over a square window of radius r (cells), separable, clipped at the edges.
void box_sum(const std::vector<double>& in, std::vector<double>& out, std::vector<double>& tmp,
             int width, int height, int r) {
  tmp.assign(in.size(), 0.0);
  out.assign(in.size(), 0.0);
  for (int y = 0; y < height; ++y) {
    const std::size_t row = sz(std::int64_t{y} * width);
    double acc = 0;
    for (int x = 0; x < std::min(r, width); ++x) acc += in[row + sz(std::int64_t{x})];
    for (int x = 0; x < width; ++x) {
      if (x + r < width) acc += in[row + sz(std::int64_t{x + r})];
      if (x - r - 1 >= 0) acc -= in[row + sz(std::int64_t{x - r - 1})];
      tmp[row + sz(std::int64_t{x})] = acc;
    }
  }
  for (int x = 0; x < width; ++x) {
    double acc = 0;
    const auto at = [&](int y) { return sz(std::int64_t{y} * width + x); };
    for (int y = 0; y < std::min(r, height); ++y) acc += tmp[at(y)];
    for (int y = 0; y < height; ++y) {
      if (y + r < height) acc += tmp[at(y + r)];
      if (y - r - 1 >= 0) acc -= tmp[at(y - r - 1)];
      out[at(y)] = std::max(0.0, acc);
    }
  }
}

}  // namespace

void World::fields() {
  const std::size_t n = sz(cells_);
  // Armed-group influence: fighters within influence_km.
  std::vector<double> people(n), sum, tmp;
  const int r_inf = std::max(0, static_cast<int>(std::lround(s_.influence_km / km_per_cell_)));
  for (int g = 0; g < kGroups; ++g) {
    const auto& f = fighters_[sz(std::int64_t{g})];
    for (std::size_t c = 0; c < n; ++c) people[c] = f[c] * s_.scale;
    box_sum(people, sum, tmp, geo_.width, geo_.height, r_inf);
    auto& inf = influence_[sz(std::int64_t{g})];
    for (std::size_t c = 0; c < n; ++c) inf[c] = 1.0 - std::exp(-sum[c] / s_.influence_people);
  }
  // State presence: civil administration plus troops within presence_km.
  std::vector<double> troops(n, 0.0), guard(n, 0.0);
  const int r_pres = std::max(0, static_cast<int>(std::lround(s_.presence_km / km_per_cell_)));
  for (const Unit& u : units_) {
    if (u.cell < 0 || u.troops <= 0) continue;
    const int ux = u.cell % geo_.width, uy = u.cell / geo_.width;
    for (int dy = -r_pres; dy <= r_pres; ++dy) {
      for (int dx = -r_pres; dx <= r_pres; ++dx) {
        if (dx * dx + dy * dy > r_pres * r_pres) continue;
        const int x = ux + dx, y = uy + dy;
        if (x < 0 || y < 0 || x >= geo_.width || y >= geo_.height) continue;
        troops[sz(std::int64_t{y} * geo_.width + x)] += u.troops;
      }
    }
    if (u.mission == kProtect) guard[sz(u.cell)] += u.troops;
  }
  for (std::size_t c = 0; c < n; ++c) {
    presence_[c] = 1.0 - (1.0 - base_presence_[c]) * std::exp(-troops[c] / s_.presence_troops);
    protection_[c] = 1.0 - std::exp(-guard[c] / s_.presence_troops);
  }
  // Intelligence: tips from the population, surveillance and partners.
  const auto& q = s_.policy;
  const double surveillance = q.surveillance * s_.surveillance_max;
  const double partner = q.partner_sharing * s_.partner_max;
  for (std::size_t c = 0; c < n; ++c) {
    const double tips = tippers_[c] * s_.scale;
    const double from_tips = 1.0 - std::exp(-tips / s_.tip_half);
    intel_[c] = 1.0 - (1.0 - from_tips) * (1.0 - surveillance) * (1.0 - partner);
  }
}

// ---- Indicators ----------------------------------------------------------------------------

void World::indicators() {
  const std::size_t n_persons = persons_.size();
  located_.resize(n_persons);
  attitude_prev_.resize(n_persons);
  uncertainty_prev_.resize(n_persons);
  // One pass: where each person is for the index, the attitude snapshot for peer influence,
  // and the detained and dead, counted together (dead in the high 32 bits; slots fit in 31).
  const auto counts =
      parallel::sum<std::int64_t>(0, n_persons, 16384, [&](std::size_t b, std::size_t e) {
        std::int64_t k = 0;
        for (std::size_t i = b; i < e; ++i) {
          const auto st = (*status_)[i];
          located_[i] = st == kDead || st == kDetained ? -1 : (*cell_)[i];
          attitude_prev_[i] = (*attitude_)[i];
          uncertainty_prev_[i] = (*uncertainty_)[i];
          k += st == kDetained ? 1 : st == kDead ? (std::int64_t{1} << 32) : 0;
        }
        return k;
      });
  const std::int64_t detained = counts & 0xffffffff, dead = counts >> 32;
  index_.build(located_, cells_);

  // Per-cell aggregates, each cell summed in slot order (deterministic).
  const std::size_t n = sz(cells_);
  std::vector<double> grievance(n, 0.0);
  std::vector<std::array<std::int32_t, 4>> civ_status(n);
  parallel::for_range(0, n, 256, [&](std::size_t b, std::size_t e) {
    for (std::size_t c = b; c < e; ++c) {
      std::int32_t pop = 0, civ = 0, sym = 0, tips = 0;
      std::array<std::int32_t, kGroups> f{};
      std::array<std::int32_t, kEthnicities> eth{};
      std::array<std::int32_t, 4> st{};
      double sa = 0, st_ = 0, sh = 0, sf = 0, sg = 0;
      for (const std::int32_t slot32 : index_.agents(static_cast<std::int32_t>(c))) {
        const auto i = sz(slot32);
        ++pop;
        const auto status = (*status_)[i];
        if (status == kFighter) {
          ++f[(*group_)[i]];
          continue;
        }
        ++civ;
        ++st[status];
        ++eth[(*ethnicity_)[i]];
        const double a = (*attitude_)[i], t = (*trust_)[i], h = (*hardship_)[i];
        sa += a;
        st_ += t;
        sh += h;
        sf += (*fear_)[i];
        sg += h * (1.0 - t) + (*victim_)[i];
        if (a > 0) ++sym;
        if ((*flags_)[i] & kTipped) ++tips;
      }
      pop_[c] = pop;
      civ_[c] = civ;
      sympathizers_[c] = sym;
      tippers_[c] = tips;
      idps_here_[c] = st[kIdp];
      civ_status[c] = st;
      for (int g = 0; g < kGroups; ++g) fighters_[sz(std::int64_t{g})][c] = f[sz(std::int64_t{g})];
      majority_[c] =
          static_cast<std::int32_t>(std::max_element(eth.begin(), eth.end()) - eth.begin());
      sum_attitude_[c] = sa;
      sum_trust_[c] = st_;
      sum_hardship_[c] = sh;
      sum_fear_[c] = sf;
      grievance[c] = sg;
    }
  });
  // National and regional values (serial over cells, in cell order).
  const double sc = s_.scale;
  const std::size_t R = geo_.regions.size();
  regional_.assign(kRegionalCount * R, 0.0);
  const auto reg = [&](std::size_t series, std::size_t r) -> double& {
    return regional_[series * R + r];
  };
  std::vector<double> reg_civ(R, 0.0), reg_pop(R, 0.0);
  std::array<double, 4> civ_by_status{};
  std::array<double, kGroups> fighters{};
  std::array<double, 5> refugees_by{};  // MRT, BFA, NER, DZA, other
  double civ_total = 0, sym = 0, sa = 0, st = 0, sh = 0, sf = 0, sg = 0;
  double home_pop = 0, home_area = 0, control_pop = 0, control_area = 0, presence = 0, security = 0,
         governance = 0;
  for (std::size_t c = 0; c < n; ++c) {
    const std::size_t r = geo_.region[c];
    const double pop = pop_[c] * sc, civ = civ_[c] * sc;
    for (std::size_t k = 0; k < 4; ++k) civ_by_status[k] += civ_status[c][k] * sc;
    double fc = 0, inf = 0;
    for (std::size_t g = 0; g < kGroups; ++g) {
      fighters[g] += fighters_[g][c] * sc;
      fc += fighters_[g][c] * sc;
      inf = std::max(inf, influence_[g][c]);
    }
    if (civ_status[c][kRefugee] > 0) {
      const std::string& code = geo_.countries[geo_.country[c]].code;
      const std::size_t k = code == "MRT"   ? 0
                            : code == "BFA" ? 1
                            : code == "NER" ? 2
                            : code == "DZA" ? 3
                                            : 4;
      refugees_by[k] += civ_status[c][kRefugee] * sc;
    }
    civ_total += civ;
    sym += sympathizers_[c] * sc;
    sa += sum_attitude_[c] * sc;
    st += sum_trust_[c] * sc;
    sh += sum_hardship_[c] * sc;
    sf += sum_fear_[c] * sc;
    sg += grievance[c] * sc;
    const bool controlled = inf > presence_[c];
    const double mean_trust = civ_[c] > 0 ? sum_trust_[c] / civ_[c] : 0.0;
    if (home_[c]) {
      home_pop += pop;
      home_area += geo_.area(static_cast<std::int32_t>(c));
      if (controlled) {
        control_pop += pop;
        control_area += geo_.area(static_cast<std::int32_t>(c));
      }
      presence += pop * presence_[c];
      security += pop * std::exp(-insecurity_[c]);
      governance += pop * mean_trust * (controlled ? 0.0 : 1.0);
    }
    reg(kRegPopulation, r) += pop;
    reg(kRegIdps, r) += civ_status[c][kIdp] * sc;
    reg(kRegFighters, r) += fc;
    reg(kRegSympathizers, r) += sympathizers_[c] * sc;
    reg(kRegTrust, r) += sum_trust_[c] * sc;
    reg(kRegHardship, r) += sum_hardship_[c] * sc;
    reg(kRegPresence, r) += pop * presence_[c];
    reg(kRegControl, r) += controlled ? pop : 0.0;
    reg(kRegCivilianDeaths, r) += state_harm_[c] + violence_[c];
    reg(kRegFatalities, r) += deaths_step_[c];
    reg(kRegNewDisplacements, r) += new_displaced_[c];
    reg_civ[r] += civ;
    reg_pop[r] += pop;
  }
  for (std::size_t r = 0; r < R; ++r) {
    const double cv = reg_civ[r] > 0 ? reg_civ[r] : 1.0, pp = reg_pop[r] > 0 ? reg_pop[r] : 1.0;
    reg(kRegSympathizers, r) /= cv;
    reg(kRegTrust, r) /= cv;
    reg(kRegHardship, r) /= cv;
    reg(kRegPresence, r) /= pp;
    reg(kRegControl, r) /= pp;
  }

  national_.assign(kSeriesCount, 0.0);
  auto& v = national_;
  const double detained_people = static_cast<double>(detained) * sc;
  const double fighters_total = fighters[0] + fighters[1] + fighters[2];
  v[kResidents] = civ_by_status[kResident];
  v[kIdps] = civ_by_status[kIdp];
  v[kRefugees] = civ_by_status[kRefugee];
  v[kInTransit] = civ_by_status[kTransit];
  v[kSeriesDetained] = detained_people;
  v[kFighters] = fighters_total;
  v[kFightersJnim] = fighters[0];
  v[kFightersIsgs] = fighters[1];
  v[kFightersSeparatists] = fighters[2];
  v[kPopulation] = civ_total + fighters_total + detained_people;
  v[kDeadTotal] = static_cast<double>(dead) * sc;
  v[kRefugeesMrt] = refugees_by[0];
  v[kRefugeesBfa] = refugees_by[1];
  v[kRefugeesNer] = refugees_by[2];
  v[kRefugeesDza] = refugees_by[3];
  v[kRefugeesOther] = refugees_by[4];
  const double cv = civ_total > 0 ? civ_total : 1.0;
  v[kMeanAttitude] = sa / cv;
  v[kSympathizers] = sym / cv;
  v[kMeanTrust] = st / cv;
  v[kMeanHardship] = sh / cv;
  v[kMeanFear] = sf / cv;
  v[kMeanGrievance] = sg / cv;
  const StepFlows& f = flows_;
  v[kRecruits] = f.recruits;
  v[kDefections] = f.defections;
  v[kBirths] = f.births;
  v[kNaturalDeaths] = f.natural_deaths;
  v[kAttacksForces] = f.attacks_forces;
  v[kAttacksCivilians] = f.attacks_civilians;
  v[kIeds] = f.ieds;
  v[kReprisals] = f.reprisals;
  v[kKidnappings] = f.kidnappings;
  v[kCiviliansByGroups] = f.civilians_by_groups;
  v[kCiviliansByState] = f.civilians_by_state;
  v[kForcesKilled] = f.forces_killed;
  v[kFightersKilled] = f.fighters_killed;
  v[kOperations] = f.operations;
  v[kSuccessfulOperations] = f.successful_operations;
  v[kRaids] = f.raids;
  v[kAirStrikes] = f.air_strikes;
  v[kClashes] = f.clashes;
  v[kArrestsTrue] = f.arrests_true;
  v[kArrestsFalse] = f.arrests_false;
  double tippers = 0;
  for (std::size_t c = 0; c < n; ++c) tippers += tippers_[c] * sc;
  v[kTips] = tippers;
  v[kAbuses] = f.abuses;
  v[kNewDisplacements] = f.new_displacements;
  v[kReturns] = f.returns;
  v[kCrossings] = f.crossings;
  v[kInterdictions] = f.interdictions;
  const double hp = home_pop > 0 ? home_pop : 1.0;
  v[kControlPopulation] = control_pop / hp;
  v[kControlArea] = home_area > 0 ? control_area / home_area : 0.0;
  v[kStatePresence] = presence / hp;
  double troops = 0;
  for (const Unit& u : units_) troops += u.troops;
  v[kTroops] = troops;
  v[kSecurity] = security / hp;
  v[kGovernance] = governance / hp;
  v[kCohesion] = 1.0 - v[kSympathizers];
  v[kNonDisplacement] =
      v[kPopulation] > 0 ? 1.0 - (v[kIdps] + v[kRefugees] + v[kInTransit]) / v[kPopulation] : 1.0;
  v[kStability] = std::pow(
      std::max(0.0, v[kSecurity] * v[kGovernance] * v[kCohesion] * v[kNonDisplacement]), 0.25);
  v[kAidDelivered] = f.aid_delivered;
  v[kAidBlocked] = f.aid_blocked;
  double reach = 0;
  for (std::size_t c = 0; c < n; ++c) reach += cve_reach_[c] * civ_[c] * sc;
  v[kCveReach] = reach / cv;
  double total = 0;
  for (std::size_t k = 0; k < kCostGroups; ++k) {
    v[kCostFirst + k] = f.cost[k];
    total += f.cost[k];
  }
  v[kCostTotal] = total;
}

void World::measure(std::span<double> out) const {
  std::copy(national_.begin(), national_.end(), out.begin());
}

void World::measure_regional(std::span<double> out) const {
  // regional_ holds every geography region, 0 (outside) included; the output skips 0.
  const std::size_t all = geo_.regions.size(), R = all - 1;
  for (std::size_t k = 0; k < kRegionalCount; ++k) {
    for (std::size_t r = 0; r < R; ++r) out[k * R + r] = regional_[k * all + r + 1];
  }
}

void World::draw_map(std::size_t map, MapBuffer& out) const {
  const std::size_t n = sz(cells_);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (std::size_t c = 0; c < n; ++c) {
    const double sc = s_.scale;
    const double fc = (fighters_[0][c] + fighters_[1][c] + fighters_[2][c]) * sc;
    const auto mean = [&](const std::vector<double>& sum) {
      return civ_[c] > 0 ? static_cast<float>(sum[c] / civ_[c]) : nan;
    };
    switch (map) {
      case kMapPopulation:
        out.f32[c] = static_cast<float>(pop_[c] * sc);
        break;
      case kMapFighters:
        out.f32[c] = static_cast<float>(fc);
        break;
      case kMapAttitude:
        out.f32[c] = mean(sum_attitude_);
        break;
      case kMapTrust:
        out.f32[c] = mean(sum_trust_);
        break;
      case kMapInsecurity:
        out.f32[c] = static_cast<float>(insecurity_[c]);
        break;
      case kMapPresence:
        out.f32[c] = static_cast<float>(presence_[c]);
        break;
      case kMapControl: {
        std::uint8_t code = 0;
        if (geo_.country[c] != 0 && pop_[c] > 0) {
          code = 1;
          double best = presence_[c];
          for (std::size_t g = 0; g < kGroups; ++g) {
            if (influence_[g][c] > best) {
              best = influence_[g][c];
              code = static_cast<std::uint8_t>(2 + g);
            }
          }
        }
        out.u8[c] = code;
        break;
      }
      case kMapIdps:
        out.f32[c] = static_cast<float>(idps_here_[c] * sc);
        break;
      case kMapServices:
        out.f32[c] = static_cast<float>(services_[c]);
        break;
      default:
        break;
    }
  }
}

void World::persist(StateArchive& ar) {
  ar.section("sahel");
  ar.expect(cells_, "the grid");
  ar.expect(destinations_.size(), "the destinations of displacement");
  persons_.persist(ar);
  ar.section("cells");
  ar(base_presence_, attitude_prev_, uncertainty_prev_, located_, index_, initial_agents_,
     births_total_);
  ar(pop_, civ_, sympathizers_, idps_here_, tippers_, majority_, fighters_);
  ar(sum_attitude_, sum_trust_, sum_hardship_, sum_fear_);
  ar(presence_, protection_, services_, projects_, insecurity_, intel_, access_, blocked_, aid_pc_,
     youth_opp_, cve_reach_, dialogue_, ddr_, shadow_, influence_);
  ar(state_harm_, abuse_, violence_, deaths_step_, new_displaced_, tension_);
  ar.section("forces");
  ar(units_, next_unit_id_, treasury_, pay_pull_);
  ar.section("indicators");
  ar(season_, step_, victim_draws_, flows_, national_, regional_, status_people_, group_people_,
     dead_total_);
}

Footprint World::footprint() const {
  Footprint f;
  f.agents = persons_.size();
  f.bytes_per_agent = persons_.bytes_per_agent() + 3 * sizeof(float) + 2 * sizeof(std::int32_t);
  f.bytes_total = f.agents * f.bytes_per_agent + sz(cells_) * 40 * sizeof(double);
  return f;
}

std::string World::check_state() const {
  std::ostringstream out;
  const auto bad = [](float x, float lo, float hi) { return !(x >= lo && x <= hi); };
  for (std::size_t i = 0; i < persons_.size(); ++i) {
    const auto st = (*status_)[i];
    const auto id = persons_.id(i);
    if (st >= kStatuses) out << "person " << id << ": status " << int{st} << "\n";
    if (bad((*hardship_)[i], 0, 1) || bad((*trust_)[i], 0, 1) || bad((*fear_)[i], 0, 1) ||
        bad((*risk_)[i], 0, 1) || bad((*attitude_)[i], -1, 1) || bad((*uncertainty_)[i], 0, 2) ||
        bad((*victim_)[i], 0, 1)) {
      out << "person " << id << ": a state variable out of range or NaN\n";
    }
    if ((st == kFighter) != ((*group_)[i] != kNoGroup) && st != kDetained && st != kDead) {
      out << "person " << id << ": status " << kStatusNames[st] << " with group "
          << int{(*group_)[i]} << "\n";
    }
    if (st != kDead && ((*cell_)[i] < 0 || (*cell_)[i] >= cells_)) {
      out << "person " << id << ": cell " << (*cell_)[i] << "\n";
    }
  }
  for (std::size_t c = 0; c < sz(cells_); ++c) {
    for (double x : {presence_[c], services_[c], intel_[c], insecurity_[c]}) {
      if (!std::isfinite(x) || x < 0) out << "cell " << c << ": a field is negative or NaN\n";
    }
  }
  for (const Unit& u : units_) {
    if (!(u.troops >= 0 && u.troops <= u.nominal + 1e-9)) out << "unit " << u.id << ": troops\n";
  }
  return out.str();
}

}  // namespace sahelsim::sahel
