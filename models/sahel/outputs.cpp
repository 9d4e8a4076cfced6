#include "outputs.hpp"

#include <string>

#include "world.hpp"

namespace sahelsim::sahel {

std::vector<SeriesSpec> national_series() {
  constexpr SeriesKind S = SeriesKind::stock, F = SeriesKind::flow;
  std::vector<SeriesSpec> v = {
      {"population", S, "people", "people alive (every status but dead)"},
      {"residents", S, "people", "people at home (status resident)"},
      {"idps", S, "people", "internally displaced people (in the home country, away from home)"},
      {"refugees", S, "people", "refugees (abroad)"},
      {"in_transit", S, "people", "people on the move (fleeing or returning)"},
      {"detained", S, "people", "people in detention (fighters and false arrests)"},
      {"fighters", S, "people", "armed-group fighters, all groups"},
      {"fighters_jnim", S, "people", "fighters of groups.jnim"},
      {"fighters_isgs", S, "people", "fighters of groups.isgs"},
      {"fighters_separatists", S, "people", "fighters of groups.separatists"},
      {"dead", S, "people", "people dead since the start (violent and natural)"},
      {"refugees_MRT", S, "people", "refugees in Mauritania"},
      {"refugees_BFA", S, "people", "refugees in Burkina Faso"},
      {"refugees_NER", S, "people", "refugees in Niger"},
      {"refugees_DZA", S, "people", "refugees in Algeria"},
      {"refugees_other", S, "people", "refugees in other countries"},
      {"mean_attitude", S, "1", "mean attitude a of civilians (+1: extreme sympathy for groups)"},
      {"sympathizers", S, "1", "share of civilians with attitude a > 0"},
      {"mean_trust", S, "1", "mean trust in the state T of civilians"},
      {"mean_hardship", S, "1", "mean hardship H of civilians"},
      {"mean_fear", S, "1", "mean fear F of civilians"},
      {"mean_grievance", S, "1", "mean grievance G = H (1 - T) + V of civilians"},
      {"recruits", F, "people", "people who joined an armed group"},
      {"defections", F, "people", "fighters who left their group"},
      {"births", F, "people", "births (demography on)"},
      {"natural_deaths", F, "people", "natural deaths (demography on)"},
      {"attacks_on_forces", F, "1", "armed-group attacks on security force units"},
      {"attacks_on_civilians", F, "1", "armed-group attacks on civilians"},
      {"ieds", F, "1", "IEDs that went off"},
      {"reprisals", F, "1", "reprisals against informers (events)"},
      {"kidnappings", F, "1", "kidnappings of aid workers"},
      {"civilians_killed_by_groups", F, "people", "civilians killed by armed groups"},
      {"civilians_killed_by_state", F, "people",
       "civilians killed by state and allied forces (collateral harm)"},
      {"forces_killed", F, "people", "security force troops killed"},
      {"fighters_killed", F, "people", "fighters killed"},
      {"operations", F, "1", "security operations (raids, air strikes, patrol clashes)"},
      {"successful_operations", F, "1", "operations that neutralised at least one fighter"},
      {"raids", F, "1", "intelligence-led raids"},
      {"air_strikes", F, "1", "air strikes"},
      {"clashes", F, "1", "patrol clashes and armed-group attacks fought out"},
      {"arrests", F, "people", "fighters arrested (true arrests)"},
      {"false_arrests", F, "people", "civilians arrested (false arrests)"},
      {"tips", F, "people", "people who gave the state a tip"},
      {"abuses", F, "1", "abuses by security forces"},
      {"new_displacements", F, "people", "people who fled"},
      {"returns", F, "people", "displaced people who came home"},
      {"border_crossings", F, "people", "fighters who crossed the home country's border"},
      {"interdictions", F, "people", "fighters stopped at the border"},
      {"control_population", S, "1",
       "share of the home country's people in cells where an armed group's influence exceeds "
       "state presence"},
      {"control_area", S, "1", "share of the home country's area under armed-group control"},
      {"state_presence", S, "1", "people-weighted mean state presence"},
      {"troops", S, "troops", "security force troops, all owners"},
      {"security", S, "1", "stability component: people-weighted mean of exp(-insecurity)"},
      {"governance", S, "1",
       "stability component: people-weighted mean of trust x (1 - armed-group control)"},
      {"cohesion", S, "1", "stability component: 1 - share of sympathizers"},
      {"non_displacement", S, "1",
       "stability component: 1 - (IDPs + refugees + in transit) / population"},
      {"stability", S, "1", "stability index (geometric mean of the four components)"},
      {"aid_delivered", F, "million USD",
       "aid delivered (humanitarian, reconstruction, "
       "prevention, reintegration)"},
      {"aid_blocked", F, "million USD", "aid budget that could not be delivered (no access)"},
      {"cve_reach", S, "1", "share of civilians reached by CVE this step"},
  };
  for (const char* name : kCostNames) {
    v.push_back({std::string("cost_") + name, F, "million USD",
                 std::string("cost of the ") + name + " levers"});
  }
  v.push_back({"cost_total", F, "million USD", "cost of the policy mix, all levers"});
  return v;
}

std::vector<ModelInfo::SeriesGroup> series_groups() {
  std::vector<ModelInfo::SeriesGroup> groups = {
      {"Displaced people", {"idps", "refugees", "in_transit"}},
      {"Fighters, by armed group",
       {"fighters", "fighters_jnim", "fighters_isgs", "fighters_separatists"}},
      {"Refugees, by host country",
       {"refugees_MRT", "refugees_BFA", "refugees_NER", "refugees_DZA", "refugees_other"}},
      {"Attitudes and well-being",
       {"sympathizers", "mean_attitude", "mean_trust", "mean_hardship", "mean_fear",
        "mean_grievance"}},
      {"Recruitment", {"recruits", "defections"}},
      {"Attacks, by type",
       {"attacks_on_forces", "attacks_on_civilians", "ieds", "reprisals", "kidnappings"}},
      {"Deaths, by victim and perpetrator",
       {"civilians_killed_by_groups", "civilians_killed_by_state", "forces_killed",
        "fighters_killed"}},
      {"State operations",
       {"operations", "successful_operations", "raids", "air_strikes", "clashes"}},
      {"Arrests", {"arrests", "false_arrests"}},
      {"People on the move", {"new_displacements", "returns", "border_crossings", "interdictions"}},
      {"Territorial control", {"control_population", "control_area", "state_presence"}},
      {"Stability and its components",
       {"stability", "security", "governance", "cohesion", "non_displacement"}},
      {"Aid", {"aid_delivered", "aid_blocked"}},
      {"Demography", {"births", "natural_deaths"}},
  };
  ModelInfo::SeriesGroup costs{"Cost, by lever group", {}};
  for (const char* name : kCostNames) costs.series.push_back(std::string("cost_") + name);
  groups.push_back(costs);
  return groups;
}

std::vector<SeriesSpec> regional_series() {
  constexpr SeriesKind S = SeriesKind::stock, F = SeriesKind::flow;
  return {
      {"population", S, "people", "people in the region (all statuses on the grid)"},
      {"idps", S, "people", "IDPs staying in the region"},
      {"fighters", S, "people", "fighters in the region"},
      {"sympathizers", S, "1", "share of civilians with attitude a > 0"},
      {"mean_trust", S, "1", "mean trust of civilians"},
      {"mean_hardship", S, "1", "mean hardship of civilians"},
      {"state_presence", S, "1", "people-weighted mean state presence"},
      {"control_population", S, "1", "share of people under armed-group control"},
      {"civilian_deaths", F, "people", "civilians killed (by anyone)"},
      {"fatalities", F, "people", "violent deaths (civilians, troops, fighters)"},
      {"new_displacements", F, "people", "people who fled from the region"},
  };
}

std::vector<MapSpec> map_specs() {
  return {
      {"population", MapType::f32, "people", "people on the cell", {}},
      {"fighters", MapType::f32, "people", "fighters on the cell, all groups", {}},
      {"attitude", MapType::f32, "1", "mean attitude of civilians (NaN: nobody)", {}},
      {"trust", MapType::f32, "1", "mean trust of civilians (NaN: nobody)", {}},
      {"insecurity", MapType::f32, "1", "insecurity (decaying memory of violence)", {}},
      {"state_presence", MapType::f32, "1", "state presence", {}},
      {"control",
       MapType::u8,
       "1",
       "who controls the cell",
       {"none", "state", "jnim", "isgs", "separatists"}},
      {"idps", MapType::f32, "people", "IDPs staying on the cell", {}},
      {"services", MapType::f32, "1", "services level (schools, clinics)", {}},
  };
}

std::vector<EventKindSpec> event_specs() {
  return {
      {"attack_on_forces",
       "an armed group attacked a unit (actor: group index, target: unit id, count: deaths)"},
      {"attack_on_civilians", "an armed group attacked civilians (count: civilians killed)"},
      {"reprisal", "an armed group killed informers (count: people killed)"},
      {"ied", "an IED went off (target: unit id or -1, count: people killed)"},
      {"kidnapping", "aid workers were kidnapped; aid withdrew from the cell"},
      {"raid", "a unit raided a cell (actor: unit id, count: fighters neutralised)"},
      {"air_strike", "an air strike (actor: unit id, count: fighters killed)"},
      {"clash", "a patrol met fighters (actor: unit id, count: fighters neutralised)"},
      {"collateral", "an operation killed civilians (actor: unit id, count: civilians killed)"},
      {"abuse", "a unit abused civilians (actor: unit id, count: people affected)"},
      {"arrest", "fighters arrested in an operation (actor: unit id, count: people)"},
      {"false_arrest", "civilians arrested in an operation (actor: unit id, count: people)"},
      {"border_interdiction", "a fighter was stopped at the border (target: person id)"},
      {"displacement_wave",
       "at least params.displacement.wave_people fled from the cell this step (count: people)"},
      {"return_wave", "at least params.displacement.wave_people came home to the cell"},
  };
}

}  // namespace sahelsim::sahel
