// The Sahel model's world: persons, armed groups, security force units, aid programmes on a
// geographic grid (../../docs/models/sahel.md). Internal to the model.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/agent_store.hpp"
#include "core/cell_index.hpp"
#include "core/model.hpp"
#include "geo/geography.hpp"

namespace sahelsim::sahel {

// Index conversions used throughout the model (cells and slots are int32 in the columns).
inline std::size_t sz(std::int64_t v) {
  return static_cast<std::size_t>(v);
}
inline std::size_t sz(std::int32_t v) {
  return static_cast<std::size_t>(v);
}
inline float f32(double v) {
  return static_cast<float>(v);
}

// ---- Kinds ------------------------------------------------------------------------------

enum Status : std::uint8_t {
  kResident = 0,
  kIdp = 1,
  kRefugee = 2,
  kTransit = 3,
  kDetained = 4,
  kFighter = 5,
  kDead = 6,
};
inline constexpr int kStatuses = 7;
inline constexpr const char* kStatusNames[kStatuses] = {"resident", "idp",     "refugee", "transit",
                                                        "detained", "fighter", "dead"};

enum Livelihood : std::uint8_t { kFarmer = 0, kHerder = 1, kFisher = 2, kUrban = 3 };
inline constexpr int kLivelihoods = 4;

// Ethnic categories (mali_facts.md §3.1, grouped): Mande (Bambara, Malinke, Soninke), Fulani,
// Voltaic (Senufo, Minianka, Dogon, Bobo), Songhai, Tuareg and Arab, other (Bozo, ...).
inline constexpr int kEthnicities = 6;
inline constexpr const char* kEthnicityNames[kEthnicities] = {"mande",   "fulani",      "voltaic",
                                                              "songhai", "tuareg_arab", "other"};

// Armed groups: three named slots with their own parameters (groups.<name>.*).
inline constexpr int kGroups = 3;
inline constexpr const char* kGroupNames[kGroups] = {"jnim", "isgs", "separatists"};
inline constexpr std::uint8_t kNoGroup = 255;

// Security force owners (forces.<name>.*).
enum Owner : std::uint8_t { kArmy = 0, kPolice = 1, kUn = 2, kCt = 3, kJoint = 4, kMilitia = 5 };
inline constexpr int kOwners = 6;
inline constexpr const char* kOwnerNames[kOwners] = {"army", "police", "un",
                                                     "ct",   "joint",  "militia"};

enum Mission : std::uint8_t { kPatrol = 0, kRaid = 1, kAir = 2, kBorder = 3, kProtect = 4 };

// Person flags.
inline constexpr std::uint8_t kYouth = 1;
inline constexpr std::uint8_t kTipped = 2;     // gave a tip to the state this step
inline constexpr std::uint8_t kReturning = 4;  // in transit back home

// Intents recorded by the person kernel and applied in slot order.
enum Intent : std::uint8_t {
  kNone = 0,
  kRecruit,       // arg: group
  kFlee,          // arg: destination cell
  kReturn,        // home
  kArrive,        // end of transit
  kRelease,       // end of detention
  kMove,          // fighter; arg: cell
  kDefect,        // fighter leaves the group
  kDie,           // natural death (demography)
  kBirth,         // gives birth (demography)
  kArrestAbroad,  // fighter arrested in a haven abroad (extradition, partner sharing)
};

// ---- Parameters --------------------------------------------------------------------------

struct GroupSettings {
  double fighters = 0;            // people at the start
  int affinity = -1;              // ethnicity index, -1: none
  std::vector<int> regions;       // home regions (indices); empty: anywhere in the home country
  double seed_fighters = 0;       // joining when the timeline sets groups.<g>.seed_fighters
  std::vector<int> seed_regions;  // where they are found (the home regions when not given)
  double attack = 0, civilians = 0, ied = 0, kidnap = 0, tax = 0, governance = 0, propaganda = 0;
  double firepower = 0;
};

struct OwnerSettings {
  double troops = 0;  // from the policy levers (forces.<o>.troops for police and militia)
  double unit_size = 500;
  double precision = 0.5;
  double discipline = 0.7;
  double mobility_km = 100;
  double firepower = 0.01;
  double air = 0;
  double collateral_tolerance = 0.3;
  double protect = 0, border = 0;  // mission shares
};

struct Settings {
  // Scale and population.
  double scale = 20;
  double youth_share = 0.33;
  double hardship_base = 0.35, hardship_saharan = 0.1, hardship_urban = -0.1,
         hardship_services = 0.2, hardship_aid = 0.3, hardship_jobs = 0.3, hardship_shadow = 0.1;
  double surveillance_max = 0.6, partner_max = 0.3, dialogue_cost = 2.0;
  std::array<std::array<double, kEthnicities>, 3> ethnic_shares{};  // sudanian, sahelian, saharan
  double fisher_share = 0.2, herder_pastoral = 0.7, herder_other = 0.1;
  double presence_town = 0.2, presence_abroad = 0.5, shadow_decay = 0.9, tension_decay = 0.9;
  double density_people = 1000, air_kill = 0.5, sortie_troops = 50, air_reach_km = 1000,
         border_band_km = 50, surprise_attack = 1.5, surprise_defence = 0.5,
         training_precision = 0.3, training_discipline = 0.5, rule_of_law_effect = 0.7,
         abuse_people = 20, conviction_base = 0.3, conviction_due_process = 0.6,
         kidnap_influence = 0.3, population_pull = 0.2, insecurity_people = 1000;
  // Person dynamics.
  double hardship_rate = 0.1, trust_rate = 0.05, fear_rate = 0.3, victim_decay = 0.98;
  double lean_season = 0.15, drought = 0.0, violence_hardship = 0.4, displaced_hardship = 0.25;
  double fear_gain = 3.0, kin_reach = 20.0, abuse_weight = 0.5;
  double trust_initial = 0.5, north_trust_gap = 0.2, trust_presence = 0.3, trust_services = 0.2,
         trust_engagement = 0.25, trust_harm = 3.0, corruption = 0.15, legitimacy_shift = 0.0,
         trust_protection = 0.15;
  double attitude_mean = -0.4, attitude_sd = 0.3, uncertainty = 0.6, extremist_share = 0.005,
         mu = 0.2, propaganda_rate = 0.03, moderation_rate = 0.05, detention_radicalisation = 0.03;
  double recruit_attitude = 0.3, recruit_threshold = 0.25, recruit_rate = 0.05, youth_factor = 3.0,
         arrest_risk = 1.5, pay = 0.002;
  double tip_rate = 0.02, tip_half = 30.0, visibility = 0.2;
  double flee_threshold = 0.35, flee_rate = 0.3, return_threshold = 0.1, return_weeks = 8,
         return_rate = 0.1, travel_km = 250, camp_weight = 2.0, kin_weight = 2.0,
         conflict_weight = 0.25, distance_scale_km = 200, wave_people = 500;
  double defect_rate = 0.002, move_rate = 0.25, move_km = 60, insecurity_decay = 0.9,
         insecurity_gain = 200.0, influence_km = 40, influence_people = 150, presence_km = 50,
         presence_troops = 300, presence_base_sudanian = 0.5, presence_base_sahelian = 0.3,
         presence_base_saharan = 0.1, services_initial = 0.4;
  // Operations.
  double clash_rate = 0.5, raid_threshold = 30, collateral_rate = 0.02, abuse_rate = 0.05,
         profiling = 0.5, false_arrest_rate = 0.02, arrest_share_base = 0.2, pretrial_weeks = 12,
         sentence_weeks = 156, havens_arrest = 0.002, replenish = 0.02, attack_ratio = 0.3,
         reprisal_rate = 0.05, ied_lethality = 2.0, ied_civilian = 1.0, attack_lethality = 5.0,
         aid_half = 1.0, access_insecurity = 0.5, service_cost = 40.0, project_weeks = 52,
         service_decay = 0.001, kidnap_block_weeks = 26, ddr_cost = 2000.0, jobs_cost = 500.0,
         cve_effect = 1.0, birth_rate = 0.044, death_rate = 0.010;
  bool demography = false;

