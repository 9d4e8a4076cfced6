// Which agents are in which cell: a counting sort of slots by cell, rebuilt each step.
//
// After build(), agents(cell) lists the slots in that cell in ascending slot order (which
// is id order, see agent_store.hpp). The result is unique, so it is the same at any thread
// count even though the histogram and scatter run in parallel: counts are integers, and
// each cell's segment is sorted after the scatter.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "state_archive.hpp"

namespace sahelsim {

class CellIndex {
 public:
  // cell_of_slot[slot] is the agent's cell in [0, cells), or -1 for agents not on the grid.
  void build(std::span<const std::int32_t> cell_of_slot, std::int32_t cells);

  [[nodiscard]] std::span<const std::int32_t> agents(std::int32_t cell) const {
    const auto begin = static_cast<std::size_t>(offsets_[static_cast<std::size_t>(cell)]);
    const auto end = static_cast<std::size_t>(offsets_[static_cast<std::size_t>(cell) + 1]);
    return {slots_.data() + begin, end - begin};
  }
  [[nodiscard]] std::int32_t count(std::int32_t cell) const {
    return offsets_[static_cast<std::size_t>(cell) + 1] - offsets_[static_cast<std::size_t>(cell)];
  }
  [[nodiscard]] std::int32_t cells() const {
    return static_cast<std::int32_t>(offsets_.empty() ? 0 : offsets_.size() - 1);
  }
  // Agents placed on the grid (those with cell >= 0).
  [[nodiscard]] std::size_t placed() const { return slots_.size(); }
  [[nodiscard]] const std::vector<std::int32_t>& offsets() const { return offsets_; }
  void persist(StateArchive& archive) { archive(offsets_, slots_); }

 private:
  std::vector<std::int32_t> offsets_;  // cells + 1
  std::vector<std::int32_t> slots_;    // placed agents, grouped by cell
  std::vector<std::int32_t> cursor_;   // scratch: next free position per cell
};

}  // namespace sahelsim
