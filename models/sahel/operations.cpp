// The Sahel model's actors: environment, security force units, armed groups, aid.
#include <algorithm>
#include <cmath>

#include "geo/lattice.hpp"
#include "outputs.hpp"
#include "world.hpp"

namespace sahelsim::sahel {

namespace {

constexpr double kWeeksPerYear = 52.0;

bool civilian(std::uint8_t status) {
  return status == kResident || status == kIdp || status == kRefugee || status == kTransit;
}

}  // namespace

// ---- Helpers --------------------------------------------------------------------------------

void World::note_violence(std::int32_t cell, double people) {
  if (people <= 0) return;
  const auto c = sz(cell);
  const double residents = std::max(pop_[c] * s_.scale, s_.insecurity_people);
  insecurity_[c] += s_.insecurity_gain * people / residents;
  deaths_step_[c] += people;
}

void World::detain(std::size_t slot, double weeks) {
  (*status_)[slot] = kDetained;
  (*timer_)[slot] = static_cast<std::uint16_t>(std::clamp(std::lround(weeks), 1L, 65535L));
}

std::vector<std::int32_t> World::pick_in_cell(std::int32_t cell, double people, Pick pick,
                                              std::uint8_t group, Draws& d) {
  std::vector<std::int32_t> eligible;
  if (people <= 0 || cell < 0) return eligible;
  const std::int64_t want = agents_for(people, d.uniform());
  if (want <= 0) return eligible;
  for (const std::int32_t slot : index_.agents(cell)) {
    const auto i = sz(slot);
    const auto st = (*status_)[i];
    bool ok = false;
    switch (pick) {
      case Pick::fighters:
        ok = st == kFighter && (group == kNoGroup || (*group_)[i] == group);
        break;
      case Pick::civilians:
        ok = civilian(st);
        break;
      case Pick::informers:
        ok = civilian(st) && ((*flags_)[i] & kTipped);
        break;
      case Pick::arrestable:
        ok = st == kResident || st == kIdp;
        break;
    }
    if (ok) eligible.push_back(slot);
  }
  // A partial Fisher-Yates shuffle: the first k are a uniform random sample.
  const auto k = std::min<std::size_t>(eligible.size(), sz(want));
  for (std::size_t j = 0; j < k; ++j) {
    std::swap(eligible[j], eligible[j + d.below(eligible.size() - j)]);
  }
  eligible.resize(k);
  return eligible;
}

double World::kill_in_cell(std::int32_t cell, double people, std::uint64_t step, Pick pick,
                           std::uint8_t group) {
  Draws d(seed_, kStreamVictims.id, step, ++victim_draws_);
  const auto victims = pick_in_cell(cell, people, pick, group, d);
  for (const std::int32_t slot : victims) (*status_)[sz(slot)] = kDead;
  const double killed = static_cast<double>(victims.size()) * s_.scale;
  note_violence(cell, killed);
  return killed;
}

double World::arrest_in_cell(std::int32_t cell, double people, std::uint64_t step, Pick pick) {
  Draws d(seed_, kStreamVictims.id, step, ++victim_draws_);
  const auto arrested = pick_in_cell(cell, people, pick, kNoGroup, d);
  const auto& q = s_.policy;
  for (const std::int32_t slot : arrested) {
    const auto i = sz(slot);
    if (pick == Pick::fighters) {
      // Prosecution: convicted with a probability rising with due process.
      const bool convicted =
          d.uniform() < s_.conviction_base + s_.conviction_due_process * q.due_process;
      detain(i, convicted ? s_.sentence_weeks : s_.pretrial_weeks);
    } else {
      detain(i, s_.pretrial_weeks * (1.5 - q.due_process));
      (*victim_)[i] = std::min(1.0f, (*victim_)[i] + static_cast<float>(s_.abuse_weight));
    }
  }
  return static_cast<double>(arrested.size()) * s_.scale;
}

double World::precision_at(const Unit& unit, std::int32_t cell) const {
  const OwnerSettings& os = s_.owners[unit.owner];
  const bool national = unit.owner == kArmy || unit.owner == kPolice || unit.owner == kJoint ||
                        unit.owner == kMilitia;
  const double base =
      os.precision +
      (national ? (1.0 - os.precision) * s_.training_precision * s_.policy.training : 0.0);
  const double used = intel_[sz(cell)] * (0.5 + 0.5 * s_.policy.coordination);
  return std::clamp(base * used, 0.0, 1.0);
}

// ---- Environment ----------------------------------------------------------------------------

void World::environment(std::int64_t step) {
  step_ = step;
  victim_draws_ = 0;
  flows_ = StepFlows{};
  season_ = 0;
  if (calendar_) {
    const std::chrono::year_month_day day{calendar_->date_after(step)};
    const unsigned month = static_cast<unsigned>(day.month());
    season_ = month >= 6 && month <= 8 ? 1.0 : 0.0;
  }
  for (std::size_t c = 0; c < sz(cells_); ++c) {
    insecurity_[c] *= s_.insecurity_decay;
    state_harm_[c] = abuse_[c] = violence_[c] = deaths_step_[c] = new_displaced_[c] = 0;
    tension_[c] *= s_.tension_decay;
    shadow_[c] *= s_.shadow_decay;
  }
  for (Unit& u : units_) u.troops += s_.replenish * (u.nominal - u.troops);
}

// ---- Security forces ------------------------------------------------------------------------

void World::security(StepContext& context) {
  const auto step = static_cast<std::uint64_t>(context.step);
  const auto& q = s_.policy;
  // Cells with fighters the state may know of.
  std::vector<std::int32_t> hot;
  for (std::int32_t c = 0; c < cells_; ++c) {
    if (!home_[sz(c)]) continue;
    if (fighters_[0][sz(c)] + fighters_[1][sz(c)] + fighters_[2][sz(c)] > 0) hot.push_back(c);
  }
  const auto known = [&](std::int32_t c) {
    const auto i = sz(c);
    const double f = (fighters_[0][i] + fighters_[1][i] + fighters_[2][i]) * s_.scale;
    return f * std::max(s_.visibility, intel_[i] * (0.5 + 0.5 * q.coordination));
  };
  double sorties = 0;
  for (Unit& u : units_) {
    if (u.troops < 1) continue;
    const OwnerSettings& os = s_.owners[u.owner];
    Draws d(seed_, kStreamUnits.id, step, static_cast<std::uint64_t>(u.id));
    // Mission by owner: the army and joint force follow the posture levers.
    const bool air_capable = os.air > 0 && (static_cast<double>(u.id % 100) + 0.5) / 100.0 < os.air;
    // Mission weights: town protection and border shares of the owner; the rest by the
    // posture levers (patrol, raid, air if the unit has air support), or the owner's only
    // other mission (police: raids; UN: patrols).
    std::array<double, 5> w{};
    const double rest = std::max(0.0, 1.0 - os.protect - os.border);
    const double air = air_capable ? q.air : 0.0;
    switch (u.owner) {
      case kPolice:
        w = {0.0, rest, 0.0, 0.0, 0.0};
        break;
      case kUn:
        w = {rest, 0.0, 0.0, 0.0, 0.0};
        break;
      case kCt: {
        const double sum = q.raid + air;
        w = {0.0, sum > 0 ? rest * q.raid / sum : rest, sum > 0 ? rest * air / sum : 0.0, 0.0, 0.0};
        break;
      }
      default: {
        const double sum = q.patrol + q.raid + air;
        w = {sum > 0 ? rest * q.patrol / sum : rest, sum > 0 ? rest * q.raid / sum : 0.0,
             sum > 0 ? rest * air / sum : 0.0, 0.0, 0.0};
        break;
      }
    }
    w[kBorder] = os.border;
    w[kProtect] = os.protect;
    double wsum = w[0] + w[1] + w[2] + w[3] + w[4];
    if (wsum <= 0) w = {1, 0, 0, 0, 0}, wsum = 1;
    double pick = d.uniform() * wsum;
    u.mission = kPatrol;
    for (std::size_t m = 0; m < 5; ++m) {
      if (pick < w[m]) {
        u.mission = static_cast<Mission>(m);
        break;
      }
      pick -= w[m];
    }
    const double reach = u.mission == kAir    ? s_.air_reach_km
                         : u.mission == kRaid ? 2.0 * os.mobility_km
                                              : os.mobility_km;
    // Target: a known threat, weighed by distance.
    std::int32_t target = -1;
    if (u.mission == kPatrol || u.mission == kRaid || u.mission == kAir) {
      double total = 0;
      std::vector<std::pair<std::int32_t, double>> options;
      for (const std::int32_t c : hot) {
        const double dist = cell_km(u.cell, c);
        if (dist > reach) continue;
        const double score = known(c) / (1.0 + dist / std::max(os.mobility_km, 1.0));
        if (score <= 0) continue;
        options.emplace_back(c, score);
        total += score;
      }
      double x = d.uniform() * total;
      for (const auto& [c, score] : options) {
        target = c;
        if (x < score) break;
        x -= score;
      }
      if (target < 0 || ((u.mission == kRaid || u.mission == kAir) &&
                         known(target) * precision_at(u, target) < s_.raid_threshold)) {
        if (u.mission != kPatrol) u.mission = kPatrol;
      }
    }
    if (u.mission == kBorder) {
      // The nearest border cell of the home country within reach with the most fighters
      // around; otherwise stay.
      double best = -1;
      for (const std::int32_t c : hot) {
        if (geo_.border_km[sz(c)] > s_.border_band_km) continue;
        const double dist = cell_km(u.cell, c);
        if (dist > os.mobility_km) continue;
        const double score = known(c) / (1.0 + dist / s_.border_band_km);
        if (score > best) best = score, target = c;
      }
      if (target >= 0) u.cell = target;
      continue;
    }
    if (u.mission == kProtect) {
      u.cell = u.base;
      continue;
    }
    const std::int32_t at = target >= 0 ? target : u.base;
    if (u.mission == kPatrol) {
      // Move toward the target (or home) by at most the mobility.
      const double dist = cell_km(u.cell, at);
      if (dist <= os.mobility_km) {
        u.cell = at;
      } else {
        const double t = os.mobility_km / dist;
        const double lon = cell_lon_[sz(u.cell)] + t * (cell_lon_[sz(at)] - cell_lon_[sz(u.cell)]);
        const double lat = cell_lat_[sz(u.cell)] + t * (cell_lat_[sz(at)] - cell_lat_[sz(u.cell)]);
        const std::int32_t c = geo_.cell_at(lon, lat);
        if (c >= 0) u.cell = c;
      }
    }
    const std::int32_t cell = u.mission == kPatrol ? u.cell : at;
    const auto ci = sz(cell);
    const double fighters_here =
        (fighters_[0][ci] + fighters_[1][ci] + fighters_[2][ci]) * s_.scale;
    const double civilians = civ_[ci] * s_.scale;
    const double density = civilians / (civilians + s_.density_people);
    const double p = precision_at(u, cell);
    const double tolerance = std::min(1.0, q.collateral_tolerance + os.collateral_tolerance);
    double neutralised = 0, arrested_true = 0, killed_civ = 0, false_arrests = 0;
    std::int32_t kind = -1;
    if (u.mission == kAir) {
      kind = kEvAirStrike;
      sorties += 1;
      flows_.air_strikes += 1;
      neutralised = kill_in_cell(cell, s_.air_kill * p * fighters_here, step, Pick::fighters);
      killed_civ = kill_in_cell(
          cell, s_.collateral_rate * s_.sortie_troops * (1.0 - p) * tolerance * density, step,
          Pick::civilians);
      flows_.fighters_killed += neutralised;
    } else if (fighters_here > 0) {
      const bool raid = u.mission == kRaid;
      kind = raid ? kEvRaid : kEvClash;
      if (raid)
        flows_.raids += 1;
      else
        flows_.clashes += 1;
      // Lanchester-type attrition over part of a week; a raid's force is aimed by precision,
      // a patrol meets the fighters it finds (half as well aimed).
      const double aim = raid ? p : 0.5 + 0.5 * p;
      const double hit = std::min(fighters_here, s_.clash_rate * os.firepower * u.troops * aim);
      double fire = 0;
      for (std::size_t g = 0; g < kGroups; ++g) {
        fire += fighters_[g][ci] * s_.scale * s_.groups[g].firepower;
      }
      const double losses = std::min(u.troops, s_.clash_rate * fire * (raid ? 1.0 - 0.5 * p : 1.0));
      u.troops -= losses;
      flows_.forces_killed += losses;
      note_violence(cell, losses);
      const double arrest_share =
          u.owner == kPolice ? std::max(0.8, q.arrest_over_kill) : q.arrest_over_kill;
      arrested_true = arrest_in_cell(cell, hit * arrest_share, step, Pick::fighters);
      const double killed = kill_in_cell(cell, hit - arrested_true, step, Pick::fighters);
      flows_.fighters_killed += killed;
      neutralised = killed + arrested_true;
      killed_civ = kill_in_cell(
          cell, s_.collateral_rate * u.troops * s_.clash_rate * (1.0 - p) * tolerance * density,
          step, Pick::civilians);
      if (raid) {
        false_arrests = arrest_in_cell(cell,
                                       s_.false_arrest_rate * u.troops * (1.0 - p) *
                                           (1.0 - q.due_process) * density * (0.5 + arrest_share),
                                       step, Pick::arrestable);
      }
    }
    if (kind >= 0) {
      flows_.operations += 1;
      if (neutralised > 0) flows_.successful_operations += 1;
      context.events->emit({context.step, kind, cell, u.id, -1,
                            static_cast<std::int32_t>(std::lround(neutralised))});
    }
    flows_.arrests_true += arrested_true;
    flows_.arrests_false += false_arrests;
    flows_.civilians_by_state += killed_civ;
    state_harm_[ci] += killed_civ;
    abuse_[ci] += s_.abuse_weight * false_arrests;
    if (killed_civ > 0) {
      context.events->emit({context.step, kEvCollateral, cell, u.id, -1,
                            static_cast<std::int32_t>(std::lround(killed_civ))});
    }
    if (arrested_true > 0) {
      context.events->emit({context.step, kEvArrest, cell, u.id, -1,
                            static_cast<std::int32_t>(std::lround(arrested_true))});
    }
    if (false_arrests > 0) {
      context.events->emit({context.step, kEvFalseArrest, cell, u.id, -1,
                            static_cast<std::int32_t>(std::lround(false_arrests))});
    }
    // Abuses: rising with indiscipline and profiling, lowered by the rule of law.
    const std::int32_t here = u.cell;
    if (civ_[sz(here)] > 0) {
      const bool national = u.owner != kUn && u.owner != kCt;
      const double discipline =
          os.discipline +
          (national ? (1.0 - os.discipline) * s_.training_discipline * q.training : 0.0);
      double profiled = 0;
      for (std::size_t g = 0; g < kGroups; ++g) {
        if (s_.groups[g].affinity == majority_[sz(here)] && influence_[g][sz(here)] > 0.1) {
          profiled = 1;
        }
      }
      const double p_abuse = s_.abuse_rate * (1.0 - discipline) * (1.0 + s_.profiling * profiled) *
                             (1.0 - s_.rule_of_law_effect * q.rule_of_law);
      if (d.uniform() < p_abuse) {
        const double affected =
            std::min(civ_[sz(here)] * s_.scale, s_.abuse_people * (1.0 + profiled));
        abuse_[sz(here)] += affected * (1.0 - 0.5 * q.rule_of_law);
        tension_[sz(here)] += profiled;
        flows_.abuses += 1;
        context.events->emit({context.step, kEvAbuse, here, u.id, -1,
                              static_cast<std::int32_t>(std::lround(affected))});
      }
    }
  }
  // Costs of the forces and of the security levers (per week).
  auto& cost = flows_.cost;
  const auto& c = s_.cost;
  const auto& o = s_.owners;
  cost[0] = (o[kArmy].troops * c.soldier_year + o[kPolice].troops * c.police_year +
             o[kMilitia].troops * c.militia_year) /
            kWeeksPerYear;
  cost[1] = o[kCt].troops * c.special_soldier_year / kWeeksPerYear;
  cost[2] = sorties * c.air_sortie_weight;
  cost[3] = (q.surveillance * c.surveillance_year + q.informants * c.informants_year +
             q.partner_sharing * c.partner_sharing_year + q.coordination * c.coordination_year) /
            kWeeksPerYear;
  cost[4] = q.border * c.border_year / kWeeksPerYear;
  cost[6] = q.engagement * c.engagement_year / kWeeksPerYear;
  cost[7] = ((q.due_process + q.detention_conditions + q.rehabilitation) * c.legal_year +
             q.extradition * c.extradition_year) /
            kWeeksPerYear;
  cost[11] = (q.anti_corruption + q.rule_of_law + q.inclusion) * c.governance_year / kWeeksPerYear;
  cost[12] = (o[kUn].troops * c.peacekeeper_year + o[kJoint].troops * c.joint_soldier_year +
              q.training * c.training_year) /
             kWeeksPerYear;
}

// ---- Armed groups ---------------------------------------------------------------------------

void World::armed_groups(StepContext& context) {
  const auto step = static_cast<std::uint64_t>(context.step);
  const auto& q = s_.policy;
  // Units by cell (in unit order).
  std::vector<std::pair<std::int32_t, std::size_t>> by_cell;
  for (std::size_t k = 0; k < units_.size(); ++k) by_cell.emplace_back(units_[k].cell, k);
  std::sort(by_cell.begin(), by_cell.end());
  const auto units_at = [&](std::int32_t c) {
    auto lo = std::lower_bound(by_cell.begin(), by_cell.end(), std::pair{c, std::size_t{0}});
    std::vector<std::size_t> out;
    for (; lo != by_cell.end() && lo->first == c; ++lo) out.push_back(lo->second);
    return out;
  };
  for (int gi = 0; gi < kGroups; ++gi) {
    const auto g = sz(std::int64_t{gi});
    const GroupSettings& gs = s_.groups[g];
    double fighters_total = 0;
    for (std::int32_t c = 0; c < cells_; ++c) {
      const auto ci = sz(c);
      const double f = fighters_[g][ci] * s_.scale;
      fighters_total += f;
      if (f <= 0) continue;
      Draws d(seed_, kStreamGroups.id, step,
              static_cast<std::uint64_t>(gi) * static_cast<std::uint64_t>(cells_) + ci);
      const auto here = units_at(c);
      // Attacks on units it outnumbers.
      for (const std::size_t k : here) {
        Unit& u = units_[k];
        if (u.troops < 1 || f < s_.attack_ratio * u.troops) continue;
        if (d.uniform() >= gs.attack) continue;
        const OwnerSettings& os = s_.owners[u.owner];
        const double losses =
            std::min(u.troops, s_.clash_rate * s_.surprise_attack * gs.firepower * f);
        u.troops -= losses;
        flows_.forces_killed += losses;
        note_violence(c, losses);
        const double killed = kill_in_cell(
            c, std::min(f, s_.clash_rate * s_.surprise_defence * os.firepower * u.troops), step,
            Pick::fighters, static_cast<std::uint8_t>(gi));
        flows_.fighters_killed += killed;
        flows_.attacks_forces += 1;
        flows_.clashes += 1;
        context.events->emit({context.step, kEvAttackForces, c, gi, u.id,
                              static_cast<std::int32_t>(std::lround(losses + killed))});
      }
      // IEDs where the state operates.
      const double ieds_expected = gs.ied * f / 100.0 * (here.empty() ? presence_[ci] * 0.5 : 1.0);
      const auto ieds = static_cast<int>(std::floor(ieds_expected + d.uniform()));
      for (int k = 0; k < ieds; ++k) {
        double killed = 0;
        std::int64_t target = -1;
        if (!here.empty()) {
          Unit& u = units_[here[sz(static_cast<std::int64_t>(d.below(here.size())))]];
          const double losses = std::min(u.troops, s_.ied_lethality);
          u.troops -= losses;
          flows_.forces_killed += losses;
          note_violence(c, losses);
          killed += losses;
          target = u.id;
        }
        const double civ = kill_in_cell(c, s_.ied_civilian, step, Pick::civilians);
        flows_.civilians_by_groups += civ;
        violence_[ci] += civ;
        flows_.ieds += 1;
        context.events->emit({context.step, kEvIed, c, gi, target,
                              static_cast<std::int32_t>(std::lround(killed + civ))});
      }
      // Attacks on civilians where sympathy is low.
      const double sympathy = civ_[ci] > 0 ? double(sympathizers_[ci]) / civ_[ci] : 1.0;
      const double attacks_expected = gs.civilians * f / 100.0 * (1.0 - sympathy) *
                                      (1.0 + tension_[ci]) * (civ_[ci] > 0 ? 1.0 : 0.0);
      const auto attacks = static_cast<int>(std::floor(attacks_expected + d.uniform()));
      for (int k = 0; k < attacks; ++k) {
        const double civ = kill_in_cell(c, s_.attack_lethality, step, Pick::civilians);
        flows_.civilians_by_groups += civ;
        violence_[ci] += civ;
        flows_.attacks_civilians += 1;
        context.events->emit({context.step, kEvAttackCivilians, c, gi, -1,
                              static_cast<std::int32_t>(std::lround(civ))});
      }
      // Reprisals against informers.
      const double tips = tippers_[ci] * s_.scale;
      if (tips > 0) {
        const double killed =
            kill_in_cell(c, s_.reprisal_rate * tips * influence_[g][ci], step, Pick::informers);
        if (killed > 0) {
          flows_.civilians_by_groups += killed;
          violence_[ci] += killed;
          flows_.reprisals += 1;
          context.events->emit({context.step, kEvReprisal, c, gi, -1,
                                static_cast<std::int32_t>(std::lround(killed))});
        }
      }
      // Kidnapping of aid workers where aid is delivered.
      if (aid_pc_[ci] > 0 && influence_[g][ci] > s_.kidnap_influence &&
          d.uniform() < gs.kidnap * influence_[g][ci] * (1.0 - 0.5 * q.neutrality)) {
        blocked_[ci] = 1.0;
        flows_.kidnappings += 1;
        context.events->emit({context.step, kEvKidnapping, c, gi, -1, 1});
      }
      // Taxes and shadow governance where it outweighs the state.
      if (influence_[g][ci] > presence_[ci]) {
        treasury_[g] += gs.tax * pop_[ci] * s_.scale * influence_[g][ci] / kWeeksPerYear / 1e6;
        shadow_[ci] = std::max(shadow_[ci], gs.governance * influence_[g][ci]);
      }
    }
    // Pay, and how well the group can pay (it draws recruits, see persons.cpp).
    const double wages = fighters_total * s_.pay / kWeeksPerYear;
    pay_pull_[g] = wages > 0 ? std::min(1.0, treasury_[g] / wages) : (treasury_[g] > 0 ? 1.0 : 0.0);
    treasury_[g] = std::max(0.0, treasury_[g] - wages);
  }
}

// ---- Aid ------------------------------------------------------------------------------------

void World::aid() {
  const auto& q = s_.policy;
  const std::size_t n = sz(cells_);
  const double keep = s_.kidnap_block_weeks > 0 ? std::exp(-1.0 / s_.kidnap_block_weeks) : 0.0;
  double need_h = 0, need_r = 0, need_y = 0, need_p = 0, need_f = 0;
  std::vector<double> h(n, 0.0), rr(n, 0.0), y(n, 0.0), pp(n, 0.0), ff(n, 0.0);
  for (std::size_t c = 0; c < n; ++c) {
    blocked_[c] *= keep;
    const double a =
        std::max(0.0, 1.0 - insecurity_[c] * (1.0 - 0.5 * q.neutrality) / s_.access_insecurity);
    access_[c] = q.access_rule ? a * (1.0 - blocked_[c]) : 1.0;
    if (!home_[c] || pop_[c] == 0) continue;
    const double people = civ_[c] * s_.scale;
    const double hardship = civ_[c] > 0 ? sum_hardship_[c] / civ_[c] : 0.0;
    h[c] = people * hardship + idps_here_[c] * s_.scale;
    rr[c] = people * (1.0 - services_[c]);
    y[c] = people * s_.youth_share * hardship;
    pp[c] = people;
    ff[c] = (fighters_[0][c] + fighters_[1][c] + fighters_[2][c]) * s_.scale;
    need_h += h[c];
    need_r += rr[c];
    need_y += y[c];
    need_p += pp[c];
    need_f += ff[c];
  }
  // Each budget goes to cells by need; the share of cells without access is not delivered.
  const double week_h = q.humanitarian / 52.0, week_r = q.reconstruction / 52.0,
               week_y = (q.education + q.vocational + q.jobs) / 52.0, week_d = q.dialogue / 52.0,
               week_f = q.reintegration / 52.0;
  double delivered = 0;
  double cve_people = 0, people_total = 0;
  for (std::size_t c = 0; c < n; ++c) {
    aid_pc_[c] = youth_opp_[c] = dialogue_[c] = ddr_[c] = cve_reach_[c] = 0;
    if (!home_[c] || pop_[c] == 0) continue;
    const double people = std::max(civ_[c] * s_.scale, 1.0);
    const double ac = access_[c];
    if (need_h > 0 && week_h > 0) {
      const double spend = week_h * h[c] / need_h * ac;
      aid_pc_[c] = spend * 1e6 / people;
      delivered += spend;
    }
    if (need_r > 0 && week_r > 0) {
      const double spend = week_r * rr[c] / need_r * ac;
      projects_[c] += spend * (q.schools + q.clinics);
      base_presence_[c] = std::min(
          1.0, base_presence_[c] + spend * q.governance_share * 1e6 / (people * s_.service_cost));
      delivered += spend;
    }
    if (need_y > 0 && week_y > 0) {
      const double spend = week_y * y[c] / need_y * ac;
      const double youth = std::max(people * s_.youth_share, 1.0);
      youth_opp_[c] = 1.0 - std::exp(-spend * 1e6 * 52.0 / (youth * s_.jobs_cost));
      delivered += spend;
    }
    if (need_p > 0 && week_d > 0) {
      const double spend = week_d * pp[c] / need_p * ac;
      dialogue_[c] = 1.0 - std::exp(-spend * 1e6 * 52.0 / (people * s_.dialogue_cost));
      delivered += spend;
    }
    if (need_f > 0 && week_f > 0 && ff[c] > 0) {
      const double spend = week_f * ff[c] / need_f * ac;
      ddr_[c] = spend * 1e6 * 52.0 / (ff[c] * s_.ddr_cost);
      delivered += spend;
    }
    // Projects mature into services; services wear, faster under insecurity.
    const double matured = projects_[c] / s_.project_weeks;
    projects_[c] -= matured;
    services_[c] = std::clamp(services_[c] + matured * 1e6 / (people * s_.service_cost) -
                                  s_.service_decay * (1.0 + insecurity_[c]) * services_[c],
                              0.0, 1.0);
    // CVE reach in the programme's regions.
    const bool covered = q.cve_regions.empty() ||
                         std::find(q.cve_regions.begin(), q.cve_regions.end(), geo_.region[c]) !=
                             q.cve_regions.end();
    if (covered) {
      cve_reach_[c] = q.cve_coverage * ac;
      cve_people += people;
    }
    people_total += people;
  }
  const double budget = week_h + week_r + week_y + week_d + week_f;
  flows_.aid_delivered = delivered;
  flows_.aid_blocked = std::max(0.0, budget - delivered);
  auto& cost = flows_.cost;
  cost[5] = q.cve_coverage * s_.cost.cve_year * (people_total > 0 ? cve_people / people_total : 0) /
            kWeeksPerYear;
  cost[8] = week_h;
  cost[9] = week_r;
  cost[10] = week_y + week_d;
  cost[13] = week_f;
}

}  // namespace sahelsim::sahel