  std::array<GroupSettings, kGroups> groups{};
  std::array<OwnerSettings, kOwners> owners{};

  // Policy levers.
  struct {
    double patrol = 0.5, raid = 0.3, air = 0.2;
    double collateral_tolerance = 0.3;
    double surveillance = 0.2, informants = 0.2, partner_sharing = 0.2;
    double border = 0.2;
    double cve_coverage = 0.0, cve_youth_focus = 0.5;
    std::vector<int> cve_regions;  // empty: every region
    double engagement = 0.1;
    double arrest_over_kill = 0.3, due_process = 0.3, detention_conditions = 0.3,
           rehabilitation = 0.0, extradition = 0.1;
    double humanitarian = 0, neutrality = 0.7;
    bool access_rule = true;
    double reconstruction = 0, schools = 0.4, clinics = 0.4, governance_share = 0.2;
    double education = 0, vocational = 0, jobs = 0, dialogue = 0;
    double anti_corruption = 0.1, rule_of_law = 0.2, inclusion = 0.2;
    double training = 0.1;
    double coordination = 0.3;
    double reintegration = 0;
  } policy;

  // Unit costs (million USD).
  struct {
    double soldier_year = 0.03, special_soldier_year = 0.15, peacekeeper_year = 0.05,
           joint_soldier_year = 0.03, police_year = 0.015, militia_year = 0.005,
           air_sortie_weight = 20.0, surveillance_year = 60.0, informants_year = 15.0,
           partner_sharing_year = 10.0, border_year = 40.0, cve_year = 30.0, engagement_year = 20.0,
           legal_year = 25.0, extradition_year = 5.0, governance_year = 30.0, training_year = 20.0,
           coordination_year = 10.0;
  } cost;

