// The Sahel model's persons: the parallel kernel (SAHEL_MODEL §3 step 8), the apply phase
// (step 9) and the schedule.
#include <algorithm>
#include <cmath>

#include "core/parallel.hpp"
#include "geo/lattice.hpp"
#include "geo/routing.hpp"
#include "outputs.hpp"
#include "world.hpp"

namespace sahelsim::sahel {

namespace {}  // namespace

void World::schedule(Schedule& schedule) {
  schedule.guard(persons_);
  schedule.serial("environment", [this](StepContext& c) { environment(c.step); });
  schedule.serial("fields", [this](StepContext&) { fields(); });
  schedule.serial("security", [this](StepContext& c) { security(c); });
  schedule.serial("armed_groups", [this](StepContext& c) { armed_groups(c); });
  schedule.serial("aid", [this](StepContext&) { aid(); });
  schedule.parallel(
      "persons", [this] { return persons_.size(); }, 4096,
      [this](const StepContext& c, std::size_t b, std::size_t e) { persons_kernel(c.step, b, e); });
  schedule.serial("apply", [this](StepContext& c) { apply(c); });
  schedule.serial("indicators", [this](StepContext&) { indicators(); });
}

void World::persons_kernel(std::int64_t step, std::size_t begin, std::size_t end) {
  const auto& q = s_.policy;
  const double sc = s_.scale;
  const auto ustep = static_cast<std::uint64_t>(step);
  for (std::size_t i = begin; i < end; ++i) {
    auto& intent = (*intent_)[i];
    intent = kNone;
    const auto status = (*status_)[i];
    if (status == kDead) continue;
    Draws d(seed_, kStreamPersons.id, ustep, static_cast<std::uint64_t>(persons_.id(i)));
    float& a = (*attitude_)[i];
    float& u = (*uncertainty_)[i];
    auto& timer = (*timer_)[i];
    if (status == kDetained) {
      // Detention: radicalisation in bad conditions, moderation by rehabilitation.
      const double rad =
          s_.detention_radicalisation * (1.0 - q.detention_conditions) * (1.0 - q.rehabilitation);
      double av = a + rad * (1.0 - a) / 2.0 - q.rehabilitation * s_.moderation_rate * (a + 0.5);
      a = f32(std::clamp(av, -1.0, 1.0));
      if (timer > 0) --timer;
      if (timer == 0) intent = kRelease;
      continue;
    }
    if (status == kTransit) {
      if (timer > 0) --timer;
      if (timer == 0) intent = kArrive;
      continue;
    }
    const auto c = sz((*cell_)[i]);
    const bool youth = ((*flags_)[i] & kYouth) != 0;
    (*flags_)[i] &= static_cast<std::uint8_t>(~kTipped);
    const auto liv = (*livelihood_)[i];
    const bool displaced = status == kIdp || status == kRefugee;
    const double insec = insecurity_[c];
    const double people_here = std::max(pop_[c] * sc, sc);
    const bool saharan =
        geo_.biome[sz((*home_cell_)[i])] == static_cast<std::uint8_t>(Biome::saharan);

    // Hardship.
    const bool land = liv == kFarmer || liv == kHerder;
    double h_target = s_.hardship_base + (saharan ? s_.hardship_saharan : 0.0) +
                      (liv == kUrban ? s_.hardship_urban : 0.0) +
                      (land ? s_.lean_season * season_ + s_.drought : 0.0) +
                      s_.violence_hardship * insec + (displaced ? s_.displaced_hardship : 0.0) -
                      s_.hardship_aid * (1.0 - std::exp(-aid_pc_[c] / s_.aid_half)) -
                      s_.hardship_services * services_[c] -
                      (youth ? s_.hardship_jobs * youth_opp_[c] : 0.0) -
                      s_.hardship_shadow * shadow_[c];
    h_target = std::clamp(h_target, 0.0, 1.0);
    float& H = (*hardship_)[i];
    H = f32(std::clamp(H + s_.hardship_rate * (h_target - H), 0.0, 1.0));
    // Fear.
    float& F = (*fear_)[i];
    const double f_target = std::min(1.0, s_.fear_gain * insec);
    F = f32(std::clamp(F + s_.fear_rate * (f_target - F), 0.0, 1.0));
    // Victimization by state forces, seen in the cell (kin and neighbours).
    float& V = (*victim_)[i];
    const double harm = (state_harm_[c] + s_.abuse_weight * abuse_[c]) / people_here;
    V = f32(std::clamp(V * s_.victim_decay + s_.kin_reach * harm, 0.0, 1.0));
    // Trust.
    float& T = (*trust_)[i];
    const double t_target =
        s_.trust_initial - (saharan ? s_.north_trust_gap * (1.0 - q.inclusion) : 0.0) +
        s_.trust_presence * presence_[c] + s_.trust_protection * protection_[c] +
        s_.trust_services * (services_[c] - 0.4) +
        s_.trust_engagement * q.engagement * presence_[c] - s_.trust_harm * V -
        s_.corruption * (1.0 - q.anti_corruption) + s_.legitimacy_shift;
    T = f32(std::clamp(T + s_.trust_rate * (std::clamp(t_target, 0.0, 1.0) - T), 0.0, 1.0));
    const double G = H * (1.0 - T) + V;

    // Attitude: relative agreement with one peer of the cell (previous step's values).
    const auto peers = index_.agents(static_cast<std::int32_t>(c));
    if (peers.size() > 1) {
      const auto j = sz(peers[sz(static_cast<std::int64_t>(d.below(peers.size())))]);
      if (j != i) {
        const double aj = attitude_prev_[j], uj = uncertainty_prev_[j];
        const double overlap = std::min(double{a} + u, aj + uj) - std::max(double{a} - u, aj - uj);
        if (overlap > uj) {
          const double rel = overlap / uj - 1.0;
          a = f32(a + s_.mu * rel * (aj - a));
          u = f32(u + s_.mu * rel * (uj - u));
        }
      }
    }
    // Propaganda where groups are present, pulled by grievance; shadow governance helps it.
    double pull = shadow_[c];
    for (std::size_t g = 0; g < kGroups; ++g) pull += influence_[g][c] * s_.groups[g].propaganda;
    double av = a + s_.propaganda_rate * std::min(pull, 1.0) * G * (1.0 - a) / 2.0;
    // Moderation: CVE (weighted to youth by the youth focus), dialogue, engagement.
    const double youth_weight = youth ? 1.0 + q.cve_youth_focus : 1.0 - q.cve_youth_focus;
    const double moderation =
        s_.moderation_rate * (s_.cve_effect * (cve_reach_[c] * youth_weight + dialogue_[c]) +
                              q.engagement * presence_[c]);
    if (av > -0.5) av -= std::min(1.0, moderation) * (av + 0.5);
    a = f32(std::clamp(av, -1.0, 1.0));
    u = f32(std::clamp(double{u}, 0.01, 2.0));

    if (status == kFighter) {
      const auto g = (*group_)[i];
      const double p_defect = s_.defect_rate * (1.0 - a) * (1.0 + ddr_[c]);
      if (d.uniform() < p_defect) {
        intent = kDefect;
        continue;
      }
      if (!home_[c] && d.uniform() < s_.havens_arrest * q.extradition * q.partner_sharing) {
        intent = kArrestAbroad;
        continue;
      }
      if (d.uniform() < s_.move_rate) {
        // A random cell within move_km; move if it is better for the group.
        const double r = s_.move_km / km_per_cell_ * std::sqrt(d.uniform());
        const double angle = 2.0 * 3.141592653589793 * d.uniform();
        const int x = static_cast<int>(c % sz(std::int64_t{geo_.width})) +
                      static_cast<int>(std::lround(r * std::cos(angle)));
        const int y = static_cast<int>(c / sz(std::int64_t{geo_.width})) +
                      static_cast<int>(std::lround(r * std::sin(angle)));
        if (x >= 0 && y >= 0 && x < geo_.width && y < geo_.height) {
          const auto to = sz(std::int64_t{y} * geo_.width + x);
          const auto value = [&](std::size_t cc) {
            const double sym = civ_[cc] > 0 ? double(sympathizers_[cc]) / civ_[cc] : 0.0;
            return influence_[g][cc] + sym - presence_[cc] - intel_[cc] +
                   (civ_[cc] > 0 ? s_.population_pull : 0.0);
          };
          if (geo_.country[to] != 0 && to != c && value(to) > value(c)) {
            intent = kMove;
            (*arg_)[i] = static_cast<std::int32_t>(to);
          }
        }
      }
      continue;
    }

    // Civilians (resident, IDP, refugee).
    double presence_of_groups = 0;
    for (std::size_t g = 0; g < kGroups; ++g) presence_of_groups += influence_[g][c];
    // Demography.
    if (s_.demography) {
      const double x = d.uniform();
      if (x < s_.death_rate / 52.0) {
        intent = kDie;
        continue;
      }
      if (x < (s_.death_rate + s_.birth_rate) / 52.0) intent = kBirth;
    }
    // Tips to the state.
    if (a < 0 && presence_of_groups > 0.05 && status != kRefugee) {
      const double p_tip = s_.tip_rate * T * (1.0 - F) * (0.5 + 0.5 * presence_[c]) *
                           (1.0 + q.informants) * (1.0 + 0.5 * q.engagement);
      if (d.uniform() < p_tip) (*flags_)[i] |= kTipped;
    }
    // Recruitment (Epstein's rule with net risk from state presence).
    const double risk = 1.0 - std::exp(-s_.arrest_risk * presence_[c]);
    if (a > s_.recruit_attitude && G - (*risk_)[i] * risk > s_.recruit_threshold) {
      std::array<double, kGroups> w{};
      double total = 0;
      for (std::size_t g = 0; g < kGroups; ++g) {
        const GroupSettings& gs = s_.groups[g];
        w[g] =
            influence_[g][c] * (gs.affinity == (*ethnicity_)[i] ? 2.0 : 1.0) * (1.0 + pay_pull_[g]);
        total += w[g];
      }
      const double p =
          s_.recruit_rate * (youth ? 1.0 : 1.0 / s_.youth_factor) * std::min(1.0, total);
      if (total > 0 && d.uniform() < p) {
        double x = d.uniform() * total;
        std::size_t pick = 0;
        for (std::size_t g = 0; g < kGroups; ++g) {
          pick = g;
          if (x < w[g]) break;
          x -= w[g];
        }
        intent = kRecruit;
        (*arg_)[i] = static_cast<std::int32_t>(pick);
        continue;
      }
    }
    // Displacement (Flee-style destination choice) and return.
    auto& safe = (*safe_)[i];
    if (displaced) {
      const auto home = sz((*home_cell_)[i]);
      safe = insecurity_[home] < s_.return_threshold
                 ? static_cast<std::uint16_t>(std::min(safe + 1, 65535))
                 : std::uint16_t{0};
      if (safe >= s_.return_weeks && d.uniform() < s_.return_rate) {
        intent = kReturn;
        const double dist = cell_km(static_cast<std::int32_t>(c), static_cast<std::int32_t>(home));
        timer = static_cast<std::uint16_t>(std::max(1.0, std::ceil(dist / s_.travel_km)));
        continue;
      }
    }
    if (status == kRefugee) continue;
    const double danger = insec + 0.5 * F;
    if (danger > s_.flee_threshold * (1.5 - (*risk_)[i]) && d.uniform() < s_.flee_rate) {
      double total = 0;
      const std::size_t nd = destinations_.size();
      std::array<double, 256> w{}, dist{};
      const std::size_t used = std::min<std::size_t>(nd, w.size());
      for (std::size_t k = 0; k < used; ++k) {
        const Destination& dst = destinations_[k];
        if (sz(dst.cell) == c) continue;
        dist[k] = geo::haversine_km(cell_lon_[c], cell_lat_[c], dst.lon, dst.lat);
        double score = dst.camp ? s_.camp_weight : 1.0;
        if (insecurity_[sz(dst.cell)] > s_.return_threshold) score *= s_.conflict_weight;
        if (majority_[sz(dst.cell)] == (*ethnicity_)[i]) score *= s_.kin_weight;
        w[k] = geo::route_weight(score, dist[k], s_.distance_scale_km);
        total += w[k];
      }
      if (total > 0) {
        const std::size_t pick = geo::draw_weighted(std::span(w.data(), used), d.uniform());
        intent = kFlee;
        (*dest_)[i] = destinations_[pick].cell;
        timer = static_cast<std::uint16_t>(std::max(1.0, std::ceil(dist[pick] / s_.travel_km)));
        safe = 0;
      }
    }
  }
}

void World::apply(StepContext& context) {
  const auto& q = s_.policy;
  const double sc = s_.scale;
  const auto step = static_cast<std::uint64_t>(context.step);
  // Border troops this step: units guarding the border.
  double border_troops = 0;
  for (const Unit& u : units_) {
    if (u.mission == kBorder) border_troops += u.troops;
  }
  const double p_interdict =
      q.border * (0.3 + 0.7 * (1.0 - std::exp(-border_troops / (5.0 * s_.presence_troops))));
  std::vector<double> returned(sz(cells_), 0.0);
  const std::size_t n = persons_.size();
  for (std::size_t i = 0; i < n; ++i) {
    const auto intent = (*intent_)[i];
    if (intent == kNone) continue;
    auto& status = (*status_)[i];
    switch (intent) {
      case kRecruit:
        status = kFighter;
        (*group_)[i] = static_cast<std::uint8_t>((*arg_)[i]);
        flows_.recruits += sc;
        break;
      case kFlee: {
        const auto from = sz((*cell_)[i]);
        status = kTransit;
        (*flags_)[i] &= static_cast<std::uint8_t>(~kReturning);
        new_displaced_[from] += sc;
        flows_.new_displacements += sc;
        break;
      }
      case kReturn:
        status = kTransit;
        (*dest_)[i] = (*home_cell_)[i];
        (*flags_)[i] |= kReturning;
        break;
      case kArrive: {
        const std::int32_t to = (*dest_)[i];
        (*cell_)[i] = to;
        if ((*flags_)[i] & kReturning) {
          status = kResident;
          (*flags_)[i] &= static_cast<std::uint8_t>(~kReturning);
          flows_.returns += sc;
          returned[sz(to)] += sc;
        } else {
          status = home_[sz(to)] ? kIdp : kRefugee;
        }
        (*safe_)[i] = 0;
        break;
      }
      case kArrestAbroad:
        detain(i, s_.sentence_weeks);
        flows_.arrests_true += sc;
        break;
      case kRelease:
        (*cell_)[i] = (*home_cell_)[i];
        if ((*group_)[i] != kNoGroup && (*attitude_)[i] > s_.recruit_attitude) {
          status = kFighter;  // rejoins
        } else {
          status = kResident;
          (*group_)[i] = kNoGroup;
        }
        break;
      case kMove: {
        const std::int32_t to = (*arg_)[i];
        const std::int32_t from = (*cell_)[i];
        if (home_[sz(from)] != home_[sz(to)]) {
          Draws d(seed_, kStreamApply.id, step, static_cast<std::uint64_t>(persons_.id(i)));
          if (d.uniform() < p_interdict) {
            detain(i, s_.sentence_weeks);
            flows_.interdictions += sc;
            context.events->emit({context.step, kEvInterdiction, to, -1, persons_.id(i),
                                  static_cast<std::int32_t>(sc)});
            break;
          }
          flows_.crossings += sc;
        }
        (*cell_)[i] = to;
        break;
      }
      case kDefect:
        status = kResident;
        (*group_)[i] = kNoGroup;
        (*cell_)[i] = (*home_cell_)[i];
        (*victim_)[i] *= 0.5f;
        flows_.defections += sc;
        break;
      case kDie:
        status = kDead;
        flows_.natural_deaths += sc;
        break;
      case kBirth: {
        // create() may move every column: nothing of slot i is held by reference across it.
        const std::uint8_t mother = status;
        const std::size_t b = persons_.create(1);
        (*cell_)[b] = (*cell_)[i];
        (*home_cell_)[b] = mother == kResident ? (*cell_)[i] : (*home_cell_)[i];
        (*status_)[b] = mother == kResident || mother == kIdp || mother == kRefugee
                            ? mother
                            : std::uint8_t{kResident};
        (*ethnicity_)[b] = (*ethnicity_)[i];
        (*livelihood_)[b] = (*livelihood_)[i];
        (*hardship_)[b] = (*hardship_)[i];
        (*trust_)[b] = (*trust_)[i];
        (*attitude_)[b] = f32(s_.attitude_mean);
        (*uncertainty_)[b] = f32(s_.uncertainty);
        Draws d(seed_, kStreamApply.id, step, static_cast<std::uint64_t>(persons_.id(b)));
        (*risk_)[b] = f32(d.uniform());
        ++births_total_;
        flows_.births += sc;
        break;
      }
      default:
        break;
    }
  }
  // Displacement and return waves: cells that lost or gained many people this step.
  for (std::int32_t c = 0; c < cells_; ++c) {
    if (new_displaced_[sz(c)] >= s_.wave_people) {
      context.events->emit({context.step, kEvDisplacementWave, c, -1, -1,
                            static_cast<std::int32_t>(new_displaced_[sz(c)])});
    }
    if (returned[sz(c)] >= s_.wave_people) {
      context.events->emit(
          {context.step, kEvReturnWave, c, -1, -1, static_cast<std::int32_t>(returned[sz(c)])});
    }
  }
}

}  // namespace sahelsim::sahel
