// The Sahel model's description: every parameter once (default, unit, range, doc, source),
// its outputs and its random streams. docs/models/sahel.md and `sahelsim params sahel` are
// generated from this table.
#include <sstream>

#include "geo/geography.hpp"

#include "core/geography_schema.hpp"
#include "outputs.hpp"
#include "sahel.hpp"
#include "world.hpp"

namespace sahelsim::sahel {

namespace {

constexpr const char* kAssumption = "assumption";
constexpr const char* kEpstein = "Epstein 2002, PNAS 99:7243 (grievance, net risk)";
constexpr const char* kDeffuant = "Deffuant, Amblard, Weisbuch & Faure 2002, JASSS 5(4)";
constexpr const char* kCondra = "Condra & Shapiro 2012, AJPS 56:167 (victimization)";
constexpr const char* kBerman = "Berman, Shapiro & Felter 2011, JPE 119:766 (information)";
constexpr const char* kFlee = "Suleimenova, Bell & Groen 2017, Sci. Rep. 7:13377 (Flee rules)";
constexpr const char* kFacts = "mali_facts.md §4 (forces.csv)";
constexpr const char* kLanchester = "Lanchester 1916; Kress & Szechtman 2009 (attrition)";

void person_parameters(Schema& s) {
  s.real("params.scale", 20)
      .range(1, 1e6)
      .units("people per agent")
      .describe("People one person agent stands for (1: every person).")
      .cite(kAssumption);
  s.real("params.youth_share", 0.33)
      .range(0, 1)
      .describe("Share of persons aged 15-29 (the youth flag).")
      .cite("Mali 2009 census age structure (about a third aged 15-29)");
  // Ethnic shares by biome: an assumption built from the national shares and main areas of
  // mali_facts.md §3.1 (CIA 2018; FabFlee mali2022 demographics), grouped.
  const double shares[3][kEthnicities] = {{0.60, 0.10, 0.25, 0.00, 0.00, 0.05},
                                          {0.30, 0.25, 0.15, 0.15, 0.08, 0.07},
                                          {0.02, 0.08, 0.00, 0.35, 0.50, 0.05}};
  const char* biomes[3] = {"sudanian", "sahelian", "saharan"};
  for (int b = 0; b < 3; ++b) {
    for (int e = 0; e < kEthnicities; ++e) {
      s.real(std::string("params.population.ethnicity.") + biomes[b] + "." + kEthnicityNames[e],
             shares[b][e])
          .range(0, 1)
          .describe(std::string("Share of ") + kEthnicityNames[e] + " among the people of the " +
                    biomes[b] + " biome (the shares of a biome are normalised to sum 1).")
          .cite("mali_facts.md §3.1 (national shares and main areas), by biome: assumption");
    }
  }
  s.real("params.population.fisher_share", 0.2)
      .range(0, 1)
      .describe("Share of fishers among rural people on the river (Bozo, Somono, Songhai).")
      .cite(kAssumption);
  s.real("params.population.herder_share_pastoral", 0.7)
      .range(0, 1)
      .describe("Share of herders among rural Fulani, Tuareg-Arab and Saharan people.")
      .cite("mali_facts.md §3.1-3.2 (herders and agro-pastoralists); share: assumption");
  s.real("params.population.herder_share_other", 0.1)
      .range(0, 1)
      .describe("Share of herders among other rural people.")
      .cite(kAssumption);
  s.real("params.hardship.rate", 0.1)
      .range(0, 1)
      .units("1/week")
      .describe("Rate at which hardship H relaxes toward its target each week.")
      .cite(kAssumption);
  s.real("params.hardship.lean_season", 0.15)
      .range(0, 1)
      .changeable()
      .describe("Added to the hardship target in the lean season (June to August).")
      .cite("FEWS NET seasonal calendar for Mali (lean season Jun-Aug)");
  s.real("params.hardship.drought", 0.0)
      .range(0, 1)
      .changeable()
      .describe("Added to the hardship target of farmers and herders (a drought shock).")
      .cite(kAssumption);
  s.real("params.hardship.violence", 0.4)
      .range(0, 10)
      .describe("Added to the hardship target per unit of cell insecurity.")
      .cite(kAssumption);
  s.real("params.hardship.displaced", 0.25)
      .range(0, 1)
      .describe("Added to the hardship target of IDPs, refugees and people in transit.")
      .cite(kAssumption);
  s.real("params.hardship.base", 0.35)
      .range(0, 1)
      .describe("Hardship target of a rural person in the Sudanian or Sahelian biome.")
      .cite("INSTAT EMOP 2011: 44 % of Malians below the poverty line (assumption for the scale)");
  s.real("params.hardship.saharan", 0.1)
      .range(-1, 1)
      .describe("Added to the hardship target in the Saharan biome.")
      .cite(kAssumption);
  s.real("params.hardship.urban", -0.1)
      .range(-1, 1)
      .describe("Added to the hardship target of urban livelihoods.")
      .cite(kAssumption);
  s.real("params.hardship.services", 0.2)
      .range(0, 1)
      .describe("Subtracted from the hardship target per unit of services.")
      .cite(kAssumption);
  s.real("params.hardship.aid", 0.3)
      .range(0, 1)
      .describe("Subtracted from the hardship target at full aid relief (1 - exp(-aid/aid.half)).")
      .cite(kAssumption);
  s.real("params.hardship.jobs", 0.3)
      .range(0, 1)
      .describe("Subtracted from a youth's hardship target at full prevention coverage.")
      .cite(kAssumption);
  s.real("params.hardship.shadow", 0.1)
      .range(0, 1)
      .describe("Subtracted from the hardship target at full shadow governance.")
      .cite(kAssumption);
  s.real("params.fear.rate", 0.3)
      .range(0, 1)
      .units("1/week")
      .describe("Rate at which fear F relaxes toward fear.gain x insecurity.")
      .cite(kAssumption);
  s.real("params.fear.gain", 3.0)
      .range(0, 100)
      .describe("Fear target per unit of cell insecurity (capped at 1).")
      .cite(kAssumption);
  s.real("params.victimization.decay", 0.98)
      .range(0, 1)
      .units("1/week")
      .describe("Weekly retention of victimization memory V (0.98: half-life about 34 weeks).")
      .cite(kAssumption);
  s.real("params.victimization.kin_reach", 20)
      .range(0, 1000)
      .units("people per victim")
      .describe(
          "People in a victim's kin and neighbour network: V rises by kin_reach x (people harmed "
          "by state forces in the cell / people in the cell).")
      .cite(kCondra);
  s.real("params.victimization.abuse_weight", 0.5)
      .range(0, 10)
      .describe("Weight of a non-lethal abuse (or false arrest) relative to a killing in V.")
      .cite(kAssumption);
  s.real("params.trust.initial", 0.5)
      .range(0, 1)
      .describe("Mean trust in the state at the start (sd 0.15), south of the Sahara biome.")
      .cite("Afrobarometer Mali 2012 (about half trust the army)");
  s.real("params.trust.north_gap", 0.2)
      .range(0, 1)
      .describe("Lower initial trust in the Saharan biome (decades of northern grievance).")
      .cite("mali_facts.md §1 (Tuareg rebellions 1963, 1990, 2006, 2012)");
  s.real("params.trust.rate", 0.05)
      .range(0, 1)
      .units("1/week")
      .describe("Rate at which trust T relaxes toward its target.")
      .cite(kAssumption);
  s.real("params.trust.presence", 0.3)
      .range(0, 1)
      .describe("Trust target gained from state presence x protection of the cell.")
      .cite(kAssumption);
  s.real("params.trust.protection", 0.15)
      .range(0, 1)
      .describe("Trust target gained where units protect the cell (towns guarded).")
      .cite(kAssumption);
  s.real("params.trust.services", 0.2)
      .range(0, 1)
      .describe("Trust target gained per unit of the cell's services level.")
      .cite(kBerman);
  s.real("params.trust.engagement", 0.25)
      .range(0, 1)
      .describe("Trust target gained at full community engagement (policy.engagement.level).")
      .cite(kAssumption);
  s.real("params.trust.harm", 3.0)
      .range(0, 100)
      .describe("Trust target lost per unit of victimization V.")
      .cite(kCondra);
  s.real("params.trust.corruption", 0.15)
      .range(0, 1)
      .describe("Trust target lost to corruption, reduced by policy.governance.anti_corruption.")
      .cite("Transparency International CPI: Mali 32/100 in 2012");
  s.real("params.trust.legitimacy_shift", 0.0)
      .range(-1, 1)
      .changeable()
      .describe("National shift of the trust target (a coup: negative; an accord: positive).")
      .cite(kAssumption);
  s.real("params.attitude.mean", -0.3)
      .range(-1, 1)
      .describe("Mean initial attitude a (sympathy for armed groups; +1 extreme, -1 opposed).")
      .cite(kAssumption);
  s.real("params.attitude.sd", 0.3)
      .range(0, 2)
      .describe("Standard deviation of initial attitudes (clamped to [-1, 1]).")
      .cite(kAssumption);
  s.real("params.attitude.uncertainty", 0.6)
      .range(0.01, 2)
      .describe("Initial uncertainty u of moderates (relative agreement).")
      .cite(kDeffuant);
  s.real("params.attitude.extremist_share", 0.005)
      .range(0, 1)
      .describe("Share of persons who start as extremists (a = 0.9, u = 0.1).")
      .cite(kDeffuant);
  s.real("params.attitude.mu", 0.2)
      .range(0, 0.5)
      .describe("Relative-agreement convergence rate mu (one peer in the cell per week).")
      .cite(kDeffuant);
  s.real("params.attitude.propaganda", 0.1)
      .range(0, 1)
      .describe(
          "Weekly pull of attitude toward +1: propaganda x group influence x grievance G x "
          "(1 - a) / 2.")
      .cite(kAssumption);
  s.real("params.attitude.moderation", 0.01)
      .range(0, 1)
      .describe(
          "Weekly pull of attitude toward -0.5 per unit of CVE reach, dialogue and engagement.")
      .cite(kAssumption);
  s.real("params.attitude.detention_radicalisation", 0.03)
      .range(0, 1)
      .describe(
          "Weekly pull of a detainee's attitude toward +1 in the worst conditions "
          "(x (1 - detention_conditions) x (1 - rehabilitation)).")
      .cite("Neumann 2010, Prisons and terrorism (ICSR)");
  s.real("params.recruitment.attitude", 0.3)
      .range(-1, 1)
      .describe("Attitude above which a person may join an armed group.")
      .cite(kAssumption);
  s.real("params.recruitment.threshold", 0.1)
      .range(0, 2)
      .changeable()
      .describe("Epstein's T: a person may join when G - R x P > threshold.")
      .cite(kEpstein);
  s.real("params.recruitment.arrest_risk", 1.5)
      .range(0, 100)
      .describe("k in the net risk P = 1 - exp(-k x state presence of the cell).")
      .cite(kEpstein);
  s.real("params.recruitment.rate", 0.01)
      .range(0, 1)
      .units("1/week")
      .describe("Weekly probability that an eligible youth joins (others: / youth_factor).")
      .cite(kAssumption);
  s.real("params.recruitment.youth_factor", 3.0)
      .range(1, 100)
      .describe("How much likelier an eligible youth is to join than an older person.")
      .cite("Humphreys & Weinstein 2008, AJPS 52:436 (who fights)");
  s.real("params.recruitment.pay", 0.002)
      .range(0, 1)
      .units("million USD per fighter-year")
      .describe(
          "What a group pays a fighter; a group's treasury per fighter raises the pull of "
          "joining it (economic motive).")
      .cite("Mali: about USD 100-200 per month reported for young recruits (assumption)");
  s.real("params.intelligence.tip_rate", 0.02)
      .range(0, 1)
      .units("1/week")
      .describe(
          "Weekly probability that a person opposed to the groups (a < 0) in a cell with "
          "fighters tips off the state, x trust x (1 - fear) x (0.5 + presence/2) x (1 + "
          "informants).")
      .cite(kBerman);
  s.real("params.intelligence.tip_half", 30)
      .above(0)
      .units("people")
      .describe("Tips (people) per cell giving intelligence 1 - exp(-1) from tips alone.")
      .cite(kAssumption);
  s.real("params.intelligence.surveillance_max", 0.6)
      .range(0, 1)
      .describe("Intelligence from surveillance at policy.intelligence.surveillance = 1.")
      .cite(kAssumption);
  s.real("params.intelligence.partner_max", 0.3)
      .range(0, 1)
      .describe("Intelligence from partners at policy.intelligence.partner_sharing = 1.")
      .cite(kAssumption);
  s.real("params.intelligence.visibility", 0.2)
      .range(0, 1)
      .describe("Share of a cell's fighters the state knows of without any intelligence.")
      .cite(kAssumption);
  s.real("params.displacement.threshold", 0.35)
      .range(0, 10)
      .describe(
          "Danger (insecurity + fear / 2) above which a person may flee; the personal "
          "threshold is threshold x (1.5 - R).")
      .cite(kAssumption);
  s.real("params.displacement.rate", 0.3)
      .range(0, 1)
      .units("1/week")
      .describe("Weekly probability of leaving when the danger is above the threshold.")
      .cite(kAssumption);
  s.real("params.displacement.return_threshold", 0.1)
      .range(0, 10)
      .describe("Home insecurity below which a week counts as safe for return.")
      .cite(kAssumption);
  s.real("params.displacement.return_weeks", 8)
      .range(0, 520)
      .units("weeks")
      .describe("Consecutive safe weeks at home before a displaced person may return.")
      .cite(kAssumption);
  s.real("params.displacement.return_rate", 0.1)
      .range(0, 1)
      .units("1/week")
      .describe("Weekly probability of setting off home after enough safe weeks.")
      .cite(kAssumption);
  s.real("params.displacement.travel_km", 250)
      .above(0)
      .units("km/week")
      .describe("Distance covered per week in transit (Flee moves up to 200 km per day).")
      .cite(kFlee);
  s.real("params.displacement.camp_weight", 2.0)
      .above(0)
      .describe("Flee's camp weight: a camp abroad counts this many times a town.")
      .cite(kFlee);
  s.real("params.displacement.kin_weight", 2.0)
      .above(0)
      .describe("Weight of a destination whose region's majority shares the person's ethnicity.")
      .cite(kAssumption);
  s.real("params.displacement.conflict_weight", 0.25)
      .range(0, 1)
      .describe("Flee's conflict weight: a destination with insecurity counts this much.")
      .cite(kFlee);
  s.real("params.displacement.distance_km", 200)
      .above(0)
      .units("km")
      .describe(
          "Flee's softening: a destination's weight is score / (distance_km + distance) "
          "(Flee on its road graph: softening 0).")
      .cite(kFlee);
  s.real("params.displacement.wave_people", 500)
      .above(0)
      .units("people")
      .describe("New displacements from one cell in one step that make a displacement_wave event.")
      .cite(kAssumption);
  s.real("params.fighters.defect_rate", 0.002)
      .range(0, 1)
      .units("1/week")
      .describe("Weekly probability that a fighter leaves, x (1 - a) and raised by DDR.")
      .cite(kAssumption);
  s.real("params.fighters.move_rate", 0.25)
      .range(0, 1)
      .units("1/week")
      .describe("Weekly probability that a fighter considers another cell within move_km.")
      .cite(kAssumption);
  s.real("params.fighters.population_pull", 0.2)
      .range(0, 10)
      .describe("Extra value of a populated cell to a fighter (supplies, recruits, cover).")
      .cite(kAssumption);
  s.real("params.fighters.move_km", 60)
      .above(0)
      .units("km")
      .describe("How far a fighter looks for a better cell in one week.")
      .cite(kAssumption);
  s.real("params.cells.insecurity_decay", 0.9)
      .range(0, 1)
      .units("1/week")
      .describe("Weekly retention of cell insecurity (a decaying memory of violence).")
      .cite(kAssumption);
  s.real("params.cells.insecurity_gain", 200)
      .range(0, 1e6)
      .describe("Insecurity added per violent death per person in the cell (deaths / people).")
      .cite(kAssumption);
  s.real("params.cells.insecurity_people", 1000)
      .above(0)
      .units("people")
      .describe(
          "Deaths are divided by max(people in the cell, this) for insecurity, so that one "
          "death in a nearly empty cell does not make it the most dangerous place.")
      .cite(kAssumption);
  s.real("params.cells.influence_km", 40)
      .above(0)
      .units("km")
      .describe("Radius over which fighters give their group influence.")
      .cite(kAssumption);
  s.real("params.cells.influence_people", 150)
      .above(0)
      .units("fighters")
      .describe("Fighters within influence_km giving influence 1 - exp(-1).")
      .cite(kAssumption);
  s.real("params.cells.presence_km", 50)
      .above(0)
      .units("km")
      .describe("Radius over which a unit adds to state presence.")
      .cite(kAssumption);
  s.real("params.cells.presence_troops", 300)
      .above(0)
      .units("troops")
      .describe("Troops within presence_km that add presence 1 - exp(-1).")
      .cite(kAssumption);
  s.real("params.cells.presence_sudanian", 0.5)
      .range(0, 1)
      .describe("Civil state presence (administration) in the Sudanian biome.")
      .cite(kAssumption);
  s.real("params.cells.presence_sahelian", 0.3)
      .range(0, 1)
      .describe("Civil state presence in the Sahelian biome.")
      .cite(kAssumption);
  s.real("params.cells.presence_saharan", 0.1)
      .range(0, 1)
      .describe("Civil state presence in the Saharan biome.")
      .cite(kAssumption);
  s.real("params.cells.presence_town", 0.2)
      .range(0, 1)
      .describe("Added to the civil state presence of town cells.")
      .cite(kAssumption);
  s.real("params.cells.presence_abroad", 0.5)
      .range(0, 1)
      .describe("Factor on the civil presence of neighbouring states' cells (seen from Mali).")
      .cite(kAssumption);
  s.real("params.cells.shadow_decay", 0.9)
      .range(0, 1)
      .units("1/week")
      .describe("Weekly retention of shadow governance where a group no longer renews it.")
      .cite(kAssumption);
  s.real("params.cells.tension_decay", 0.9)
      .range(0, 1)
      .units("1/week")
      .describe("Weekly retention of inter-community tension left by profiled abuses.")
      .cite(kAssumption);
  s.real("params.cells.services", 0.4)
      .range(0, 1)
      .describe("Initial services level (schools, clinics) in town cells; half of it elsewhere.")
      .cite("World Bank WDI Mali 2012: net primary enrolment about 0.6 (assumption)");
  s.boolean("params.demography", false)
      .describe("Births and natural deaths (then people = initial + births - deaths).")
      .cite(kAssumption);
  s.real("params.birth_rate", 0.044)
      .range(0, 0.2)
      .units("1/year")
      .describe("Crude birth rate (per person per year) when demography is on.")
      .cite("UN WPP 2019: Mali 2010-2015 crude birth rate 44 per 1000");
  s.real("params.death_rate", 0.010)
      .range(0, 0.2)
      .units("1/year")
      .describe("Crude natural death rate when demography is on.")
      .cite("UN WPP 2019: Mali 2010-2015 crude death rate 10 per 1000");
}

void operation_parameters(Schema& s) {
  s.real("params.operations.clash_rate", 0.5)
      .range(0, 10)
      .describe("Share of a one-week Lanchester engagement fought when forces meet fighters.")
      .cite(kLanchester);
  s.real("params.operations.raid_threshold", 30)
      .at_least(0)
      .units("fighters")
      .describe("Known fighters in a cell (x precision) above which a unit raids or strikes.")
      .cite(kAssumption);
  s.real("params.operations.collateral_rate", 0.02)
      .range(0, 10)
      .units("deaths per troop")
      .describe(
          "Civilian deaths per troop engaged (or per air sortie x 50) at zero precision, full "
          "collateral tolerance and a densely populated cell: x (1 - precision) x tolerance x "
          "civilians / (civilians + 1000).")
      .cite("Lyall 2009; Condra & Shapiro 2012 (collateral harm); calibration pending");
  s.real("params.operations.density_people", 1000)
      .above(0)
      .units("people")
      .describe(
          "Civilians in a cell at which the density factor civilians/(civilians + this) is 1/2.")
      .cite(kAssumption);
  s.real("params.operations.air_kill", 0.5)
      .range(0, 1)
      .describe("Share of a cell's fighters an air strike kills at precision 1.")
      .cite(kAssumption);
  s.real("params.operations.sortie_troops", 50)
      .at_least(0)
      .units("troops")
      .describe("Force of one air strike in troop-equivalents, for its collateral harm.")
      .cite(kAssumption);
  s.real("params.operations.air_reach_km", 1000)
      .above(0)
      .units("km")
      .describe("How far from its position a unit with air support can strike.")
      .cite(kAssumption);
  s.real("params.operations.border_band_km", 50)
      .above(0)
      .units("km")
      .describe("Cells within this distance of the border are guarded by border missions.")
      .cite("G5 Sahel joint force: 50 km strips either side of borders (forces.csv)");
  s.real("params.operations.surprise_attack", 1.5)
      .above(0)
      .describe("Factor on a group's fire when it attacks a unit (surprise).")
      .cite(kAssumption);
  s.real("params.operations.surprise_defence", 0.5)
      .above(0)
      .describe("Factor on a unit's fire when it is attacked.")
      .cite(kAssumption);
  s.real("params.operations.training_precision", 0.3)
      .range(0, 1)
      .describe("Share of the gap to precision 1 that full training closes (national forces).")
      .cite(kAssumption);
  s.real("params.operations.training_discipline", 0.5)
      .range(0, 1)
      .describe("Share of the gap to discipline 1 that full training closes (national forces).")
      .cite(kAssumption);
  s.real("params.operations.rule_of_law_effect", 0.7)
      .range(0, 1)
      .describe("Share of abuse risk removed at full rule of law.")
      .cite(kAssumption);
  s.real("params.operations.abuse_rate", 0.05)
      .range(0, 1)
      .units("1/week")
      .describe(
          "Weekly probability that a unit in a populated cell commits an abuse at discipline 0.")
      .cite("HRW 2017-2020 reports on abuses in central Mali (assumption for the rate)");
  s.real("params.operations.profiling", 0.5)
      .range(0, 10)
      .changeable()
      .describe("Extra abuse risk where the cell's majority shares the local group's affinity.")
      .cite("HRW 2018, 'We Used to Be Brothers' (assumption for the size)");
  s.real("params.operations.false_arrest_rate", 0.02)
      .range(0, 1)
      .units("arrests per troop")
      .describe(
          "False arrests per troop in a raid at zero precision and zero due process, in a "
          "densely populated cell.")
      .cite(kAssumption);
  s.real("params.operations.abuse_people", 20)
      .at_least(0)
      .units("people")
      .describe("People affected by one abuse (twice as many when profiled).")
      .cite(kAssumption);
  s.real("params.operations.conviction_base", 0.3)
      .range(0, 1)
      .describe("Probability that an arrested fighter is convicted without due process.")
      .cite(kAssumption);
  s.real("params.operations.conviction_due_process", 0.6)
      .range(0, 1)
      .describe("Added to the conviction probability at full due process.")
      .cite(kAssumption);
  s.real("params.operations.kidnap_influence", 0.3)
      .range(0, 1)
      .describe("Group influence above which aid workers in the cell can be kidnapped.")
      .cite(kAssumption);
  s.real("params.operations.pretrial_weeks", 12)
      .range(1, 520)
      .units("weeks")
      .describe("Detention before a case is decided (released if not convicted).")
      .cite(kAssumption);
  s.real("params.operations.sentence_weeks", 156)
      .range(1, 5200)
      .units("weeks")
      .describe("Sentence of a convicted fighter.")
      .cite(kAssumption);
  s.real("params.operations.havens_arrest", 0.002)
      .range(0, 1)
      .units("1/week")
      .describe(
          "Weekly probability that a fighter outside the home country is arrested at full "
          "extradition and partner sharing (otherwise a safe haven).")
      .cite(kAssumption);
  s.real("params.operations.replenish", 0.02)
      .range(0, 1)
      .units("1/week")
      .describe("Weekly share of a unit's losses replaced.")
      .cite(kAssumption);
  s.real("params.operations.attack_ratio", 0.3)
      .range(0, 100)
      .describe("Fighters nearby per troop above which a group attacks a unit.")
      .cite(kAssumption);
  s.real("params.operations.reprisal_rate", 0.05)
      .range(0, 1)
      .units("deaths per tip")
      .describe("Informers killed per tip (people) x the group's influence in the cell.")
      .cite("Kalyvas 2006, The Logic of Violence in Civil War");
  s.real("params.operations.ied_lethality", 2.0)
      .at_least(0)
      .units("deaths per IED")
      .describe("Troops killed per IED that hits a unit.")
      .cite("ACLED Mali 2013-2016 (about 2 per remote-violence event; assumption)");
  s.real("params.operations.ied_civilian", 1.0)
      .at_least(0)
      .units("deaths per IED")
      .describe("Civilians killed per IED.")
      .cite(kAssumption);
  s.real("params.operations.attack_lethality", 5.0)
      .at_least(0)
      .units("deaths per attack")
      .describe("Civilians killed per armed-group attack on civilians.")
      .cite("ACLED Mali 2012-2016 violence against civilians (assumption)");
  s.real("params.aid.half", 1.0)
      .above(0)
      .units("USD per person-week")
      .describe("Aid per person per week giving relief 1 - exp(-1) from hardship.")
      .cite("WFP Mali ration cost about USD 1 per person per week (assumption)");
  s.real("params.aid.access_insecurity", 0.5)
      .above(0)
      .describe("Insecurity at which a cell is closed to aid (access rule on, neutrality 0).")
      .cite(kAssumption);
  s.real("params.aid.service_cost", 40)
      .above(0)
      .units("USD per person")
      .describe("Reconstruction spending per person that raises the services level by 1.")
      .cite(kAssumption);
  s.real("params.aid.project_weeks", 52)
      .range(1, 1040)
      .units("weeks")
      .describe("Mean time from spending to a school or clinic in service.")
      .cite(kAssumption);
  s.real("params.aid.service_decay", 0.001)
      .range(0, 1)
      .units("1/week")
      .describe("Weekly loss of services (wear), plus insecurity x this.")
      .cite(kAssumption);
  s.real("params.aid.kidnap_block_weeks", 26)
      .range(0, 520)
      .units("weeks")
      .describe("How long aid stays out of a cell after a kidnapping (decaying).")
      .cite(kAssumption);
  s.real("params.aid.ddr_cost", 2000)
      .above(0)
      .units("USD per fighter")
      .describe("Reintegration spending per fighter that doubles the defection rate.")
      .cite("World Bank MDRP: about USD 1,000-3,000 per ex-combatant");
  s.real("params.aid.jobs_cost", 500)
      .above(0)
      .units("USD per youth-year")
      .describe("Prevention spending per youth per year that cuts youth hardship by 1 - exp(-1).")
      .cite(kAssumption);
  s.real("params.aid.dialogue_cost", 2)
      .above(0)
      .units("USD per person-year")
      .describe("Dialogue spending per person per year giving reach 1 - exp(-1).")
      .cite(kAssumption);
  s.real("params.aid.cve_effect", 1.0)
      .range(0, 10)
      .describe("Strength of CVE and dialogue moderation relative to attitude.moderation.")
      .cite("Holmer 2013, USIP (CVE evidence is weak: assumption)");
}

void group_parameters(Schema& s) {
  struct Default {
    const char* name;
    double fighters;
    const char* affinity;
    const char* regions;
    double attack, civilians, ied, kidnap, tax, governance, propaganda;
    const char* source;
  };
  const Default defaults[kGroups] = {
      {"jnim", 1500, "tuareg_arab", "", 0.3, 0.05, 0.2, 0.05, 0.3, 0.5, 1.0,
       "AQIM + Ansar Dine + MUJAO in 2012 (forces.csv: Ansar Dine ~300; AQIM, MUJAO a few "
       "hundred to 1,000s); JNIM from 2017"},
      {"isgs", 0, "fulani", "", 0.4, 0.2, 0.2, 0.05, 0.2, 0.2, 1.0,
       "ISGS: ~40 in May 2015 (forces.csv); 0 at the start of 2012"},
      {"separatists", 3000, "tuareg_arab", "", 0.3, 0.01, 0.05, 0.0, 0.1, 0.3, 0.5,
       "MNLA ~3,000 in 2012 (forces.csv)"},
  };
  for (const auto& d : defaults) {
    const std::string p = std::string("groups.") + d.name + ".";
    s.real(p + "fighters", d.fighters)
        .range(0, 1e6)
        .units("people")
        .describe("Fighters at the start (recruited from persons in the home regions).")
        .cite(d.source);
    std::vector<std::string> affinities{"none"};
    for (const char* e : kEthnicityNames) affinities.emplace_back(e);
    s.choice(p + "affinity", affinities, d.affinity)
        .describe("Ethnicity the group recruits from most (x2 pull), or none.")
        .cite("mali_facts.md §3-4");
    s.text(p + "regions", d.regions)
        .describe(
            "Comma-separated home regions where its first fighters are found (names as in the "
            "census table; empty: anywhere in the home country).")
        .cite("mali_facts.md §5 (armed-group seeds)");
    s.real(p + "attack", d.attack)
        .range(0, 10)
        .changeable()
        .units("1/week")
        .describe("Weekly probability of attacking a unit it outnumbers nearby.")
        .cite(kAssumption);
    s.real(p + "civilians", d.civilians)
        .range(0, 10)
        .changeable()
        .units("attacks per 100 fighters-week")
        .describe("Attacks on civilians where sympathy is low (punishment, massacres).")
        .cite(kAssumption);
    s.real(p + "ied", d.ied)
        .range(0, 10)
        .changeable()
        .units("IEDs per 100 fighters-week")
        .describe("IEDs laid where units operate.")
        .cite(kAssumption);
    s.real(p + "kidnap", d.kidnap)
        .range(0, 1)
        .changeable()
        .units("1/week")
        .describe("Weekly probability of kidnapping aid workers where aid is delivered.")
        .cite(kAssumption);
    s.real(p + "tax", d.tax)
        .range(0, 100)
        .changeable()
        .units("USD per person-year")
        .describe("Taxes (zakat, road tolls) raised where its influence exceeds state presence.")
        .cite(kAssumption);
    s.real(p + "governance", d.governance)
        .range(0, 1)
        .changeable()
        .describe(
            "Shadow governance (justice, dispute resolution) where it controls: lowers hardship "
            "and raises sympathy.")
        .cite("Raineri 2020; Thurston 2020, Jihadists of North Africa and the Sahel");
    s.real(p + "propaganda", d.propaganda)
        .range(0, 10)
        .changeable()
        .describe("Weight of its propaganda in attitude change.")
        .cite(kAssumption);
    s.real(p + "firepower", 0.05)
        .range(0, 10)
        .units("troops killed per fighter-week")
        .describe("Lanchester coefficient of its fighters against troops.")
        .cite(kLanchester);
    s.real(p + "seed_fighters", 0)
        .range(0, 1e6)
        .units("people")
        .changeable()
        .describe(
            "A timeline input: each time the timeline sets it, that many persons of "
            "seed_regions join the group (a group appearing, as ISGS in May 2015, or a new "
            "front, as Katiba Macina in the centre in 2015). Its value at the start is "
            "ignored (fighters sets the first fighters).")
        .cite("mali_facts.md §5, timeline.csv (dated first appearances)");
    s.text(p + "seed_regions", "")
        .changeable()
        .describe(
            "Comma-separated regions where seed_fighters are found (empty: the group's "
            "regions).")
        .cite("mali_facts.md §5");
  }
}

void force_parameters(Schema& s) {
  struct Default {
    const char* name;
    double unit_size, precision, discipline, mobility, firepower, air, tolerance, protect, border;
    const char* rest;
  };
  const Default defaults[kOwners] = {
      {"army", 500, 0.4, 0.5, 100, 0.03, 0.3, 0.0, 0.15, 0.0,
       "patrol, raid and air by the posture"},
      {"police", 200, 0.5, 0.6, 30, 0.01, 0.0, 0.0, 0.7, 0.0, "raids"},
      {"un", 800, 0.5, 0.9, 80, 0.02, 0.2, 0.05, 0.6, 0.0, "patrols"},
      {"ct", 300, 0.8, 0.8, 400, 0.08, 1.0, 0.0, 0.0, 0.0, "raid and air by the posture"},
      {"joint", 600, 0.4, 0.6, 150, 0.03, 0.2, 0.0, 0.0, 0.5,
       "patrol, raid and air by the posture"},
      {"militia", 300, 0.2, 0.2, 60, 0.02, 0.0, 0.6, 0.0, 0.0, "patrol and raid by the posture"},
  };

  for (const auto& d : defaults) {
    const std::string p = std::string("forces.") + d.name + ".";
    s.real(p + "unit_size", d.unit_size)
        .range(10, 1e5)
        .units("troops")
        .describe("Troops per unit (company to battalion).")
        .cite(kAssumption);
    s.real(p + "precision", d.precision)
        .range(0, 1)
        .changeable()
        .describe(
            "Precision with full intelligence; the precision of an operation is "
            "intelligence x this.")
        .cite(kAssumption);
    s.real(p + "discipline", d.discipline)
        .range(0, 1)
        .changeable()
        .describe("1 - abuse risk; raised by policy.international.training.")
        .cite(kAssumption);
    s.real(p + "mobility_km", d.mobility)
        .range(0, 5000)
        .units("km/week")
        .describe("How far a unit moves or reaches for a target in one week.")
        .cite(kAssumption);
    s.real(p + "firepower", d.firepower)
        .range(0, 10)
        .units("fighters neutralised per troop-week")
        .describe("Lanchester coefficient against fighters.")
        .cite(kLanchester);
    s.real(p + "air", d.air)
        .range(0, 1)
        .describe("Share of its units with air support (strikes possible).")
        .cite(kAssumption);
    s.real(p + "collateral_extra", d.tolerance)
        .range(0, 1)
        .describe(
            "Collateral tolerance added to policy.military.collateral_tolerance for this "
            "owner (a militia's laxer rules).")
        .cite(kAssumption);
    s.real(p + "protect", d.protect)
        .range(0, 1)
        .changeable()
        .describe("Share of its missions spent protecting its base town.")
        .cite(kAssumption);
    s.real(p + "border", d.border)
        .range(0, 1)
        .changeable()
        .describe(std::string("Share of its missions spent guarding the border; the rest: ") +
                  d.rest + ".")
        .cite(kAssumption);
  }
  s.real("forces.police.troops", 4800)
      .range(0, 1e6)
      .changeable()
      .units("troops")
      .describe("Police, gendarmerie and national guard (paramilitary).")
      .cite(kFacts);
  s.real("forces.militia.troops", 0)
      .range(0, 1e6)
      .changeable()
      .units("troops")
      .describe("State-backed militias (self-defence groups).")
      .cite("forces.csv: 3,000 militia in 2012; Dan Na Ambassagou from 2016");
}

void policy_parameters(Schema& s) {
  const auto share = [&](const std::string& key, double value, const std::string& doc,
                         const std::string& source) {
    s.real(key, value).range(0, 1).changeable().describe(doc).cite(source);
  };
  s.real("policy.military.troops", 7500)
      .range(0, 1e6)
      .changeable()
      .units("troops")
      .describe("National army troops deployed (cost: costs.soldier_year each).")
      .cite(kFacts);
  share("policy.military.posture.patrol", 0.5,
        "Weight of patrols in the army's and joint force's missions (normalised with raid, air).",
        kAssumption);
  share("policy.military.posture.raid", 0.3, "Weight of intelligence-led raids.", kAssumption);
  share("policy.military.posture.air", 0.2,
        "Weight of air strikes (units with air support only; cost: costs.air_sortie each).",
        kAssumption);
  s.real("policy.military.special_units", 0)
      .range(0, 1e5)
      .changeable()
      .units("troops")
      .describe("International counter-terrorism force (Serval, Barkhane) and special units.")
      .cite(kFacts);
  share("policy.military.collateral_tolerance", 0.3,
        "Rules of engagement: how much risk to civilians an operation accepts (0: none).",
        kAssumption);
  share("policy.intelligence.surveillance", 0.2,
        "Surveillance investment (drones, signals): intelligence in cells with fighters.", kBerman);
  share("policy.intelligence.informants", 0.2,
        "Informant programmes: raise the tip rate (and so the reprisals against informers).",
        kBerman);
  share("policy.intelligence.partner_sharing", 0.2,
        "Intelligence from partners: adds to every cell's intelligence and to border control.",
        kAssumption);
  share("policy.border.control", 0.2,
        "Border control: probability scale that a fighter crossing the border is interdicted.",
        kAssumption);
  share("policy.cve.coverage", 0.0,
        "Share of persons a CVE programme reaches each week in its regions.", kAssumption);
  s.text("policy.cve.regions", "")
      .changeable()
      .describe("Comma-separated regions of the CVE programme (empty: every region).")
      .cite(kAssumption);
  share("policy.cve.youth_focus", 0.5,
        "How much CVE concentrates on youth (1: youth only, 0: everyone alike).", kAssumption);
  share("policy.engagement.level", 0.1,
        "Community engagement (hearts and minds): trust, tips, moderation where the state is "
        "present.",
        kBerman);
  share("policy.legal.arrest_over_kill", 0.3,
        "Share of fighters neutralised in raids who are arrested rather than killed.", kAssumption);
  share("policy.legal.due_process", 0.3,
        "Due process: fewer false arrests, more convictions of real fighters.", kAssumption);
  share("policy.legal.detention_conditions", 0.3,
        "Detention conditions (1: humane): less radicalisation in detention.",
        "Neumann 2010 (ICSR)");
  share("policy.legal.rehabilitation", 0.0,
        "Rehabilitation programmes in detention: moderate detainees' attitudes.",
        "Neumann 2010 (ICSR)");
  share("policy.legal.extradition", 0.1,
        "Extradition agreements: fighters abroad can be arrested (fewer safe havens).",
        kAssumption);
  s.real("policy.aid.humanitarian.budget", 100)
      .range(0, 1e5)
      .changeable()
      .units("million USD per year")
      .describe("Humanitarian aid (food, cash, shelter), allocated by need and access.")
      .cite("OCHA FTS: Mali humanitarian funding about USD 200-300 M per year 2013-2016");
  share("policy.aid.humanitarian.neutrality", 0.7,
        "Neutrality of aid actors: access in insecure cells and fewer kidnappings.", kAssumption);
  s.boolean("policy.aid.access_rule", true)
      .changeable()
      .describe("Aid cannot reach cells closed by insecurity or kidnappings (off: it always can).")
      .cite(kAssumption);
  s.real("policy.aid.reconstruction.budget", 0)
      .range(0, 1e5)
      .changeable()
      .units("million USD per year")
      .describe("Reconstruction (schools, clinics, local governance), by need and access.")
      .cite(kAssumption);
  share("policy.aid.reconstruction.schools", 0.4, "Share of reconstruction for schools.",
        kAssumption);
  share("policy.aid.reconstruction.clinics", 0.4, "Share of reconstruction for clinics.",
        kAssumption);
  share("policy.aid.reconstruction.governance", 0.2,
        "Share of reconstruction for local governance (adds to state presence).", kAssumption);
  for (const char* lever : {"education", "vocational", "jobs"}) {
    s.real(std::string("policy.prevention.") + lever, 0)
        .range(0, 1e5)
        .changeable()
        .units("million USD per year")
        .describe(std::string("Prevention through ") + lever +
                  ": lowers youth hardship where spent (by youth population and access).")
        .cite("Blattman & Ralston 2015 (jobs and violence: mixed evidence)");
  }
  s.real("policy.prevention.dialogue", 0)
      .range(0, 1e5)
      .changeable()
      .units("million USD per year")
      .describe("Interfaith and inter-community dialogue: moderation, lower ethnic tension.")
      .cite(kAssumption);
  share("policy.governance.anti_corruption", 0.1,
        "Anti-corruption: removes the corruption "
        "penalty on trust.",
        kAssumption);
  share("policy.governance.rule_of_law", 0.2,
        "Rule of law: abuses are punished (lower abuse risk) and cost less trust.", kAssumption);
  share("policy.governance.inclusion", 0.2,
        "Inclusion of marginalised groups: raises trust where trust is lowest (north).",
        kAssumption);
  s.real("policy.international.peacekeepers", 0)
      .range(0, 1e5)
      .changeable()
      .units("troops")
      .describe("UN peacekeepers (MINUSMA): protect towns, patrol, high discipline.")
      .cite(kFacts);
  s.real("policy.international.joint_force", 0)
      .range(0, 1e5)
      .changeable()
      .units("troops")
      .describe("Regional joint force (G5 Sahel): border areas.")
      .cite(kFacts);
  share("policy.international.training", 0.1,
        "Capacity building (EUTM): raises discipline and precision of national forces.", kFacts);
  share("policy.coordination", 0.3,
        "Coordination of military, police and intelligence: share of intelligence a unit "
        "actually uses (0.5 + coordination / 2).",
        kAssumption);
  s.real("policy.aid.reintegration", 0)
      .range(0, 1e5)
      .changeable()
      .units("million USD per year")
      .describe("Reintegration (DDR): raises fighters' defection, by fighters reached.")
      .cite("World Bank MDRP");
}

void cost_parameters(Schema& s) {
  const auto cost = [&](const std::string& key, double value, const std::string& unit,
                        const std::string& doc, const std::string& source) {
    s.real("costs." + key, value).range(0, 1e6).units(unit).describe(doc).cite(source);
  };
  constexpr const char* kSipri = "SIPRI Milex: Mali defence spending and troops (assumption)";
  cost("soldier_year", 0.03, "million USD per troop-year", "National army troop.", kSipri);
  cost("special_soldier_year", 0.5, "million USD per troop-year",
       "Counter-terrorism force troop (Barkhane cost about EUR 1 bn per year for 5,000).",
       "French Senate report 2021 (Barkhane cost)");
  cost("peacekeeper_year", 0.09, "million USD per troop-year",
       "UN peacekeeper (MINUSMA budget about USD 1.2 bn per year for 13,000).",
       "UN Fifth Committee budgets 2015-2022");
  cost("joint_soldier_year", 0.05, "million USD per troop-year", "Joint force troop.",
       "G5 Sahel pledges about EUR 420 M for 5,000 (assumption)");
  cost("police_year", 0.015, "million USD per troop-year", "Police or gendarme.", kAssumption);
  cost("militia_year", 0.003, "million USD per troop-year", "Militia member.", kAssumption);
  cost("air_sortie", 0.05, "million USD per sortie", "Air strike sortie.", kAssumption);
  cost("surveillance_year", 60, "million USD per year", "Surveillance at full level.", kAssumption);
  cost("informants_year", 15, "million USD per year", "Informant programme at full level.",
       kAssumption);
  cost("partner_sharing_year", 10, "million USD per year", "Partner sharing at full level.",
       kAssumption);
  cost("border_year", 80, "million USD per year", "Border control at full level.", kAssumption);
  cost("cve_year", 50, "million USD per year", "CVE at full coverage of every region.",
       kAssumption);
  cost("engagement_year", 30, "million USD per year", "Community engagement at full level.",
       kAssumption);
  cost("legal_year", 30, "million USD per year",
       "Due process, detention conditions and rehabilitation, each at full level.", kAssumption);
  cost("extradition_year", 5, "million USD per year", "Extradition at full level.", kAssumption);
  cost("governance_year", 40, "million USD per year",
       "Each governance lever (anti-corruption, rule of law, inclusion) at full level.",
       kAssumption);
  cost("training_year", 30, "million USD per year", "Capacity building at full level.",
       "EUTM Mali budget about EUR 30-130 M per mandate");
  cost("coordination_year", 10, "million USD per year", "Coordination at full level.", kAssumption);
}

Schema parameters() {
  Schema s;
  person_parameters(s);
  operation_parameters(s);
  group_parameters(s);
  force_parameters(s);
  policy_parameters(s);
  cost_parameters(s);
  // The geography the model lives on (shared with geography-only scenarios).
  for (const auto& spec : geography_schema().specs()) {
    ParamSpec copy = spec;
    ParamSpec& added =
        spec.type == ParamType::real      ? s.real(copy.key, 0)
        : spec.type == ParamType::integer ? s.integer(copy.key, 0)
        : spec.type == ParamType::boolean ? s.boolean(copy.key, false)
        : spec.type == ParamType::choice
            ? s.choice(copy.key, copy.choices, std::get<std::string>(copy.default_value))
            : s.text(copy.key, "");
    added = copy;
  }
  return s;
}

std::vector<int> parse_regions(const ParamSet& p, const std::string& key, const Geography& g) {
  const std::string& text = p.text(key);
  std::vector<int> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    const auto b = item.find_first_not_of(' ');
    if (b == std::string::npos) continue;
    item = item.substr(b, item.find_last_not_of(' ') - b + 1);
    int found = -1;
    for (std::size_t r = 1; r < g.regions.size(); ++r) {
      if (g.regions[r].name == item) found = static_cast<int>(r);
    }
    if (found < 0) {
      std::string names;
      for (std::size_t r = 1; r < g.regions.size(); ++r) {
        names.append(r > 1 ? ", " : "").append(g.regions[r].name);
      }
      throw UserError(p.origin(p.index(key)), key,
                      "unknown region (expected one of " + names + ", got '" + item + "')");
    }
    out.push_back(found);
  }
  return out;
}

}  // namespace