  static Settings from(const ParamSet& params, const Geography& geography);
};

// ---- Random streams (ids are part of the results' provenance: never renumber) ------------

inline constexpr StreamSpec kStreamInit{1, "init", "person attributes at the start (entity = id)"};
inline constexpr StreamSpec kStreamSeeding{
    2, "seeding", "which persons are the armed groups' first fighters (entity = group)"};
inline constexpr StreamSpec kStreamPersons{
    3, "persons", "the person kernel's draws: peer, recruitment, tips, flight (entity = id)"};
inline constexpr StreamSpec kStreamUnits{
    4, "units", "a unit's mission, target and the outcome of its operation (entity = unit id)"};
inline constexpr StreamSpec kStreamGroups{
    5, "groups", "an armed group's operations in a cell (entity = group * cells + cell)"};
inline constexpr StreamSpec kStreamVictims{
    6, "victims", "who is hit, arrested or killed in an operation (entity = event number)"};
inline constexpr StreamSpec kStreamApply{
    7, "apply", "border interdiction, release and birth draws in the apply phase (entity = id)"};

// ---- World -------------------------------------------------------------------------------

struct Unit {
  std::int32_t id = 0;
  Owner owner = kArmy;
  std::int32_t base = -1;
  std::int32_t cell = -1;
  double nominal = 0;  // troops when at full strength
  double troops = 0;
  Mission mission = kPatrol;

  void persist(StateArchive& ar) { ar(id, owner, base, cell, nominal, troops, mission); }
};

struct Destination {
  std::int32_t cell = -1;
  std::uint8_t country = 0;
  bool camp = false;
  bool home = false;  // in the home country
  double lon = 0, lat = 0;

