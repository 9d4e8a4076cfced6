// The Sahel model's declared outputs, in one table: national series, regional series, maps
// and events (SAHEL_MODEL §6). The enums give each output's position in its table.
#pragma once

#include <vector>

#include "core/model.hpp"

namespace sahelsim::sahel {

enum Series : std::size_t {
  kPopulation,
  kResidents,
  kIdps,
  kRefugees,
  kInTransit,
  kSeriesDetained,
  kFighters,
  kFightersJnim,
  kFightersIsgs,
  kFightersSeparatists,
  kDeadTotal,
  kRefugeesMrt,
  kRefugeesBfa,
  kRefugeesNer,
  kRefugeesDza,
  kRefugeesOther,
  kMeanAttitude,
  kSympathizers,
  kMeanTrust,
  kMeanHardship,
  kMeanFear,
  kMeanGrievance,
  kRecruits,
  kDefections,
  kBirths,
  kNaturalDeaths,
  kAttacksForces,
  kAttacksCivilians,
  kIeds,
  kReprisals,
  kKidnappings,
  kCiviliansByGroups,
  kCiviliansByState,
  kForcesKilled,
  kFightersKilled,
  kOperations,
  kSuccessfulOperations,
  kRaids,
  kAirStrikes,
  kClashes,
  kArrestsTrue,
  kArrestsFalse,
  kTips,
  kAbuses,
  kNewDisplacements,
  kReturns,
  kCrossings,
  kInterdictions,
  kControlPopulation,
  kControlArea,
  kStatePresence,
  kTroops,
  kSecurity,
  kGovernance,
  kCohesion,
  kNonDisplacement,
  kStability,
  kAidDelivered,
  kAidBlocked,
  kCveReach,
  kCostFirst,  // kCostFirst + i: cost of lever group i (kCostNames), then the total
};
inline constexpr std::size_t kCostGroups = 14;
inline constexpr std::size_t kCostTotal = kCostFirst + kCostGroups;
inline constexpr std::size_t kSeriesCount = kCostTotal + 1;

enum Regional : std::size_t {
  kRegPopulation,
  kRegIdps,
  kRegFighters,
  kRegSympathizers,
  kRegTrust,
  kRegHardship,
  kRegPresence,
  kRegControl,
  kRegCivilianDeaths,
  kRegFatalities,
  kRegNewDisplacements,
  kRegionalCount
};

enum Map : std::size_t {
  kMapPopulation,
  kMapFighters,
  kMapAttitude,
  kMapTrust,
  kMapInsecurity,
  kMapPresence,
  kMapControl,
  kMapIdps,
  kMapServices,
  kMapCount
};

enum EventKind : std::int32_t {
  kEvAttackForces,
  kEvAttackCivilians,
  kEvReprisal,
  kEvIed,
  kEvKidnapping,
  kEvRaid,
  kEvAirStrike,
  kEvClash,
  kEvCollateral,
  kEvAbuse,
  kEvArrest,
  kEvFalseArrest,
  kEvInterdiction,
  kEvDisplacementWave,
  kEvReturnWave,
  kEventCount
};

[[nodiscard]] std::vector<SeriesSpec> national_series();
[[nodiscard]] std::vector<SeriesSpec> regional_series();
[[nodiscard]] std::vector<ModelInfo::SeriesGroup> series_groups();
[[nodiscard]] std::vector<MapSpec> map_specs();
[[nodiscard]] std::vector<EventKindSpec> event_specs();

// The stability index's formula, as written in the docs and the file's attributes.
inline constexpr const char* kStabilityFormula =
    "stability = (security * governance * cohesion * non_displacement)^(1/4), where, over the "
    "home country's cells weighted by people: security = mean of exp(-insecurity); governance "
    "= mean of trust * (1 - armed-group control); cohesion = 1 - share of sympathizers (a > 0) "
    "among civilians; non_displacement = 1 - (IDPs + refugees + in transit) / population";

}  // namespace sahelsim::sahel
