#include "agent_store.hpp"

#include "parallel.hpp"

#include <limits>
#include <stdexcept>

namespace sahelsim {

std::size_t AgentStore::create(std::size_t count) {
  assert(!locked_ && "agents are created only in apply phases");
  if (static_cast<std::size_t>(next_id_) + count >
      static_cast<std::size_t>(std::numeric_limits<AgentId>::max())) {
    throw std::length_error("agent store '" + name_ + "': more than 2^31 agent ids");
  }
  const std::size_t first = ids_.size();
  for (std::size_t i = 0; i < count; ++i) {
    slot_of_id_.push_back(static_cast<std::int32_t>(ids_.size()));
    ids_.push_back(next_id_++);
  }
  doomed_.insert(doomed_.end(), count, 0);
  for (auto& column : columns_) column->append_default(count);
  return first;
}

void AgentStore::remove(std::size_t slot) {
  assert(!locked_ && "agents are removed only in apply phases");
  assert(slot < ids_.size());
  if (!doomed_[slot]) {
    doomed_[slot] = 1;
    ++doomed_count_;
  }
}

std::size_t AgentStore::apply_removals() {
  assert(!locked_);
  if (doomed_count_ == 0) return 0;
  const std::size_t removed = doomed_count_;
  const std::size_t kept = ids_.size() - removed;
  // Columns are independent: compact them in parallel; each compaction is sequential, so
  // the result is the same at any thread count.
  parallel::for_range(0, columns_.size(), 1, [&](std::size_t first, std::size_t last) {
    for (std::size_t c = first; c < last; ++c) columns_[c]->compact(doomed_, kept);
  });
  std::size_t out = 0;
  for (std::size_t i = 0; i < ids_.size(); ++i) {
    const AgentId id = ids_[i];
    if (!doomed_[i]) {
      ids_[out] = id;
      slot_of_id_[static_cast<std::size_t>(id)] = static_cast<std::int32_t>(out);
      ++out;
    } else {
      slot_of_id_[static_cast<std::size_t>(id)] = -1;
    }
  }
  ids_.resize(kept);
  doomed_.assign(kept, 0);
  doomed_count_ = 0;
  return removed;
}

std::int64_t AgentStore::slot(AgentId id) const {
  if (id < 0 || static_cast<std::size_t>(id) >= slot_of_id_.size()) return -1;
  return slot_of_id_[static_cast<std::size_t>(id)];
}

std::size_t AgentStore::bytes_per_agent() const {
  // Columns plus the id bookkeeping (id by slot, slot by id, removal mark).
  std::size_t bytes = sizeof(AgentId) + sizeof(std::int32_t) + sizeof(std::uint8_t);
  for (const auto& column : columns_) bytes += column->bytes_per_agent();
  return bytes;
}

}  // namespace sahelsim

namespace sahelsim {

void AgentStore::persist(StateArchive& archive) {
  archive.section(name_);
  archive.expect(columns_.size(), "the number of columns of " + name_);
  archive(ids_, slot_of_id_, doomed_, doomed_count_, next_id_);
  for (auto& column : columns_) column->persist(archive);
  if (archive.loading()) {
    for (const auto& column : columns_) {
      if (column->size() != ids_.size()) {
        throw StateError("column " + column->name() + " of " + name_ + " has the wrong length");
      }
    }
  }
}

}  // namespace sahelsim
