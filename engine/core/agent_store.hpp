// Agent storage: a structure of arrays with stable ids.
//
// Each attribute is one dense column (`Column<T>`, a std::vector underneath). Slots are
// dense and always in id order: new agents get the next id and the last slot; removals
// are batched and applied by a stable compaction (`apply_removals`), so slot order never
// depends on the order in which agents were removed. This makes "iterate over slots" a
// deterministic order that every model can rely on.
//
// Deletion policy (EnTT's word for it): agents are created and removed only in serial
// (apply) phases. The schedule locks the store during parallel phases, and structural
// changes while locked are programmer errors (asserted).
#pragma once

#include <cassert>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "state_archive.hpp"

namespace sahelsim {

using AgentId = std::int32_t;

class ColumnBase {
 public:
  virtual ~ColumnBase() = default;
  [[nodiscard]] virtual const std::string& name() const = 0;
  [[nodiscard]] virtual std::size_t bytes_per_agent() const = 0;
  virtual void append_default(std::size_t count) = 0;
  // Drops the slots where removed[slot] != 0, keeping the order of the others.
  virtual void compact(const std::vector<std::uint8_t>& removed, std::size_t kept) = 0;
  [[nodiscard]] virtual std::size_t size() const = 0;
  virtual void persist(StateArchive& archive) = 0;
};

template <class T>
class Column final : public ColumnBase {
 public:
  Column(std::string name, T default_value) : name_(std::move(name)), default_(default_value) {}

  [[nodiscard]] const std::string& name() const override { return name_; }
  [[nodiscard]] std::size_t bytes_per_agent() const override { return sizeof(T); }
  void append_default(std::size_t count) override { data_.insert(data_.end(), count, default_); }
  void compact(const std::vector<std::uint8_t>& removed, std::size_t kept) override {
    std::size_t out = 0;
    for (std::size_t i = 0; i < data_.size(); ++i) {
      if (!removed[i]) data_[out++] = data_[i];
    }
    assert(out == kept);
    data_.resize(kept);
  }
  void persist(StateArchive& archive) override {
    archive.section(name_);
    archive(data_);
  }

  T& operator[](std::size_t slot) { return data_[slot]; }
  const T& operator[](std::size_t slot) const { return data_[slot]; }
  [[nodiscard]] T* data() { return data_.data(); }
  [[nodiscard]] const T* data() const { return data_.data(); }
  [[nodiscard]] std::size_t size() const override { return data_.size(); }
  [[nodiscard]] std::vector<T>& values() { return data_; }
  [[nodiscard]] const std::vector<T>& values() const { return data_; }

 private:
  std::string name_;
  T default_;
  std::vector<T> data_;
};

class AgentStore {
 public:
  explicit AgentStore(std::string name) : name_(std::move(name)) {}
  AgentStore(const AgentStore&) = delete;
  AgentStore& operator=(const AgentStore&) = delete;

  // Declares a column; only before the first agent exists. The reference stays valid for
  // the store's lifetime.
  template <class T>
  Column<T>& add_column(std::string name, T default_value = T{}) {
    assert(ids_.empty() && "declare columns before creating agents");
    auto column = std::make_unique<Column<T>>(std::move(name), default_value);
    Column<T>& ref = *column;
    columns_.push_back(std::move(column));
    return ref;
  }

  // Appends `count` agents with default values; returns the slot of the first.
  std::size_t create(std::size_t count = 1);

  // Marks an agent for removal at the next apply_removals().
  void remove(std::size_t slot);
  // Removes the marked agents by stable compaction. Returns how many were removed.
  std::size_t apply_removals();

  [[nodiscard]] std::size_t size() const { return ids_.size(); }
  [[nodiscard]] AgentId id(std::size_t slot) const { return ids_[slot]; }
  // Slot of a live agent, or -1 for an id never created or already removed.
  [[nodiscard]] std::int64_t slot(AgentId id) const;
  [[nodiscard]] AgentId next_id() const { return next_id_; }

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] std::size_t bytes_per_agent() const;
  [[nodiscard]] const std::vector<std::unique_ptr<ColumnBase>>& columns() const { return columns_; }

  // Checkpoints: ids, removals pending and every column (by name, in declaration order).
  void persist(StateArchive& archive);

  void lock() { locked_ = true; }
  void unlock() { locked_ = false; }
  [[nodiscard]] bool locked() const { return locked_; }

 private:
  std::string name_;
  std::vector<std::unique_ptr<ColumnBase>> columns_;
  std::vector<AgentId> ids_;              // by slot
  std::vector<std::int32_t> slot_of_id_;  // by id; -1 when removed
  std::vector<std::uint8_t> doomed_;      // by slot; 1 when marked for removal
  std::size_t doomed_count_ = 0;
  AgentId next_id_ = 0;
  bool locked_ = false;
};

}  // namespace sahelsim
