// The synchronous ("parallel") protocol: each step is a fixed sequence of phases over rows
// of the lattice. Every phase reads a snapshot (the row-prefix table, or the intents) and
// writes only cells and agents it owns, so the outcome does not depend on the thread count.
//
//   prefix_empty  → choose_moves  → apply_moves     (rule M, all movers at once)
//   prefix_active → decide                          (rule A from neighbours' last activity)
//   prefix_active → choose_arrests → apply_arrests  (rule C on the new activity)
//
// Contested sites and agents go to the highest bid. A bid packs 32 random bits (the
// bidder's own draw) above the bidder's cell, so it is unique, and the winner can be read
// back from the claim without storing anything else.
#include <algorithm>
#include <atomic>

#include "world.hpp"

namespace sahelsim::epstein {

namespace {

constexpr std::uint32_t kLow16 = 0xFFFFu;

std::uint64_t make_bid(std::uint64_t random_bits, std::int32_t bidder_cell) {
  return (random_bits & 0xFFFFFFFF00000000ull) |
         (0xFFFFFFFFull - static_cast<std::uint64_t>(static_cast<std::uint32_t>(bidder_cell)));
}

std::int32_t bidder_of(std::uint64_t bid) {
  return static_cast<std::int32_t>(0xFFFFFFFFull - (bid & 0xFFFFFFFFull));
}

// Keeps the larger bid; the final value is the maximum, whatever the order of arrival.
void raise_bid(std::uint64_t& claim, std::uint64_t bid) {
  std::atomic_ref<std::uint64_t> slot(claim);
  std::uint64_t seen = slot.load(std::memory_order_relaxed);
  while (seen < bid && !slot.compare_exchange_weak(seen, bid, std::memory_order_relaxed)) {
  }
}

std::uint64_t read_claim(std::uint64_t& claim) {
  return std::atomic_ref<std::uint64_t>(claim).load(std::memory_order_relaxed);
}

void clear_claim(std::uint64_t& claim) {
  std::atomic_ref<std::uint64_t>(claim).store(0, std::memory_order_relaxed);
}

std::uint32_t low_field(std::uint32_t packed) { return packed & kLow16; }
std::uint32_t high_field(std::uint32_t packed) { return packed >> 16; }

}  // namespace

void World::schedule_parallel(Schedule& schedule) {
  const auto rows = [this] { return static_cast<std::size_t>(grid_.height()); };
  // Chunks of about 16k cells: small lattices run as one task, large ones spread out.
  const std::size_t grain = std::max<std::size_t>(1, 16384 / static_cast<std::size_t>(grid_.width()));
  schedule.parallel("prefix_empty", rows, grain, [this](const StepContext&, std::size_t y0, std::size_t y1) {
    if (cops_move()) build_empty_prefix(y0, y1);
  });
  schedule.parallel("choose_moves", rows, grain, [this](const StepContext& context, std::size_t y0, std::size_t y1) {
    if (cops_move()) choose_moves(context.step, y0, y1);
  });
  schedule.parallel("apply_moves", rows, grain, [this](const StepContext&, std::size_t y0, std::size_t y1) {
    if (cops_move()) apply_moves(y0, y1);
  });
  schedule.parallel("prefix_active", rows, grain, [this](const StepContext&, std::size_t y0, std::size_t y1) {
    build_activity_prefix(y0, y1);
  });
  schedule.parallel("decide", rows, grain, [this](const StepContext&, std::size_t y0, std::size_t y1) {
    decide_rows(y0, y1);
  });
  schedule.parallel("prefix_arrest", rows, grain, [this](const StepContext&, std::size_t y0, std::size_t y1) {
    build_activity_prefix(y0, y1);
  });
  schedule.parallel("choose_arrests", rows, grain, [this](const StepContext& context, std::size_t y0, std::size_t y1) {
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
    return (static_cast<std::uint32_t>(kind == kCop) << 16) | static_cast<std::uint32_t>(kind == kActive);
  });
}

void World::choose_moves(std::int64_t step, std::size_t y0, std::size_t y1) {
  const Stream moves(seed_, kStreamMove);
  const int width = grid_.width();
  std::vector<std::uint32_t> per_row(std::max(agent_vision_.rows().size(), cop_vision_.rows().size()));
  for (int y = static_cast<int>(y0); y < static_cast<int>(y1); ++y) {
    for (int x = 0; x < width; ++x) {
      const std::int32_t cell = grid_.cell(x, y);
      const auto c = static_cast<std::size_t>(cell);
      const std::uint8_t kind = site_kind_[c];
      const bool cop = kind == kCop;
      if (kind == kEmpty || (!cop && !agents_move())) continue;
      const Neighbourhood& vision = cop ? cop_vision_ : agent_vision_;
      const std::uint32_t empty = prefix_->count_by_row(vision, x, y, low_field, per_row.data());
      if (empty == 0) continue;
      const auto slot = static_cast<std::size_t>(site_slot_[c]);
      const std::uint64_t key =
          cop ? kCopKeyBit | static_cast<std::uint64_t>(cops_.id(slot)) : static_cast<std::uint64_t>(slot);
      Draws draws = moves.at(static_cast<std::uint64_t>(step), key);
      const auto k = static_cast<std::uint32_t>(draws.below(empty));
      const std::int32_t target = prefix_->select_by_row(vision, x, y, k, low_field, per_row.data());
      intent_[c] = target;
      raise_bid(claim_[static_cast<std::size_t>(target)], make_bid(draws.bits(), cell));
    }
  }
}

void World::apply_moves(std::size_t y0, std::size_t y1) {
  const std::int32_t begin = static_cast<std::int32_t>(y0) * grid_.width();
  const std::int32_t end = static_cast<std::int32_t>(y1) * grid_.width();
  for (std::int32_t cell = begin; cell < end; ++cell) {
    const auto c = static_cast<std::size_t>(cell);
    const std::int32_t target = intent_[c];
    if (target < 0) continue;
    intent_[c] = -1;
    const auto t = static_cast<std::size_t>(target);
    if (bidder_of(read_claim(claim_[t])) != cell) continue;  // outbid: stay
    clear_claim(claim_[t]);
    // Sources were occupied and targets empty when the bids were made, so no other mover
    // touches these two sites in this phase.
    move_occupant(c, t);
  }
}

void World::decide_rows(std::size_t y0, std::size_t y1) {
  const int width = grid_.width();
  for (int y = static_cast<int>(y0); y < static_cast<int>(y1); ++y) {
    for (int x = 0; x < width; ++x) {
      const auto c = static_cast<std::size_t>(grid_.cell(x, y));
      const std::uint8_t kind = site_kind_[c];
      if (kind != kQuiet && kind != kActive) continue;
      const std::uint32_t counts = prefix_->sum(agent_vision_, x, y);
      // The table holds the activity before this phase; the agent's own site is in the
      // dy = 0 span, so take its own previous activity out of the count of others.
      const std::uint32_t others = low_field(counts) - (kind == kActive ? 1u : 0u);
      site_kind_[c] = decide(c, high_field(counts), others) ? kActive : kQuiet;
    }
  }
}

void World::choose_arrests(std::int64_t step, std::size_t y0, std::size_t y1) {
  const Stream arrests(seed_, kStreamArrest);
  const int width = grid_.width();
  for (int y = static_cast<int>(y0); y < static_cast<int>(y1); ++y) {
    for (int x = 0; x < width; ++x) {
      const std::int32_t cell = grid_.cell(x, y);
      const auto c = static_cast<std::size_t>(cell);
      if (site_kind_[c] != kCop) continue;
      const std::uint32_t visible = low_field(prefix_->sum(cop_vision_, x, y));
      if (visible == 0) continue;
      const auto cop_id = static_cast<std::uint64_t>(cops_.id(static_cast<std::size_t>(site_slot_[c])));
      Draws draws = arrests.at(static_cast<std::uint64_t>(step), cop_id);
      const auto k = static_cast<std::uint32_t>(draws.below(visible));
      const std::int32_t target = prefix_->select(cop_vision_, x, y, k, low_field);
      intent_[c] = target;
      raise_bid(claim_[static_cast<std::size_t>(target)], make_bid(draws.bits(), cell));
    }
  }
}

void World::apply_arrests(StepContext& context) {
  // Cops in slot order; only the winner of a contested agent arrests it.
  for (std::size_t cop = 0; cop < cops_.size(); ++cop) {
    const std::int32_t cell = (*cop_cell_)[cop];
    const auto c = static_cast<std::size_t>(cell);
    const std::int32_t target = intent_[c];
    if (target < 0) continue;
    intent_[c] = -1;
    const auto t = static_cast<std::size_t>(target);
    if (bidder_of(claim_[t]) != cell) continue;
    claim_[t] = 0;
    const std::int32_t agent = site_slot_[t];
    const std::int32_t term = draw_jail_term(static_cast<std::uint64_t>(context.step), agent);
    jail(static_cast<std::size_t>(agent), term, context.step, cops_.id(cop), *context.events);
  }
}

}  // namespace sahelsim::epstein
