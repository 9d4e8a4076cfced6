// The synchronous ("parallel") protocol: each step is a fixed sequence of phases. Every
// phase reads a snapshot (the row-prefix table, or the intents) and writes only cells and
// agents it owns, so the outcome does not depend on the thread count.
//
//   prefix_empty  → choose_moves  → apply_moves     (rule M, all movers at once)
//   prefix_active → decide                          (rule A from neighbours' last activity)
//   prefix_active → choose_arrests → apply_arrests  (rule C on the new activity)
//
// Contested sites and agents go to the highest bid. A bid is 32 bits: random bits from the
// bidder's own draws above a code for where the bidder stands relative to the target. Codes
// differ between bidders for one target, so bids are unique, the maximum does not depend on
// the order in which bids arrive, and each bidder can tell from the claim whether it won.
#include <algorithm>
#include <array>
#include <atomic>
#include <bit>

#include "world.hpp"

namespace sahelsim::epstein {

namespace {

constexpr std::uint32_t kLow16 = 0xFFFFu;

// Keeps the larger bid; the final value is the maximum, whatever the order of arrival.
void raise_bid(std::uint32_t& claim, std::uint32_t bid) {
  std::atomic_ref<std::uint32_t> slot(claim);
  std::uint32_t seen = slot.load(std::memory_order_relaxed);
  while (seen < bid && !slot.compare_exchange_weak(seen, bid, std::memory_order_relaxed)) {
  }
}

std::uint32_t read_claim(std::uint32_t& claim) {
  return std::atomic_ref<std::uint32_t>(claim).load(std::memory_order_relaxed);
}

void clear_claim(std::uint32_t& claim) {
  std::atomic_ref<std::uint32_t>(claim).store(0, std::memory_order_relaxed);
}

std::uint32_t low_field(std::uint32_t packed) {
  return packed & kLow16;
}
std::uint32_t high_field(std::uint32_t packed) {
  return packed >> 16;
}

// The columns x of a row for which selected(x) holds, in order, written into `out`
// without a branch per column (the lattice is random, so such branches mispredict).
template <class Selected>
std::size_t gather_columns(int width, Selected&& selected, std::vector<int>& out) {
  std::size_t n = 0;
  for (int x = 0; x < width; ++x) {
    out[n] = x;
    n += selected(x) ? 1u : 0u;
  }
  return n;
}

}  // namespace

std::int32_t World::cell_at(int x, int y, Offset o) const {
  // Vision never reaches further than one lattice width (Grid::fits), so one wrap will do.
  int xx = x + o.dx;
  int yy = y + o.dy;
  const int w = grid_.width();
  const int h = grid_.height();
  xx += xx < 0 ? w : (xx >= w ? -w : 0);
  yy += yy < 0 ? h : (yy >= h ? -h : 0);
  return grid_.cell(xx, yy);
}

std::int32_t World::target_of(int x, int y, std::uint32_t code) const {
  return cell_at(x, y, code_targets_[code]);
}

void World::schedule_parallel(Schedule& schedule) {
  const auto rows = [this] { return static_cast<std::size_t>(grid_.height()); };
  // Chunks of about 16k cells: small lattices run as one task, large ones spread out.
  const std::size_t grain =
      std::max<std::size_t>(1, 16384 / static_cast<std::size_t>(grid_.width()));

  schedule.parallel("prefix_empty", rows, grain,
                    [this](const StepContext&, std::size_t y0, std::size_t y1) {
                      if (cops_move()) build_empty_prefix(y0, y1);
                    });
  schedule.parallel("choose_moves", rows, grain,
                    [this](const StepContext& context, std::size_t y0, std::size_t y1) {
                      if (cops_move()) choose_moves(context.step, y0, y1);
                    });
  schedule.parallel("apply_moves", rows, grain,
                    [this](const StepContext&, std::size_t y0, std::size_t y1) {
                      if (cops_move()) apply_moves(y0, y1);
                    });
  schedule.parallel("prefix_active", rows, grain,
                    [this](const StepContext&, std::size_t y0, std::size_t y1) {
                      build_activity_prefix(y0, y1);
                    });
  schedule.parallel(
      "decide", rows, grain,
      [this](const StepContext&, std::size_t y0, std::size_t y1) { decide_rows(y0, y1); });
  schedule.parallel("prefix_arrest", rows, grain,
                    [this](const StepContext&, std::size_t y0, std::size_t y1) {
                      build_activity_prefix(y0, y1);
                    });
  schedule.parallel("choose_arrests", rows, grain,
                    [this](const StepContext& context, std::size_t y0, std::size_t y1) {
                      choose_arrests(context.step, y0, y1);
                    });
  schedule.serial("apply_arrests", [this](StepContext& context) { apply_arrests(context); });
}

void World::build_empty_prefix(std::size_t y0, std::size_t y1) {
  prefix_->build_rows(static_cast<int>(y0), static_cast<int>(y1), [this](std::int32_t cell) {
    return static_cast<std::uint32_t>(site_kind_[static_cast<std::size_t>(cell)] == kEmpty);
  });
}

void World::build_activity_prefix(std::size_t y0, std::size_t y1) {
  // Cops in the high 16 bits, actives in the low 16 bits.
  prefix_->build_rows(static_cast<int>(y0), static_cast<int>(y1), [this](std::int32_t cell) {
    const std::uint8_t kind = site_kind_[static_cast<std::size_t>(cell)];
    return (static_cast<std::uint32_t>(kind == kCop) << 16) |
           static_cast<std::uint32_t>(kind == kActive);
  });
}

World::MovePick World::pick_move(int x, int y, const Neighbourhood& vision, const MoveTable& table,
                                 Draws& draws, std::uint32_t* per_row) const {
  // Rule M: a uniformly random empty site within vision. The first block of the mover's
  // draws gives eight 32-bit numbers: the first seven pick sites uniformly from the whole
  // neighbourhood (Lemire's multiply-shift; a pick that would be biased counts as a miss),
  // the eighth is the mover's bid. The first empty pick is the target: that is exactly
  // uniform over the empty sites, and on a lattice with room it is nearly always found. If
  // all seven miss, the empty sites are counted and one is drawn among them (uniform too,
  // so the mixture is uniform).
  const auto& offsets = vision.offsets();
  if (offsets.empty()) return {};
  const int width = grid_.width();
  const int height = grid_.height();
  const int reach = vision.reach();
  const bool torus = grid_.topology() == Topology::torus;
  const bool interior = x >= reach && x < width - reach && y >= reach && y < height - reach;
  const std::int32_t cell = grid_.cell(x, y);
  const auto n = static_cast<std::uint32_t>(offsets.size());
  const std::uint32_t threshold = (0u - n) % n;
  const std::array<std::uint64_t, 4> block = draws.block();
  for (int group = 0; group < 2; ++group) {
    const int first = group * 4;
    const int count = group == 0 ? 4 : 3;
    std::int32_t candidates[4];
    std::uint32_t picks[4];
    unsigned empty_mask = 0;
    for (int j = 0; j < count; ++j) {
      const int half = first + j;
      const auto random = static_cast<std::uint32_t>(block[static_cast<std::size_t>(half >> 1)] >>
                                                     ((half & 1) * 32));
      const std::uint64_t product = static_cast<std::uint64_t>(random) * n;
      const auto pick = static_cast<std::uint32_t>(product >> 32);
      const bool unbiased = static_cast<std::uint32_t>(product) >= threshold;
      std::int32_t candidate;
      if (interior) {
        candidate = cell + table.deltas[pick];
      } else {
        const Offset o = offsets[pick];
        const int xx = x + o.dx;
        const int yy = y + o.dy;
        const bool inside = xx >= 0 && xx < width && yy >= 0 && yy < height;
        candidate = torus || inside ? cell_at(x, y, o) : cell;  // off a bounded lattice: a miss
      }
      candidates[j] = candidate;
      picks[j] = pick;
      empty_mask |= static_cast<unsigned>(unbiased &&
                                          site_kind_[static_cast<std::size_t>(candidate)] == kEmpty)
                    << j;
    }
    if (empty_mask != 0) {
      const int chosen = std::countr_zero(empty_mask);
      return {candidates[chosen], table.codes[picks[chosen]], block[3]};
    }
  }
  const std::uint32_t empty = prefix_->count_by_row(vision, x, y, low_field, per_row);
  if (empty == 0) return {};
  const auto k = static_cast<std::uint32_t>(draws.below(empty));
  const Offset o = prefix_->select_offset_by_row(vision, x, y, k, low_field, per_row);
  return {cell_at(x, y, o), position_code(-o.dx, -o.dy), block[3]};
}

void World::choose_moves(std::int64_t step, std::size_t y0, std::size_t y1) {
  const Stream moves(seed_, kStreamMove);
  const int width = grid_.width();
  const bool agents_too = agents_move();
  std::vector<std::uint32_t> per_row(
      std::max(agent_vision_.rows().size(), cop_vision_.rows().size()));
  std::vector<int> movers(static_cast<std::size_t>(width));
  for (int y = static_cast<int>(y0); y < static_cast<int>(y1); ++y) {
    const std::uint8_t* kinds = site_kind_.data() + static_cast<std::ptrdiff_t>(y) * width;
    // The movers of this row, gathered without branches (occupancy is random, so a branch
    // per cell would be mispredicted a quarter of the time).
    const std::size_t n = gather_columns(
        width, [&](int x) { return kinds[x] == kCop || (agents_too && kinds[x] != kEmpty); },
        movers);
    for (std::size_t i = 0; i < n; ++i) {
      const int x = movers[i];
      const auto c = static_cast<std::size_t>(grid_.cell(x, y));
      const bool cop = kinds[x] == kCop;
      const auto slot = static_cast<std::size_t>(site_slot_[c]);
      const std::uint64_t key = cop ? kCopKeyBit | static_cast<std::uint64_t>(cops_.id(slot))
                                    : static_cast<std::uint64_t>(slot);
      Draws draws = moves.at(static_cast<std::uint64_t>(step), key);
      const MovePick move =
          cop ? pick_move(x, y, cop_vision_, cop_moves_, draws, per_row.data())
              : pick_move(x, y, agent_vision_, agent_moves_, draws, per_row.data());
      if (move.target < 0) continue;
      intent_[c] = move.code;
      raise_bid(claim_[static_cast<std::size_t>(move.target)], make_bid(move.bid_bits, move.code));
    }
  }
}

template <class OnWin>
void World::settle_bids(std::size_t y0, std::size_t y1, OnWin&& on_win) {
  const int width = grid_.width();
  const std::uint32_t position_mask = (1u << position_bits_) - 1u;
  std::vector<int> bidders(static_cast<std::size_t>(width));
  for (int y = static_cast<int>(y0); y < static_cast<int>(y1); ++y) {
    const std::uint32_t* codes = intent_.data() + static_cast<std::ptrdiff_t>(y) * width;
    const std::size_t n = gather_columns(
        width, [&](int x) { return codes[x] != 0; }, bidders);
    for (std::size_t i = 0; i < n; ++i) {
      const int x = bidders[i];
      const auto c = static_cast<std::size_t>(grid_.cell(x, y));
      const std::uint32_t code = intent_[c];
      intent_[c] = 0;
      const auto t = static_cast<std::size_t>(target_of(x, y, code));
      if ((read_claim(claim_[t]) & position_mask) != code) continue;  // outbid
      clear_claim(claim_[t]);
      on_win(c, t);
    }
  }
}

void World::apply_moves(std::size_t y0, std::size_t y1) {
  // Sources were occupied and targets empty when the bids were made, so no other mover
  // touches these two sites in this phase.
  settle_bids(y0, y1,
              [this](std::size_t source, std::size_t target) { move_occupant(source, target); });
}

void World::decide_rows(std::size_t y0, std::size_t y1) {
  const int width = grid_.width();
  std::vector<int> deciders(static_cast<std::size_t>(width));
  for (int y = static_cast<int>(y0); y < static_cast<int>(y1); ++y) {
    const std::ptrdiff_t row = static_cast<std::ptrdiff_t>(y) * width;
    std::uint8_t* kinds = site_kind_.data() + row;
    // Local copies: the compiler cannot tell that the writes to kinds leave these alone.
    const double* grievance = site_grievance_.data() + row;
    const double threshold = settings_.threshold;
    // Agents whose grievance cannot exceed T are quiet whatever they see (never_active(),
    // read here from row-local copies); the others are gathered, without branches, for
    // the neighbourhood look-up.
    std::size_t n = 0;
    for (int x = 0; x < width; ++x) {
      const bool agent = kinds[x] == kQuiet || kinds[x] == kActive;
      const bool may_rebel = agent && grievance[x] > threshold;
      kinds[x] = agent && !may_rebel ? static_cast<std::uint8_t>(kQuiet) : kinds[x];
      deciders[n] = x;
      n += may_rebel;
    }
    for (std::size_t i = 0; i < n; ++i) {
      const int x = deciders[i];
      const auto c = static_cast<std::size_t>(row + x);
      const std::uint32_t counts = prefix_->sum(agent_vision_, x, y);
      // The table holds the activity before this phase; the agent's own site is in the
      // dy = 0 span, so take its own previous activity out of the count of others.
      const std::uint32_t others = low_field(counts) - (kinds[x] == kActive ? 1u : 0u);
      kinds[x] = decide(c, high_field(counts), others) ? kActive : kQuiet;
    }
  }
}

void World::choose_arrests(std::int64_t step, std::size_t y0, std::size_t y1) {
  const Stream arrests(seed_, kStreamArrest);
  const int width = grid_.width();
  std::vector<std::uint32_t> per_row(cop_vision_.rows().size());
  std::vector<int> cops(static_cast<std::size_t>(width));
  for (int y = static_cast<int>(y0); y < static_cast<int>(y1); ++y) {
    const std::uint8_t* kinds = site_kind_.data() + static_cast<std::ptrdiff_t>(y) * width;
    const std::size_t n = gather_columns(
        width, [&](int x) { return kinds[x] == kCop; }, cops);
    for (std::size_t i = 0; i < n; ++i) {
      const int x = cops[i];
      const std::int32_t cell = grid_.cell(x, y);
      const std::uint32_t visible =
          prefix_->count_by_row(cop_vision_, x, y, low_field, per_row.data());
      if (visible == 0) continue;
      const std::size_t cop = static_cast<std::size_t>(site_slot_[static_cast<std::size_t>(cell)]);
      Draws draws =
          arrests.at(static_cast<std::uint64_t>(step), static_cast<std::uint64_t>(cops_.id(cop)));
      const auto k = static_cast<std::uint32_t>(draws.below(visible));
      const Offset o =
          prefix_->select_offset_by_row(cop_vision_, x, y, k, low_field, per_row.data());
      const std::int32_t target = cell_at(x, y, o);
      const std::uint32_t code = position_code(-o.dx, -o.dy);
      intent_[static_cast<std::size_t>(cell)] = code;
      raise_bid(claim_[static_cast<std::size_t>(target)], make_bid(draws.bits(), code));
    }
  }
}

void World::apply_arrests(StepContext& context) {
  // Cops in lattice order; only the winner of a contested agent arrests it.
  settle_bids(
      0, static_cast<std::size_t>(grid_.height()), [&](std::size_t cop_cell, std::size_t target) {
        const auto cop = static_cast<std::size_t>(site_slot_[cop_cell]);
        jail(static_cast<std::int32_t>(target), context.step, cops_.id(cop), *context.events);
      });
}

}  // namespace sahelsim::epstein