Settings Settings::from(const ParamSet& p, const Geography& g) {
  Settings s;
  const auto r = [&](const char* key) { return p.real(key); };
  s.scale = r("params.scale");
  s.youth_share = r("params.youth_share");
  s.hardship_base = r("params.hardship.base");
  s.hardship_saharan = r("params.hardship.saharan");
  s.hardship_urban = r("params.hardship.urban");
  s.hardship_services = r("params.hardship.services");
  s.hardship_aid = r("params.hardship.aid");
  s.hardship_jobs = r("params.hardship.jobs");
  s.hardship_shadow = r("params.hardship.shadow");
  s.surveillance_max = r("params.intelligence.surveillance_max");
  const char* biomes[3] = {"sudanian", "sahelian", "saharan"};
  for (std::size_t b = 0; b < 3; ++b) {
    double sum = 0;
    for (std::size_t e = 0; e < kEthnicities; ++e) {
      s.ethnic_shares[b][e] = p.real(std::string("params.population.ethnicity.") + biomes[b] + "." +
                                     kEthnicityNames[e]);
      sum += s.ethnic_shares[b][e];
    }
    for (auto& x : s.ethnic_shares[b]) x = sum > 0 ? x / sum : 0.0;
  }
  s.fisher_share = r("params.population.fisher_share");
  s.herder_pastoral = r("params.population.herder_share_pastoral");
  s.herder_other = r("params.population.herder_share_other");
  s.presence_town = r("params.cells.presence_town");
  s.presence_abroad = r("params.cells.presence_abroad");
  s.shadow_decay = r("params.cells.shadow_decay");
  s.tension_decay = r("params.cells.tension_decay");
  s.density_people = r("params.operations.density_people");
  s.air_kill = r("params.operations.air_kill");
  s.sortie_troops = r("params.operations.sortie_troops");
  s.air_reach_km = r("params.operations.air_reach_km");
  s.border_band_km = r("params.operations.border_band_km");
  s.surprise_attack = r("params.operations.surprise_attack");
  s.surprise_defence = r("params.operations.surprise_defence");
  s.training_precision = r("params.operations.training_precision");
  s.training_discipline = r("params.operations.training_discipline");
  s.rule_of_law_effect = r("params.operations.rule_of_law_effect");
  s.abuse_people = r("params.operations.abuse_people");
  s.conviction_base = r("params.operations.conviction_base");
  s.conviction_due_process = r("params.operations.conviction_due_process");
  s.kidnap_influence = r("params.operations.kidnap_influence");
  s.population_pull = r("params.fighters.population_pull");
  s.partner_max = r("params.intelligence.partner_max");
  s.dialogue_cost = r("params.aid.dialogue_cost");
  s.hardship_rate = r("params.hardship.rate");
  s.lean_season = r("params.hardship.lean_season");
  s.drought = r("params.hardship.drought");
  s.violence_hardship = r("params.hardship.violence");
  s.displaced_hardship = r("params.hardship.displaced");
  s.fear_rate = r("params.fear.rate");
  s.fear_gain = r("params.fear.gain");
  s.victim_decay = r("params.victimization.decay");
  s.kin_reach = r("params.victimization.kin_reach");
  s.abuse_weight = r("params.victimization.abuse_weight");
  s.trust_initial = r("params.trust.initial");
  s.north_trust_gap = r("params.trust.north_gap");
  s.trust_rate = r("params.trust.rate");
  s.trust_presence = r("params.trust.presence");
  s.trust_protection = r("params.trust.protection");
  s.trust_services = r("params.trust.services");
  s.trust_engagement = r("params.trust.engagement");
  s.trust_harm = r("params.trust.harm");
  s.corruption = r("params.trust.corruption");
  s.legitimacy_shift = r("params.trust.legitimacy_shift");
  s.attitude_mean = r("params.attitude.mean");
  s.attitude_sd = r("params.attitude.sd");
  s.uncertainty = r("params.attitude.uncertainty");
  s.extremist_share = r("params.attitude.extremist_share");
  s.mu = r("params.attitude.mu");
  s.propaganda_rate = r("params.attitude.propaganda");
  s.moderation_rate = r("params.attitude.moderation");
  s.detention_radicalisation = r("params.attitude.detention_radicalisation");
  s.recruit_attitude = r("params.recruitment.attitude");
  s.recruit_threshold = r("params.recruitment.threshold");
  s.arrest_risk = r("params.recruitment.arrest_risk");
  s.recruit_rate = r("params.recruitment.rate");
  s.youth_factor = r("params.recruitment.youth_factor");
  s.pay = r("params.recruitment.pay");
  s.tip_rate = r("params.intelligence.tip_rate");
  s.tip_half = r("params.intelligence.tip_half");
  s.visibility = r("params.intelligence.visibility");
  s.flee_threshold = r("params.displacement.threshold");
  s.flee_rate = r("params.displacement.rate");
  s.return_threshold = r("params.displacement.return_threshold");
  s.return_weeks = r("params.displacement.return_weeks");
  s.return_rate = r("params.displacement.return_rate");
  s.travel_km = r("params.displacement.travel_km");
  s.camp_weight = r("params.displacement.camp_weight");
  s.kin_weight = r("params.displacement.kin_weight");
  s.conflict_weight = r("params.displacement.conflict_weight");
  s.distance_scale_km = r("params.displacement.distance_km");
  s.wave_people = r("params.displacement.wave_people");
  s.defect_rate = r("params.fighters.defect_rate");
  s.move_rate = r("params.fighters.move_rate");
  s.move_km = r("params.fighters.move_km");
  s.insecurity_decay = r("params.cells.insecurity_decay");
  s.insecurity_gain = r("params.cells.insecurity_gain");
  s.insecurity_people = r("params.cells.insecurity_people");
  s.influence_km = r("params.cells.influence_km");
  s.influence_people = r("params.cells.influence_people");
  s.presence_km = r("params.cells.presence_km");
  s.presence_troops = r("params.cells.presence_troops");
  s.presence_base_sudanian = r("params.cells.presence_sudanian");
  s.presence_base_sahelian = r("params.cells.presence_sahelian");
  s.presence_base_saharan = r("params.cells.presence_saharan");
  s.services_initial = r("params.cells.services");
  s.demography = p.boolean("params.demography");
  s.birth_rate = r("params.birth_rate");
  s.death_rate = r("params.death_rate");
  s.clash_rate = r("params.operations.clash_rate");
  s.raid_threshold = r("params.operations.raid_threshold");
  s.collateral_rate = r("params.operations.collateral_rate");
  s.abuse_rate = r("params.operations.abuse_rate");
  s.profiling = r("params.operations.profiling");
  s.false_arrest_rate = r("params.operations.false_arrest_rate");
  s.pretrial_weeks = r("params.operations.pretrial_weeks");
  s.sentence_weeks = r("params.operations.sentence_weeks");
  s.havens_arrest = r("params.operations.havens_arrest");
  s.replenish = r("params.operations.replenish");
  s.attack_ratio = r("params.operations.attack_ratio");
  s.reprisal_rate = r("params.operations.reprisal_rate");
  s.ied_lethality = r("params.operations.ied_lethality");
  s.ied_civilian = r("params.operations.ied_civilian");
  s.attack_lethality = r("params.operations.attack_lethality");
  s.aid_half = r("params.aid.half");
  s.access_insecurity = r("params.aid.access_insecurity");
  s.service_cost = r("params.aid.service_cost");
  s.project_weeks = r("params.aid.project_weeks");
  s.service_decay = r("params.aid.service_decay");
  s.kidnap_block_weeks = r("params.aid.kidnap_block_weeks");
  s.ddr_cost = r("params.aid.ddr_cost");
  s.jobs_cost = r("params.aid.jobs_cost");
  s.cve_effect = r("params.aid.cve_effect");

  for (int gi = 0; gi < kGroups; ++gi) {
    const std::string k = std::string("groups.") + kGroupNames[gi] + ".";
    GroupSettings& gs = s.groups[static_cast<std::size_t>(gi)];
    gs.fighters = p.real(k + "fighters");
    const std::string& affinity = p.text(k + "affinity");
    gs.affinity = -1;
    for (int e = 0; e < kEthnicities; ++e) {
      if (affinity == kEthnicityNames[e]) gs.affinity = e;
    }
    gs.regions = parse_regions(p, k + "regions", g);
    gs.seed_fighters = p.real(k + "seed_fighters");
    gs.seed_regions = parse_regions(p, k + "seed_regions", g);
    if (gs.seed_regions.empty()) gs.seed_regions = gs.regions;
    gs.attack = p.real(k + "attack");
    gs.civilians = p.real(k + "civilians");
    gs.ied = p.real(k + "ied");
    gs.kidnap = p.real(k + "kidnap");
    gs.tax = p.real(k + "tax");
    gs.governance = p.real(k + "governance");
    gs.propaganda = p.real(k + "propaganda");
    gs.firepower = p.real(k + "firepower");
  }
  for (int o = 0; o < kOwners; ++o) {
    const std::string k = std::string("forces.") + kOwnerNames[o] + ".";
    OwnerSettings& os = s.owners[static_cast<std::size_t>(o)];
    os.unit_size = p.real(k + "unit_size");
    os.precision = p.real(k + "precision");
    os.discipline = p.real(k + "discipline");
    os.mobility_km = p.real(k + "mobility_km");
    os.firepower = p.real(k + "firepower");
    os.air = p.real(k + "air");
    os.collateral_tolerance = p.real(k + "collateral_extra");
    os.protect = p.real(k + "protect");
    os.border = p.real(k + "border");
  }
  s.owners[kArmy].troops = r("policy.military.troops");
  s.owners[kPolice].troops = r("forces.police.troops");
  s.owners[kUn].troops = r("policy.international.peacekeepers");
  s.owners[kCt].troops = r("policy.military.special_units");
  s.owners[kJoint].troops = r("policy.international.joint_force");
  s.owners[kMilitia].troops = r("forces.militia.troops");

  auto& q = s.policy;
  q.patrol = r("policy.military.posture.patrol");
  q.raid = r("policy.military.posture.raid");
  q.air = r("policy.military.posture.air");
  q.collateral_tolerance = r("policy.military.collateral_tolerance");
  q.surveillance = r("policy.intelligence.surveillance");
  q.informants = r("policy.intelligence.informants");
  q.partner_sharing = r("policy.intelligence.partner_sharing");
  q.border = r("policy.border.control");
  q.cve_coverage = r("policy.cve.coverage");
  q.cve_regions = parse_regions(p, "policy.cve.regions", g);
  q.cve_youth_focus = r("policy.cve.youth_focus");
  q.engagement = r("policy.engagement.level");
  q.arrest_over_kill = r("policy.legal.arrest_over_kill");
  q.due_process = r("policy.legal.due_process");
  q.detention_conditions = r("policy.legal.detention_conditions");
  q.rehabilitation = r("policy.legal.rehabilitation");
  q.extradition = r("policy.legal.extradition");
  q.humanitarian = r("policy.aid.humanitarian.budget");
  q.neutrality = r("policy.aid.humanitarian.neutrality");
  q.access_rule = p.boolean("policy.aid.access_rule");
  q.reconstruction = r("policy.aid.reconstruction.budget");
  q.schools = r("policy.aid.reconstruction.schools");
  q.clinics = r("policy.aid.reconstruction.clinics");
  q.governance_share = r("policy.aid.reconstruction.governance");
  q.education = r("policy.prevention.education");
  q.vocational = r("policy.prevention.vocational");
  q.jobs = r("policy.prevention.jobs");
  q.dialogue = r("policy.prevention.dialogue");
  q.anti_corruption = r("policy.governance.anti_corruption");
  q.rule_of_law = r("policy.governance.rule_of_law");
  q.inclusion = r("policy.governance.inclusion");
  q.training = r("policy.international.training");
  q.coordination = r("policy.coordination");
  q.reintegration = r("policy.aid.reintegration");

  auto& c = s.cost;
  c.soldier_year = r("costs.soldier_year");
  c.special_soldier_year = r("costs.special_soldier_year");
  c.peacekeeper_year = r("costs.peacekeeper_year");
  c.joint_soldier_year = r("costs.joint_soldier_year");
  c.police_year = r("costs.police_year");
  c.militia_year = r("costs.militia_year");
  c.air_sortie_weight = r("costs.air_sortie");
  c.surveillance_year = r("costs.surveillance_year");
  c.informants_year = r("costs.informants_year");
  c.partner_sharing_year = r("costs.partner_sharing_year");
  c.border_year = r("costs.border_year");
  c.cve_year = r("costs.cve_year");
  c.engagement_year = r("costs.engagement_year");
  c.legal_year = r("costs.legal_year");
  c.extradition_year = r("costs.extradition_year");
  c.governance_year = r("costs.governance_year");
  c.training_year = r("costs.training_year");
  c.coordination_year = r("costs.coordination_year");
  return s;
}