  void persist(StateArchive& ar) { ar(cell, country, camp, home, lon, lat); }
};

// Counters of one step (flows); cleared at the start of each step.
struct StepFlows {
  double recruits = 0, defections = 0, births = 0, natural_deaths = 0;
  double attacks_forces = 0, attacks_civilians = 0, ieds = 0, reprisals = 0, kidnappings = 0;
  double civilians_by_groups = 0, civilians_by_state = 0, forces_killed = 0, fighters_killed = 0;
  double operations = 0, successful_operations = 0, raids = 0, air_strikes = 0, clashes = 0;
  double arrests_true = 0, arrests_false = 0, abuses = 0;
  double new_displacements = 0, returns = 0, crossings = 0, interdictions = 0;
  double aid_delivered = 0, aid_blocked = 0;
  std::array<double, 14> cost{};  // by lever group (kCostNames)
};
inline constexpr const char* kCostNames[14] = {
    "military",   "special_units", "air",           "intelligence", "border",
    "cve",        "engagement",    "legal",         "humanitarian", "reconstruction",
    "prevention", "governance",    "international", "reintegration"};

class World final : public Model {
 public:
  World(const ParamSet& params, std::uint64_t seed, const std::optional<Calendar>& calendar);

  void schedule(Schedule& schedule) override;
  void on_params_changed(const ParamSet& params, std::span<const std::size_t> changed,
                         std::int64_t step) override;
  void measure(std::span<double> out) const override;
  void draw_map(std::size_t map, MapBuffer& out) const override;
  [[nodiscard]] const Grid& grid() const override { return grid_; }
  [[nodiscard]] Footprint footprint() const override;
  void persist(StateArchive& archive) override;
  [[nodiscard]] const Geography* geography() const override { return &geo_; }
  // Regions of the home country (index 0 of the geography, "outside", is not a region).
  [[nodiscard]] std::size_t regions() const override { return geo_.regions.size() - 1; }
  void measure_regional(std::span<double> out) const override;

  // For tests: the persons and the units.
  [[nodiscard]] const AgentStore& persons() const { return persons_; }
  [[nodiscard]] const std::vector<Unit>& units() const { return units_; }
  [[nodiscard]] std::span<const std::uint8_t> status() const { return status_->values(); }
  [[nodiscard]] std::span<const std::uint8_t> group() const { return group_->values(); }
  [[nodiscard]] std::span<const std::int32_t> cells() const { return cell_->values(); }
  [[nodiscard]] bool in_home_country(std::int32_t cell) const {
    return home_[static_cast<std::size_t>(cell)] != 0;
  }
  [[nodiscard]] double people_per_agent() const { return s_.scale; }
  [[nodiscard]] std::int64_t initial_agents() const { return initial_agents_; }
  [[nodiscard]] std::int64_t births() const { return births_total_; }
  // Every person's state variables are finite and in range (invariant tests).
  [[nodiscard]] std::string check_state() const;

 private:
  void initialise();
  // `people` persons of `regions` (empty: anywhere) join group g, youth first, the group's
  // affinity preferred; `counter` keys the draws (0 at the start, step + 1 later).
  void seed_group(int g, double people, const std::vector<int>& regions, std::uint64_t counter);
  void build_units();
  void resize_owner(Owner owner, double troops);
  void build_destinations();

  // Phases.
  void environment(std::int64_t step);
  void fields();
  void security(StepContext& context);
  void armed_groups(StepContext& context);
  void aid();
  void persons_kernel(std::int64_t step, std::size_t begin, std::size_t end);
  void apply(StepContext& context);
  void indicators();

  // Helpers for operations. Who is hit: round(people / scale) persons (stochastic rounding)
  // drawn at random among the cell's eligible persons (stream "victims", one entity per call).
  enum class Pick : std::uint8_t { fighters, civilians, informers, arrestable };
  std::vector<std::int32_t> pick_in_cell(std::int32_t cell, double people, Pick pick,
                                         std::uint8_t group, Draws& draws);
  double kill_in_cell(std::int32_t cell, double people, std::uint64_t step, Pick pick,
                      std::uint8_t group = kNoGroup);
  double arrest_in_cell(std::int32_t cell, double people, std::uint64_t step, Pick pick);
  void detain(std::size_t slot, double weeks);
  void note_violence(std::int32_t cell, double people);
  [[nodiscard]] double cell_km(std::int32_t a, std::int32_t b) const;
  [[nodiscard]] double precision_at(const Unit& unit, std::int32_t cell) const;
  [[nodiscard]] std::int64_t agents_for(double people, double u) const;

