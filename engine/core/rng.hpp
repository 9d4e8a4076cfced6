// Counter-based randomness (the determinism contract, ARCHITECTURE §3).
//
// Every random number is a pure function of
//     key     = (seed, stream)           who draws, for what purpose
//     counter = (step, entity, block)     when, for whom, which draw
// through the Philox4x64-10 bijection (Salmon et al. 2011, "Parallel random numbers: as easy
// as 1, 2, 3", Random123). No generator carries state between threads or steps, so the
// schedule, the thread count and the partitioning never change a draw.
//
// A `Draws` object is the sequence of draws of one entity at one step on one stream. Each
// Philox block yields four 64-bit words; draw k uses block k/4, lane k%4. Streams are named
// by the model that owns them (`StreamSpec`) and listed in its documentation.
#pragma once

#include <Random123/philox.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <numbers>
#include <utility>

namespace sahelsim {

__extension__ using uint128 = unsigned __int128;  // GCC/Clang extension, for Lemire's method

// A named random stream. Ids are unique within a model; the name and doc go into the
// model's documentation so that a draw can be traced to its purpose.
struct StreamSpec {
  std::uint32_t id;
  const char* name;
  const char* doc;
};

class Draws {
  using Philox = r123::Philox4x64;

 public:
  Draws(std::uint64_t seed, std::uint32_t stream, std::uint64_t step, std::uint64_t entity)
      : key_{{seed, stream}}, counter_{{step, entity, 0, 0}} {}

  // 64 uniformly distributed bits.
  std::uint64_t bits() {
    if (lane_ == 4) refill();
    return block_.v[lane_++];
  }

  // Uniform on [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(bits() >> 11) * 0x1.0p-53; }

  // Uniform on (0, 1]: safe for logarithms.
  double uniform_open_closed() { return static_cast<double>((bits() >> 11) + 1) * 0x1.0p-53; }

  bool bernoulli(double p) { return uniform() < p; }

  // Uniform integer in [0, n), n > 0, without modulo bias (Lemire 2019, "Fast random integer
  // generation in an interval"). Rejection keeps the result exact; the number of draws it
  // takes is still a pure function of the counter.
  std::uint64_t below(std::uint64_t n) {
    uint128 m = static_cast<uint128>(bits()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
      const std::uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        m = static_cast<uint128>(bits()) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }

  // The next whole Philox block (four 64-bit words), for kernels that use many bits at
  // once. Draws after it continue with the following block.
  std::array<std::uint64_t, 4> block() {
    refill();
    lane_ = 4;
    return {block_.v[0], block_.v[1], block_.v[2], block_.v[3]};
  }

  // Uniform integer in [lo, hi], lo <= hi.
  std::int64_t uniform_int(std::int64_t lo, std::int64_t hi) {
    const auto span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
    if (span == ~std::uint64_t{0}) return static_cast<std::int64_t>(bits());
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + below(span + 1));
  }

  // Standard normal by the Box–Muller transform; the second variate of each pair is kept
  // for the next call.
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double radius = std::sqrt(-2.0 * std::log(uniform_open_closed()));
    const double angle = 2.0 * std::numbers::pi * uniform();
    spare_ = radius * std::sin(angle);
    has_spare_ = true;
    return radius * std::cos(angle);
  }

  double normal(double mean, double sd) { return mean + sd * normal(); }

  // Uniformly random permutation in place (Fisher–Yates, Durstenfeld's form).
  template <class RandomIt>
  void shuffle(RandomIt first, RandomIt last) {
    const auto n = static_cast<std::uint64_t>(std::distance(first, last));
    for (std::uint64_t i = n; i > 1; --i) {
      const std::uint64_t j = below(i);
      using std::swap;
      swap(first[static_cast<std::ptrdiff_t>(i - 1)], first[static_cast<std::ptrdiff_t>(j)]);
    }
  }

  // Number of Philox blocks consumed so far (for tests and documentation).
  [[nodiscard]] std::uint64_t blocks_used() const { return counter_.v[2]; }

 private:
  void refill() {
    block_ = Philox()(counter_, key_);
    ++counter_.v[2];
    lane_ = 0;
  }

  Philox::key_type key_;
  Philox::ctr_type counter_;
  Philox::ctr_type block_{};
  unsigned lane_ = 4;
  bool has_spare_ = false;
  double spare_ = 0.0;
};

// A stream bound to a seed: hands out the draw sequence of (step, entity).
class Stream {
 public:
  Stream() = default;
  Stream(std::uint64_t seed, StreamSpec spec) : seed_(seed), id_(spec.id) {}

  [[nodiscard]] Draws at(std::uint64_t step, std::uint64_t entity) const {
    return Draws(seed_, id_, step, entity);
  }

 private:
  std::uint64_t seed_ = 0;
  std::uint32_t id_ = 0;
};

}  // namespace sahelsim