namespace {

void check(const ParamSet& params, const Timeline& timeline, DiagnosticList& diagnostics) {
  const auto at = [&](const std::string& key) { return params.origin(params.index(key)); };
  // Posture weights must not all be zero (at the start and wherever the timeline sets them).
  const double posture = params.real("policy.military.posture.patrol") +
                         params.real("policy.military.posture.raid") +
                         params.real("policy.military.posture.air");
  if (posture <= 0) {
    diagnostics.add(at("policy.military.posture.patrol"), "policy.military.posture",
                    "every posture weight is 0 (expected patrol + raid + air > 0)");
  }
  for (const char* owner : kOwnerNames) {
    const std::string k = std::string("forces.") + owner + ".";
    const double sum = params.real(k + "protect") + params.real(k + "border");
    if (sum > 1 + 1e-9) {
      diagnostics.add(
          at(k + "protect"), k + "protect",
          "protect + border shares exceed 1 (expected a sum <= 1, got " + format_value(sum) + ")");
    }
  }
  for (const char* biome : {"sudanian", "sahelian", "saharan"}) {
    double sum = 0;
    for (const char* e : kEthnicityNames) {
      sum += params.real(std::string("params.population.ethnicity.") + biome + "." + e);
    }
    if (sum <= 0) {
      const std::string k = std::string("params.population.ethnicity.") + biome;
      diagnostics.add(at(k + ".mande"), k, "every share is 0 (expected a positive sum)");
    }
  }
  const double shares = params.real("policy.aid.reconstruction.schools") +
                        params.real("policy.aid.reconstruction.clinics") +
                        params.real("policy.aid.reconstruction.governance");
  if (shares > 1 + 1e-9) {
    diagnostics.add(at("policy.aid.reconstruction.schools"), "policy.aid.reconstruction",
                    "schools + clinics + governance shares exceed 1 (expected a sum <= 1, got " +
                        format_value(shares) + ")");
  }
  // Region names (groups.*.regions, policy.cve.regions, also where the timeline sets them)
  // must be regions of the geography: build it (as the run will) and read them.
  // Region names (groups.*.regions and seed_regions, policy.cve.regions, also where the
  // timeline sets them) must be regions of the geography: build it (as the run will) and
  // read them.
  std::vector<std::string> keys{"policy.cve.regions"};
  for (const char* g : kGroupNames) {
    keys.push_back(std::string("groups.") + g + ".regions");
    keys.push_back(std::string("groups.") + g + ".seed_regions");
  }
  bool named = false;
  for (const auto& key : keys) named = named || !params.text(key).empty();
  std::vector<std::size_t> indices;
  for (const auto& key : keys) indices.push_back(params.index(key));
  const auto region_key = [&](std::size_t index) {
    return std::find(indices.begin(), indices.end(), index) != indices.end();
  };
  for (const auto& entry : timeline.entries()) {
    for (const auto& [index, value] : entry.changes) named = named || region_key(index);
  }
  if (!named) return;
  const Geography geography = build_geography(params, census_year(params));
  const auto regions = [&](const ParamSet& p, const std::string& key) {
    try {
      (void)parse_regions(p, key, geography);
    } catch (const UserError& e) {
      for (const Diagnostic& d : e.diagnostics()) diagnostics.add(d.where, d.key, d.message);
    }
  };
  for (const auto& key : keys) regions(params, key);
  for (const auto& entry : timeline.entries()) {
    for (const auto& [index, value] : entry.changes) {
      if (!region_key(index)) continue;
      ParamSet copy = params;
      copy.set(index, value, entry.where);
      regions(copy, params.schema().at(index).key);
    }
  }
}

}  // namespace

