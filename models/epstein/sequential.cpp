// The paper's random asynchronous activation: each step, every free agent and every cop is
// activated once, in a random order; an activated agent moves (rule M) and then decides
// (rule A) on the lattice as it is at that moment; an activated cop moves and then arrests
// one random active agent in its vision (rule C). Single-threaded by nature.
#include <vector>

#include "core/grid.hpp"

#include "world.hpp"

namespace sahelsim::epstein {

std::int32_t World::move_sequential(std::int32_t cell, const Neighbourhood& vision, Draws& draws) {
  // Rule M: a uniformly random empty site within vision, if there is one.
  const std::uint32_t empty =
      count_sites(grid_, site_kind_, cell, vision, [](std::uint8_t s) { return s == kEmpty; });
  if (empty == 0) return cell;
  const std::int32_t chosen = find_site(grid_, site_kind_, cell, vision, draws.below(empty),
                                        [](std::uint8_t s) { return s == kEmpty; });
  move_occupant(static_cast<std::size_t>(cell), static_cast<std::size_t>(chosen));
  return chosen;
}

void World::run_sequential(StepContext& context) {
  const auto step = static_cast<std::uint64_t>(context.step);
  positions(agent_cell_);
  // Actors: free agents by slot, then cops (tagged with kCopKeyBit), shuffled.
  std::vector<std::uint64_t> actors;
  actors.reserve(agents_.size() + cops_.size());
  for (std::size_t a = 0; a < agents_.size(); ++a) {
    if ((*release_step_)[a] == kFree) actors.push_back(a);
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
      }
      // Rule C: arrest one active agent within vision, chosen uniformly.
      const std::uint32_t visible = count_sites(grid_, site_kind_, cell, cop_vision_,
                                                [](std::uint8_t s) { return s == kActive; });
      if (visible == 0) continue;
      Draws draws = arrests.at(step, cop_id);
      const std::int32_t target =
          find_site(grid_, site_kind_, cell, cop_vision_, draws.below(visible),
                    [](std::uint8_t s) { return s == kActive; });
      agent_cell_[static_cast<std::size_t>(site_slot_[static_cast<std::size_t>(target)])] = -1;
      jail(target, context.step, static_cast<std::int64_t>(cop_id), *context.events);
    } else {
      const std::size_t agent = actor;
      std::int32_t cell = agent_cell_[agent];
      if (cell < 0) continue;  // arrested earlier in this step
      if (agents_move()) {
        Draws draws = moves.at(step, static_cast<std::uint64_t>(agent));
        cell = move_sequential(cell, agent_vision_, draws);
        agent_cell_[agent] = cell;
      }
      const auto c = static_cast<std::size_t>(cell);
      if (never_active(c)) {
        site_kind_[c] = kQuiet;
        continue;
      }
      std::uint32_t cops = 0;
      std::uint32_t actives = 0;
      grid_.for_each_run(cell, agent_vision_, [&](std::int32_t first, std::int32_t last) {
        for (std::int32_t n = first; n < last; ++n) {
          const std::uint8_t kind = site_kind_[static_cast<std::size_t>(n)];
          cops += kind == kCop;
          actives += kind == kActive;
        }
      });
      // The runs include the agent's own site: others are the actives besides itself.
      const std::uint32_t others = actives - (site_kind_[c] == kActive ? 1u : 0u);
      site_kind_[c] = decide(c, cops, others) ? kActive : kQuiet;
    }
  }
}

}  // namespace sahelsim::epstein
