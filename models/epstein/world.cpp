// The Epstein world: initial state, the rules both protocols share (rule A, jail terms,
// releases, cop changes), and what the model reports.
#include "world.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>

#include "core/parallel.hpp"

namespace sahelsim::epstein {

namespace {}  // namespace

double arrest_probability(double k, ArrestRatio rule, std::uint32_t cops, std::uint32_t actives) {
  double ratio = static_cast<double>(cops) / static_cast<double>(actives);
  switch (rule) {
    case ArrestRatio::exact:
      break;
    case ArrestRatio::floor:
      ratio = static_cast<double>(cops / actives);
      break;
    case ArrestRatio::round:
      ratio = std::nearbyint(ratio);
      break;  // half to even, as Python
  }
  return 1.0 - std::exp(-k * ratio);
}

World::World(const ParamSet& params, std::uint64_t seed)
    : settings_(Settings::from(params)),
      seed_(seed),
      grid_(settings_.width, settings_.height, settings_.topology),
      agent_vision_(settings_.neighbourhood, settings_.agent_vision),
      cop_vision_(settings_.neighbourhood, settings_.cop_vision) {
  hardship_ = &agents_.add_column<float>("hardship");
  risk_aversion_ = &agents_.add_column<float>("risk_aversion");
  release_step_ = &agents_.add_column<std::int32_t>("release_step", kFree);
  cop_cell_ = &cops_.add_column<std::int32_t>("cell", -1);

  const auto cells = static_cast<std::size_t>(grid_.cells());
  site_kind_.assign(cells, kEmpty);
  site_slot_.assign(cells, -1);
  site_grievance_.assign(cells, 0.0);
  site_risk_.assign(cells, 0.0f);
  if (settings_.activation == Activation::parallel) {
    const Neighbourhood& widest =
        agent_vision_.reach() >= cop_vision_.reach() ? agent_vision_ : cop_vision_;
    prefix_.emplace(grid_, widest);
    intent_.assign(cells, 0);
    claim_.assign(cells, 0);
    bid_reach_ = widest.reach();
    const auto positions = static_cast<std::uint32_t>((2 * bid_reach_ + 1) * (2 * bid_reach_ + 1));
    position_bits_ = static_cast<unsigned>(std::bit_width(positions));  // codes 1..positions
    code_targets_.resize(positions + 1);
    for (int dy = -bid_reach_; dy <= bid_reach_; ++dy) {
      for (int dx = -bid_reach_; dx <= bid_reach_; ++dx)
        code_targets_[position_code(dx, dy)] = {-dx, -dy};
    }
    // A mover that picks offset o stands at -o from its target.
    for (auto [vision, table] :
         {std::pair{&agent_vision_, &agent_moves_}, std::pair{&cop_vision_, &cop_moves_}}) {
      for (const Offset& o : vision->offsets()) {
        table->codes.push_back(position_code(-o.dx, -o.dy));
        table->deltas.push_back(o.dy * grid_.width() + o.dx);
      }
    }
  }
  place_initial(seed);
  rebuild_arrest_table();
  tally();
}

void World::place_initial(std::uint64_t seed) {
  const std::int32_t cells = grid_.cells();
  const std::int64_t n_cops = sites_for(settings_.cop_density, cells);
  const std::int64_t n_agents = sites_for(settings_.agent_density, cells);

  std::vector<std::int32_t> order(static_cast<std::size_t>(cells));
  std::iota(order.begin(), order.end(), 0);
  Draws placement = Stream(seed, kStreamPlacement).at(0, 0);
  placement.shuffle(order.begin(), order.end());

  cops_.create(static_cast<std::size_t>(n_cops));
  for (std::size_t c = 0; c < cops_.size(); ++c) {
    const std::int32_t cell = order[c];
    (*cop_cell_)[c] = cell;
    site_kind_[static_cast<std::size_t>(cell)] = kCop;
    site_slot_[static_cast<std::size_t>(cell)] = static_cast<std::int32_t>(c);
  }
  agents_.create(static_cast<std::size_t>(n_agents));
  const Stream attributes(seed, kStreamAttributes);
  parallel::for_range(0, agents_.size(), 4096, [&](std::size_t first, std::size_t last) {
    for (std::size_t a = first; a != last; ++a) {
      Draws draws = attributes.at(0, a);
      (*hardship_)[a] = static_cast<float>(draws.uniform());
      (*risk_aversion_)[a] = static_cast<float>(draws.uniform());
      place_agent(order[static_cast<std::size_t>(n_cops) + a], a);
    }
  });
}

void World::place_agent(std::int32_t cell, std::size_t slot) {
  const auto c = static_cast<std::size_t>(cell);
  site_kind_[c] = kQuiet;
  site_slot_[c] = static_cast<std::int32_t>(slot);
  site_grievance_[c] = static_cast<double>((*hardship_)[slot]) * (1.0 - settings_.legitimacy);
  site_risk_[c] = (*risk_aversion_)[slot];
}

void World::move_occupant(std::size_t from, std::size_t to) {
  const std::uint8_t kind = site_kind_[from];
  const std::int32_t slot = site_slot_[from];
  site_kind_[to] = kind;
  site_slot_[to] = slot;
  site_grievance_[to] = site_grievance_[from];
  site_risk_[to] = site_risk_[from];
  site_kind_[from] = kEmpty;
  site_slot_[from] = -1;
  if (kind == kCop) (*cop_cell_)[static_cast<std::size_t>(slot)] = static_cast<std::int32_t>(to);
}

std::vector<std::int32_t> World::positions() const {
  std::vector<std::int32_t> out;
  positions(out);
  return out;
}

void World::positions(std::vector<std::int32_t>& out) const {
  out.assign(agents_.size(), -1);
  for (std::size_t c = 0; c < site_kind_.size(); ++c) {
    if (site_kind_[c] == kQuiet || site_kind_[c] == kActive) {
      out[static_cast<std::size_t>(site_slot_[c])] = static_cast<std::int32_t>(c);
    }
  }
}

void World::refresh_grievance() {
  const double factor = 1.0 - settings_.legitimacy;
  parallel::for_range(0, site_kind_.size(), 65536, [&](std::size_t first, std::size_t last) {
    for (std::size_t c = first; c != last; ++c) {
      if (site_kind_[c] != kQuiet && site_kind_[c] != kActive) continue;
      const auto slot = static_cast<std::size_t>(site_slot_[c]);
      site_grievance_[c] = static_cast<double>((*hardship_)[slot]) * factor;
    }
  });
}

void World::rebuild_arrest_table() {
  // Every (C, A) an agent can see: C cops and A actives (itself included) within vision.
  const std::size_t max_cops = agent_vision_.size();
  const std::size_t max_active = agent_vision_.size() + 1;
  table_stride_ = max_active + 1;
  arrest_probability_.assign((max_cops + 1) * table_stride_, 0.0);
  for (std::size_t c = 0; c <= max_cops; ++c) {
    for (std::size_t a = 1; a <= max_active; ++a) {
      arrest_probability_[c * table_stride_ + a] =
          arrest_probability(settings_.arrest_constant, settings_.arrest_ratio,
                             static_cast<std::uint32_t>(c), static_cast<std::uint32_t>(a));
    }
  }
}

bool World::decide(std::size_t cell, std::uint32_t cops, std::uint32_t others_active) const {
  // Rule A (Epstein 2002): active iff G - N > T, with G = H (1 - L), N = R P and
  // P = 1 - exp(-k r(C, A)), A counting the agent itself.
  const double p = arrest_probability_[cops * table_stride_ + others_active + 1];
  return site_grievance_[cell] - static_cast<double>(site_risk_[cell]) * p > settings_.threshold;
}

std::int32_t World::draw_jail_term(std::uint64_t step, std::int32_t agent) const {
  if (std::isinf(settings_.max_jail_term)) return kForever;
  Draws draws = Stream(seed_, kStreamJail).at(step, static_cast<std::uint64_t>(agent));
  const auto max_term = static_cast<std::uint64_t>(
      std::min(std::floor(settings_.max_jail_term), static_cast<double>(kForever - 1)));
  const std::uint64_t choices =
      settings_.jail_draw == JailDraw::below_max ? max_term : max_term + 1;
  if (choices <= 1) return 0;
  return static_cast<std::int32_t>(draws.below(choices));
}

void World::jail(std::int32_t cell, std::int64_t step, std::int64_t cop_id, EventLog& events) {
  const auto c = static_cast<std::size_t>(cell);
  const std::int32_t slot = site_slot_[c];
  site_kind_[c] = kEmpty;
  site_slot_[c] = -1;
  // Released at the end of step + term (term 0: the same step).
  const std::int32_t term = draw_jail_term(static_cast<std::uint64_t>(step), slot);
  const std::int64_t release = term == kForever ? kForever : step + term;
  const auto release_step =
      static_cast<std::int32_t>(std::min<std::int64_t>(release, kForever));  // beyond any run
  (*release_step_)[static_cast<std::size_t>(slot)] = release_step;
  if (release_step != kForever) releases_due_[release_step].push_back(slot);
  ++jailed_count_;
  ++arrests_;
  events.emit({step, kArrestEvent, cell, cop_id, slot, 1});
}

std::int32_t World::random_empty_site(Draws& draws) const {
  const auto cells = static_cast<std::uint64_t>(grid_.cells());
  for (int attempt = 0; attempt < 64; ++attempt) {
    const auto cell = static_cast<std::int32_t>(draws.below(cells));
    if (site_kind_[static_cast<std::size_t>(cell)] == kEmpty) return cell;
  }
  // Nearly full lattice: choose among the empty sites directly.
  const auto empty =
      static_cast<std::uint64_t>(std::count(site_kind_.begin(), site_kind_.end(), kEmpty));
  if (empty == 0) return -1;
  std::uint64_t k = draws.below(empty);
  for (std::size_t cell = 0; cell < site_kind_.size(); ++cell) {
    if (site_kind_[cell] == kEmpty && k-- == 0) return static_cast<std::int32_t>(cell);
  }
  return -1;
}

void World::adjust_cops(std::int64_t step) {
  if (pending_cops_ < 0) return;
  const auto target = static_cast<std::size_t>(pending_cops_);
  pending_cops_ = -1;
  const auto step_u = static_cast<std::uint64_t>(step);
  if (target < cops_.size()) {
    // Withdraw a uniformly random subset of cops.
    std::vector<std::size_t> order(cops_.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    Draws draws = Stream(seed_, kStreamCops).at(step_u, 0);
    draws.shuffle(order.begin(), order.end());
    for (std::size_t i = 0; i < cops_.size() - target; ++i) {
      const std::int32_t cell = (*cop_cell_)[order[i]];
      site_kind_[static_cast<std::size_t>(cell)] = kEmpty;
      site_slot_[static_cast<std::size_t>(cell)] = -1;
      cops_.remove(order[i]);
    }
    cops_.apply_removals();
    for (std::size_t c = 0; c < cops_.size(); ++c) {
      site_slot_[static_cast<std::size_t>((*cop_cell_)[c])] = static_cast<std::int32_t>(c);
    }
  } else if (target > cops_.size()) {
    // Deploy new cops on random empty sites.
    Draws draws = Stream(seed_, kStreamCops).at(step_u, 1);
    while (cops_.size() < target) {
      const std::int32_t cell = random_empty_site(draws);
      if (cell < 0) break;  // cannot happen: the loader checks that everyone fits
      const std::size_t c = cops_.create(1);
      (*cop_cell_)[c] = cell;
      site_kind_[static_cast<std::size_t>(cell)] = kCop;
      site_slot_[static_cast<std::size_t>(cell)] = static_cast<std::int32_t>(c);
    }
  }
}

void World::serve_jail_terms(StepContext& context) {
  const auto due = releases_due_.find(static_cast<std::int32_t>(context.step));
  if (due == releases_due_.end()) return;
  std::vector<std::int32_t> released = std::move(due->second);
  releases_due_.erase(due);
  // Releases draw their sites one after the other: ascending slot order makes that
  // deterministic (the arrest order depends on the protocol).
  std::sort(released.begin(), released.end());
  const Stream release(seed_, kStreamRelease);
  for (const std::int32_t slot : released) {
    const auto s = static_cast<std::size_t>(slot);
    Draws draws =
        release.at(static_cast<std::uint64_t>(context.step), static_cast<std::uint64_t>(slot));
    const std::int32_t cell = random_empty_site(draws);
    (*release_step_)[s] = kFree;
    place_agent(cell, s);
    --jailed_count_;
    ++releases_;
    context.events->emit({context.step, kReleaseEvent, cell, -1, slot, 1});
  }
}

void World::tally() {
  const auto active = parallel::sum<std::size_t>(0, site_kind_.size(), 65536,
                                                 [&](std::size_t first, std::size_t last) {
                                                   std::size_t count = 0;
                                                   for (std::size_t c = first; c != last; ++c)
                                                     count += site_kind_[c] == kActive;
                                                   return count;
                                                 });
  const auto jailed = static_cast<std::size_t>(jailed_count_);
  tally_[kQuietSeries] = static_cast<double>(agents_.size() - jailed - active);
  tally_[kActiveSeries] = static_cast<double>(active);
  tally_[kJailedSeries] = static_cast<double>(jailed);
  tally_[kCopsSeries] = static_cast<double>(cops_.size());
  tally_[kArrestsSeries] = static_cast<double>(arrests_);
  tally_[kReleasesSeries] = static_cast<double>(releases_);
  const bool above = static_cast<double>(active) > settings_.outburst_threshold;
  tally_[kOutburstsSeries] = above && !in_outburst_ ? 1.0 : 0.0;
  in_outburst_ = above;
  tally_[kLegitimacySeries] = settings_.legitimacy;
  arrests_ = 0;
  releases_ = 0;
}

void World::schedule(Schedule& schedule) {
  schedule.guard(agents_);
  schedule.guard(cops_);
  schedule.serial("adjust_cops", [this](StepContext& context) { adjust_cops(context.step); });
  if (settings_.activation == Activation::parallel) {
    schedule_parallel(schedule);
  } else {
    schedule.serial("activate", [this](StepContext& context) { run_sequential(context); });
  }
  schedule.serial("jail", [this](StepContext& context) { serve_jail_terms(context); });
  schedule.serial("tally", [this](StepContext&) { tally(); });
}

void World::on_params_changed(const ParamSet& params, std::span<const std::size_t> changed,
                              std::int64_t) {
  const Settings before = settings_;
  settings_ = Settings::from(params);
  // What is fixed when the world is built stays as built (the loader forbids changing it).
  settings_.activation = before.activation;
  const std::size_t cop_index = params.index("params.cop_density");
  for (const std::size_t index : changed) {
    if (index == cop_index) pending_cops_ = sites_for(settings_.cop_density, grid_.cells());
  }
  if (settings_.legitimacy != before.legitimacy) refresh_grievance();
  rebuild_arrest_table();
}

void World::measure(std::span<double> out) const {
  std::copy(tally_.begin(), tally_.end(), out.begin());
}

void World::draw_map(std::size_t map, MapBuffer& out) const {
  if (map == 0) {
    out.u8 = site_kind_;
    return;
  }
  for (std::size_t cell = 0; cell < site_kind_.size(); ++cell) {
    const bool agent = site_kind_[cell] == kQuiet || site_kind_[cell] == kActive;
    out.f32[cell] =
        agent ? static_cast<float>(site_grievance_[cell]) : std::numeric_limits<float>::quiet_NaN();
  }
}

void World::persist(StateArchive& ar) {
  ar.section("epstein");
  ar.expect(grid_.cells(), "the lattice");
  agents_.persist(ar);
  cops_.persist(ar);
  ar(site_kind_, site_slot_, site_grievance_, site_risk_, agent_cell_, intent_, claim_);
  ar(releases_due_, jailed_count_, pending_cops_, tally_, in_outburst_, arrests_, releases_);
}

Footprint World::footprint() const {
  Footprint f;
  f.agents = agents_.size() + cops_.size();
  f.bytes_per_agent = agents_.bytes_per_agent();
  const std::size_t cells = site_kind_.size();
  f.bytes_total =
      agents_.size() * agents_.bytes_per_agent() + cops_.size() * cops_.bytes_per_agent() +
      cells * (sizeof(std::uint8_t) + sizeof(std::int32_t) + sizeof(double) + sizeof(float)) +
      intent_.size() * sizeof(std::uint32_t) + claim_.size() * sizeof(std::uint32_t) +
      (prefix_ ? prefix_->bytes() : 0) + arrest_probability_.size() * sizeof(double);
  return f;
}

}  // namespace sahelsim::epstein