ModelInfo describe() {
  ModelInfo info;
  info.name = "sahel";
  info.summary =
      "Communities, armed groups, security forces and aid actors in Mali and the Sahel under a "
      "policy mix";
  info.citation =
      "sahelsim Sahel model (docs/models/sahel.md), after Epstein 2002 (grievance, net risk), "
      "Deffuant et al. 2002 (relative agreement), Suleimenova et al. 2017 (Flee), Berman, "
      "Shapiro & Felter 2011 and Condra & Shapiro 2012 (information and victimization)";
  info.sections = {"params", "groups", "forces", "policy", "costs", "geography"};
  info.step_days = 7;  // every rate is per week
  info.schema = parameters();
  info.series = national_series();
  info.regional = regional_series();
  info.formulas = {{"stability", kStabilityFormula}};
  info.groups = series_groups();
  info.maps = map_specs();
  info.events = event_specs();
  info.streams = {kStreamInit,   kStreamSeeding, kStreamPersons, kStreamUnits,
                  kStreamGroups, kStreamVictims, kStreamApply};
  info.check = check;
  // A lower estimate: 60 bytes per person agent (83 measured, benchmarks/README.md) for the
  // synthetic world's people or Mali's 2009 census (14.5 million), at params.scale.
  info.memory = [](const ParamSet& p) -> ModelInfo::MemoryEstimate {
    const double people = p.text("geography.preset") == "synthetic"
                              ? static_cast<double>(p.integer("geography.synthetic.population"))
                              : 14.5e6;
    return {60.0 * people / p.real("params.scale"), "params.scale"};
  };
  info.create = [](const ModelContext& context) -> std::unique_ptr<Model> {
    return std::make_unique<World>(context.params, context.seed, context.calendar);
  };
  return info;
}

void register_model(ModelRegistry& registry) {
  registry.add(describe());
}

}  // namespace sahelsim::sahel
