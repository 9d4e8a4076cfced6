// The state of a running simulation as bytes, for checkpoints (engine/io/checkpoint.hpp).
//
// One archive type both saves and restores, so that a model lists its state once:
//
//   void World::persist(StateArchive& ar) {
//     ar.section("persons");
//     persons_.persist(ar);
//     ar(cells_, presence_, units_, step_);
//   }
//
// writes those members when saving and reads them back, in the same order, when loading.
// Supported: arithmetic types and enums, trivially copyable structs without padding (bytes as
// in memory; a struct with padding lists its members in a persist() of its own),
// std::string, std::array and std::vector of any supported type (nested too), std::map, and
// types with a member `persist(StateArchive&)`. A section() names the part that follows:
// loading checks the name, so that a checkpoint of another layout is refused with the name
// of the part that differs rather than misread. Loading checks every length against the bytes
// left; a damaged archive raises StateError, never reads out of bounds.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace sahelsim {

class StateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class StateArchive {
 public:
  // An archive that saves into an empty buffer.
  StateArchive() = default;
  // An archive that loads from `bytes` (kept by reference: they must outlive it).
  explicit StateArchive(std::span<const std::byte> bytes) : input_(bytes), loading_(true) {}

  [[nodiscard]] bool loading() const { return loading_; }
  [[nodiscard]] bool saving() const { return !loading_; }
  // Saving: the bytes so far. Loading: the bytes not read yet.
  [[nodiscard]] const std::vector<std::byte>& bytes() const { return output_; }
  [[nodiscard]] std::size_t remaining() const { return input_.size() - position_; }

  template <class... T>
  void operator()(T&... values) {
    (io(values), ...);
  }

  // Names the part that follows; loading checks it.
  void section(std::string_view name) {
    std::string found(name);
    io(found);
    if (loading_ && found != name) {
      throw StateError("expected the part '" + std::string(name) + "', found '" + found + "'");
    }
  }

  // A value that must be the same when loading (e.g. a count fixed by the scenario): the
  // saved value is compared with `expected` and a mismatch raises StateError naming `what`.
  template <class T>
  void expect(const T& expected, std::string_view what) {
    T value = expected;
    io(value);
    if (loading_ && value != expected) {
      throw StateError(std::string(what) + " differs from the checkpoint's");
    }
  }

  // Saving only: a span of a type copied as bytes, as a std::vector of it is saved (so a
  // loader reads it into a vector), without copying it into one first.
  template <class T>
  void save(std::span<const T> values) {
    static_assert(kRaw<T>, "StateArchive::save: spans of types copied as bytes only");
    if (loading_) throw StateError("StateArchive::save while loading");
    length(values.size(), sizeof(T));
    raw(const_cast<T*>(values.data()), sizeof(T) * values.size());
  }

  // Raw bytes of a trivially copyable array.
  void raw(void* data, std::size_t size) {
    if (loading_) {
      if (size > remaining()) throw StateError("the state ends early");
      if (size > 0) std::memcpy(data, input_.data() + position_, size);
      position_ += size;
    } else {
      const auto* p = static_cast<const std::byte*>(data);
      output_.insert(output_.end(), p, p + size);
    }
  }

 private:
  // Copied as bytes: trivially copyable types without a persist() of their own (a struct
  // with padding gives itself one, so that the saved bytes do not depend on the padding).
  template <class T>
  static constexpr bool kRaw = std::is_trivially_copyable_v<T> && !std::is_pointer_v<T> &&
                               !requires(T & t, StateArchive& a) {
    t.persist(a);
  };

  template <class T>
  void io(T& value) {
    if constexpr (requires { value.persist(*this); }) {
      value.persist(*this);
    } else {
      static_assert(kRaw<T>, "StateArchive: type not supported (add persist(StateArchive&))");
      raw(&value, sizeof(T));
    }
  }

  // A length, checked against what is left (every element takes at least `min_bytes`).
  std::size_t length(std::size_t n, std::size_t min_bytes) {
    std::uint64_t size = n;
    raw(&size, sizeof size);
    if (loading_ && min_bytes > 0 && size > remaining() / min_bytes) {
      throw StateError("a length of " + std::to_string(size) + " is more than the state holds");
    }
    return static_cast<std::size_t>(size);
  }

  void io(std::string& text) {
    text.resize(length(text.size(), 1));
    raw(text.data(), text.size());
  }

  template <class T, std::size_t N>
  void io(std::array<T, N>& values) {
    if constexpr (kRaw<T>) {
      raw(values.data(), sizeof(T) * N);
    } else {
      for (auto& v : values) io(v);
    }
  }

  template <class T, class A>
  void io(std::vector<T, A>& values) {
    if constexpr (kRaw<T>) {
      values.resize(length(values.size(), sizeof(T)));
      raw(values.data(), sizeof(T) * values.size());
    } else if constexpr (std::is_same_v<T, bool>) {
      static_assert(!std::is_same_v<T, bool>, "StateArchive: use std::vector<std::uint8_t>");
    } else {
      values.resize(length(values.size(), sizeof(std::uint64_t)));
      for (auto& v : values) io(v);
    }
  }

  template <class K, class V, class C, class A>
  void io(std::map<K, V, C, A>& values) {
    const std::size_t n = length(values.size(), sizeof(K));
    if (loading_) {
      values.clear();
      for (std::size_t i = 0; i < n; ++i) {
        std::pair<K, V> entry;
        io(entry.first);
        io(entry.second);
        values.emplace_hint(values.end(), std::move(entry));
      }
    } else {
      for (auto& [key, value] : values) {
        K k = key;
        io(k);
        io(value);
      }
    }
  }

  std::span<const std::byte> input_;
  std::size_t position_ = 0;
  std::vector<std::byte> output_;
  bool loading_ = false;
};

}  // namespace sahelsim