  Settings s_;
  std::uint64_t seed_;
  std::optional<Calendar> calendar_;
  Geography geo_;
  Grid grid_;
  std::int32_t cells_ = 0;
  double km_per_cell_ = 11;
  std::vector<double> cell_lon_, cell_lat_;
  std::vector<std::int32_t> home_cells_;  // cells of the home country (where people start)
  std::vector<std::uint8_t> home_;        // per cell: in the home country
  std::vector<double> base_presence_;

  // Persons.
  AgentStore persons_{"persons"};
  Column<std::int32_t>* cell_ = nullptr;
  Column<std::int32_t>* home_cell_ = nullptr;
  Column<std::int32_t>* dest_ = nullptr;
  Column<std::int32_t>* arg_ = nullptr;
  Column<std::uint8_t>* status_ = nullptr;
  Column<std::uint8_t>* group_ = nullptr;
  Column<std::uint8_t>* ethnicity_ = nullptr;
  Column<std::uint8_t>* livelihood_ = nullptr;
  Column<std::uint8_t>* flags_ = nullptr;
  Column<std::uint8_t>* intent_ = nullptr;
  Column<std::uint16_t>* timer_ = nullptr;
  Column<std::uint16_t>* safe_ = nullptr;
  Column<float>* hardship_ = nullptr;
  Column<float>* trust_ = nullptr;
  Column<float>* fear_ = nullptr;
  Column<float>* risk_ = nullptr;
  Column<float>* attitude_ = nullptr;
  Column<float>* uncertainty_ = nullptr;
  Column<float>* victim_ = nullptr;
  std::vector<float> attitude_prev_, uncertainty_prev_;  // snapshot for peer influence
  std::vector<std::int32_t> located_;                    // cell for the index, -1: off-grid
  CellIndex index_;
  std::int64_t initial_agents_ = 0;
  std::int64_t births_total_ = 0;

  // Cells: aggregates of the last indicators phase.
  std::vector<std::int32_t> pop_, civ_, sympathizers_, idps_here_, tippers_, majority_;
  std::array<std::vector<std::int32_t>, kGroups> fighters_;
  std::vector<double> sum_attitude_, sum_trust_, sum_hardship_, sum_fear_;
  // Cells: fields.
  std::vector<double> presence_, protection_, services_, projects_, insecurity_, intel_, access_,
      blocked_, aid_pc_, youth_opp_, cve_reach_, dialogue_, ddr_, shadow_;
  std::array<std::vector<double>, kGroups> influence_;
  std::vector<double> state_harm_, abuse_, violence_, deaths_step_, new_displaced_;
  std::vector<double> tension_;  // per cell: profiling abuse against the local majority

  // Actors.
  std::vector<Unit> units_;
  std::int32_t next_unit_id_ = 0;
  std::array<double, kGroups> treasury_{};
  std::array<double, kGroups> pay_pull_{};  // how well each group can pay, in [0, 1]
  std::vector<Destination> destinations_;
  std::vector<std::int32_t> region_capital_;  // per region: cell of its largest town

  // Calendar of the current step.
  double season_ = 0;  // 1 in the lean season (Jun-Aug)
  std::int64_t step_ = 0;
  std::uint64_t victim_draws_ = 0;  // event counter for the victims stream within a step

  // Indicators.
  StepFlows flows_;
  std::vector<double> national_;
  std::vector<double> regional_;  // [series * regions + region]
  std::array<double, kStatuses> status_people_{};
  std::array<double, kGroups> group_people_{};
  double dead_total_ = 0;
};

}  // namespace sahelsim::sahel
