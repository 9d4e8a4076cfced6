// The paper's random asynchronous activation: each step, every free agent and every cop is
// activated once, in a random order; an activated agent moves (rule M) and then decides
// (rule A) on the lattice as it is at that moment; an activated cop moves and then arrests
// one random active agent in its vision (rule C). Single-threaded by nature.
#include <vector>

#include "world.hpp"

namespace sahelsim::epstein {

std::int32_t World::move_sequential(std::int32_t cell, const Neighbourhood& vision, Draws& draws) {
  // Rule M: a uniformly random empty site within vision, if there is one.
  std::int32_t chosen = -1;
  std::uint64_t empty = 0;
  grid_.visit(cell, vision, [&](std::int32_t n) {
    empty += site_kind_[static_cast<std::size_t>(n)] == kEmpty;
  });
  if (empty == 0) return cell;
  std::uint64_t k = draws.below(empty);
  grid_.visit(cell, vision, [&](std::int32_t n) {
    if (site_kind_[static_cast<std::size_t>(n)] == kEmpty && k-- == 0) chosen = n;
  });
  const auto from = static_cast<std::size_t>(cell);
  const auto to = static_cast<std::size_t>(chosen);
  site_kind_[to] = site_kind_[from];
  site_slot_[to] = site_slot_[from];
  site_kind_[from] = kEmpty;
  site_slot_[from] = -1;
  return chosen;
}

void World::run_sequential(StepContext& context) {
  const auto step = static_cast<std::uint64_t>(context.step);
  // Actors: free agents by slot, then cops (tagged with kCopKeyBit), shuffled.
  std::vector<std::uint64_t> actors;
  actors.reserve(agents_.size() + cops_.size());
  for (std::size_t a = 0; a < agents_.size(); ++a) {
    if ((*jail_left_)[a] == kFree) actors.push_back(a);
  }
  for (std::size_t c = 0; c < cops_.size(); ++c) actors.push_back(kCopKeyBit | c);
  Draws order = Stream(seed_, kStreamActivation).at(step, 0);
  order.shuffle(actors.begin(), actors.end());

  const Stream moves(seed_, kStreamMove);
  const Stream arrests(seed_, kStreamArrest);
  for (const std::uint64_t actor : actors) {
    if ((actor & kCopKeyBit) != 0) {
      const std::size_t cop = actor & ~kCopKeyBit;
      const auto cop_id = static_cast<std::uint64_t>(cops_.id(cop));
      std::int32_t cell = (*cop_cell_)[cop];
      if (cops_move()) {
        Draws draws = moves.at(step, kCopKeyBit | cop_id);
        cell = move_sequential(cell, cop_vision_, draws);
        (*cop_cell_)[cop] = cell;
      }
      // Rule C: arrest one active agent within vision, chosen uniformly.
      std::uint64_t visible = 0;
      grid_.visit(cell, cop_vision_, [&](std::int32_t n) {
        visible += site_kind_[static_cast<std::size_t>(n)] == kActive;
      });
      if (visible == 0) continue;
      Draws draws = arrests.at(step, cop_id);
      std::uint64_t k = draws.below(visible);
      std::int32_t target = -1;
      grid_.visit(cell, cop_vision_, [&](std::int32_t n) {
        if (site_kind_[static_cast<std::size_t>(n)] == kActive && k-- == 0) target = n;
      });
      const auto agent = static_cast<std::size_t>(site_slot_[static_cast<std::size_t>(target)]);
      const std::int32_t term = draw_jail_term(step, agents_.id(agent));
      jail(agent, term, context.step, static_cast<std::int64_t>(cop_id), *context.events);
    } else {
      const std::size_t agent = actor;
      if ((*jail_left_)[agent] != kFree) continue;  // arrested earlier in this step
      std::int32_t cell = (*agent_cell_)[agent];
      if (agents_move()) {
        Draws draws = moves.at(step, static_cast<std::uint64_t>(agents_.id(agent)));
        cell = move_sequential(cell, agent_vision_, draws);
        (*agent_cell_)[agent] = cell;
      }
      std::uint32_t cops = 0;
      std::uint32_t others = 0;
      grid_.visit(cell, agent_vision_, [&](std::int32_t n) {
        const std::uint8_t kind = site_kind_[static_cast<std::size_t>(n)];
        cops += kind == kCop;
        others += kind == kActive;
      });
      const bool active = decide(agent, cops, others);
      (*active_)[agent] = active ? 1 : 0;
      site_kind_[static_cast<std::size_t>(cell)] = active ? kActive : kQuiet;
    }
  }
}

}  // namespace sahelsim::epstein
