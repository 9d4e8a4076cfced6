#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <vector>

#include "core/rng.hpp"

using namespace sahelsim;

namespace {
constexpr StreamSpec kA{1, "a", "test stream a"};
constexpr StreamSpec kB{2, "b", "test stream b"};

double mean(const std::vector<double>& xs) {
  return std::accumulate(xs.begin(), xs.end(), 0.0) / static_cast<double>(xs.size());
}
}  // namespace

TEST_CASE("the same key and counter give the same draws") {
  Draws first(42, 1, 7, 99);
  Draws second(42, 1, 7, 99);
  for (int i = 0; i < 100; ++i) CHECK(first.bits() == second.bits());
}

TEST_CASE("draws are a pure function of the counter: order of creation does not matter") {
  const Stream stream(42, kA);
  std::vector<std::uint64_t> forward;
  for (std::uint64_t e = 0; e < 50; ++e) forward.push_back(stream.at(3, e).bits());
  for (std::uint64_t e = 50; e-- > 0;) CHECK(stream.at(3, e).bits() == forward[e]);
}

TEST_CASE("seed, stream, step and entity each change the draws") {
  const std::uint64_t base = Draws(1, 1, 1, 1).bits();
  CHECK(Draws(2, 1, 1, 1).bits() != base);
  CHECK(Draws(1, 2, 1, 1).bits() != base);
  CHECK(Draws(1, 1, 2, 1).bits() != base);
  CHECK(Draws(1, 1, 1, 2).bits() != base);
}

TEST_CASE("Philox4x64-10 matches the Random123 known-answer vectors") {
  // kat_vectors of Random123 (Salmon et al. 2011): counter, key -> four output words.
  r123::Philox4x64 philox;
  const r123::Philox4x64::ctr_type pi_counter{
      {0x243f6a8885a308d3ull, 0x13198a2e03707344ull, 0xa4093822299f31d0ull, 0x082efa98ec4e6c89ull}};
  const r123::Philox4x64::key_type pi_key{{0x452821e638d01377ull, 0xbe5466cf34e90c6cull}};
  const auto out = philox(pi_counter, pi_key);
  CHECK(out.v[0] == 0xa528f45403e61d95ull);
  CHECK(out.v[1] == 0x38c72dbd566e9788ull);
  CHECK(out.v[2] == 0xa5a1610e72fd18b5ull);
  CHECK(out.v[3] == 0x57bd43b5e52b7fe6ull);

  // Our layout: key (seed, stream), counter (step, entity, block, 0); lanes in order.
  Draws zero(0, 0, 0, 0);
  CHECK(zero.bits() == 0x16554d9eca36314cull);
  CHECK(zero.bits() == 0xdb20fe9d672d0fdcull);
  CHECK(zero.bits() == 0xd7e772cee186176bull);
  CHECK(zero.bits() == 0x7e68b68aec7ba23bull);
  CHECK(zero.blocks_used() == 1);
}

TEST_CASE("uniform draws have mean 1/2 and variance 1/12 within 4 standard errors") {
  Draws draws(7, 1, 0, 0);
  const int n = 200000;
  std::vector<double> xs(n);
  for (auto& x : xs) {
    x = draws.uniform();
    REQUIRE(x >= 0.0);
    REQUIRE(x < 1.0);
  }
  const double m = mean(xs);
  CHECK(std::abs(m - 0.5) < 4.0 * std::sqrt(1.0 / 12.0 / n));
  double var = 0.0;
  for (double x : xs) var += (x - m) * (x - m);
  var /= n - 1;
  CHECK(std::abs(var - 1.0 / 12.0) < 4.0 * std::sqrt(1.0 / 180.0 / n));
}

TEST_CASE("two streams are uncorrelated") {
  const Stream a(5, kA);
  const Stream b(5, kB);
  const int n = 100000;
  double sum_ab = 0.0;
  for (int i = 0; i < n; ++i) {
    const double x = a.at(0, static_cast<std::uint64_t>(i)).uniform() - 0.5;
    const double y = b.at(0, static_cast<std::uint64_t>(i)).uniform() - 0.5;
    sum_ab += x * y;
  }
  const double correlation = (sum_ab / n) / (1.0 / 12.0);
  CHECK(std::abs(correlation) < 4.0 / std::sqrt(n));
}

TEST_CASE("below(n) is uniform on 0..n-1 (chi-square)") {
  Draws draws(3, 1, 0, 0);
  const std::uint64_t n = 7;
  const int samples = 70000;
  std::vector<int> counts(n, 0);
  for (int i = 0; i < samples; ++i) {
    const std::uint64_t k = draws.below(n);
    REQUIRE(k < n);
    ++counts[k];
  }
  double chi2 = 0.0;
  const double expected = static_cast<double>(samples) / static_cast<double>(n);
  for (int c : counts) chi2 += (c - expected) * (c - expected) / expected;
  CHECK(chi2 < 22.46);  // 99.9th percentile of chi-square with 6 degrees of freedom
}

TEST_CASE("uniform_int covers its closed range and nothing else") {
  Draws draws(3, 2, 0, 0);
  std::set<std::int64_t> seen;
  for (int i = 0; i < 2000; ++i) {
    const std::int64_t v = draws.uniform_int(-3, 3);
    REQUIRE(v >= -3);
    REQUIRE(v <= 3);
    seen.insert(v);
  }
  CHECK(seen.size() == 7);
  CHECK(draws.uniform_int(5, 5) == 5);
}

TEST_CASE("normal draws have mean 0 and standard deviation 1 within 4 standard errors") {
  Draws draws(11, 1, 0, 0);
  const int n = 200000;
  std::vector<double> xs(n);
  for (auto& x : xs) x = draws.normal();
  const double m = mean(xs);
  double var = 0.0;
  for (double x : xs) var += (x - m) * (x - m);
  var /= n - 1;
  CHECK(std::abs(m) < 4.0 / std::sqrt(n));
  CHECK(std::abs(var - 1.0) < 4.0 * std::sqrt(2.0 / n));
}

TEST_CASE("bernoulli(p) succeeds with frequency p; p = 0 never and p = 1 always") {
  Draws draws(13, 1, 0, 0);
  const int n = 100000;
  int hits = 0;
  for (int i = 0; i < n; ++i) hits += draws.bernoulli(0.3);
  CHECK(std::abs(hits / static_cast<double>(n) - 0.3) < 4.0 * std::sqrt(0.21 / n));
  for (int i = 0; i < 1000; ++i) {
    CHECK_FALSE(draws.bernoulli(0.0));
    CHECK(draws.bernoulli(1.0));
  }
}

TEST_CASE("shuffle gives a permutation, the same one for the same counter") {
  std::vector<int> a(100);
  std::iota(a.begin(), a.end(), 0);
  std::vector<int> b = a;
  Draws(9, 1, 4, 0).shuffle(a.begin(), a.end());
  Draws(9, 1, 4, 0).shuffle(b.begin(), b.end());
  CHECK(a == b);
  std::vector<int> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  for (int i = 0; i < 100; ++i) CHECK(sorted[static_cast<std::size_t>(i)] == i);
  std::vector<int> identity(100);
  std::iota(identity.begin(), identity.end(), 0);
  CHECK(a != identity);
}

TEST_CASE("every position is equally likely after a shuffle") {
  // Where element 0 ends up, over many shuffles of 5 elements.
  std::vector<int> counts(5, 0);
  const int trials = 50000;
  for (int t = 0; t < trials; ++t) {
    std::vector<int> v{0, 1, 2, 3, 4};
    Draws(21, 1, 0, static_cast<std::uint64_t>(t)).shuffle(v.begin(), v.end());
    ++counts[static_cast<std::size_t>(std::find(v.begin(), v.end(), 0) - v.begin())];
  }
  double chi2 = 0.0;
  for (int c : counts) chi2 += (c - trials / 5.0) * (c - trials / 5.0) / (trials / 5.0);
  CHECK(chi2 < 18.47);  // 99.9th percentile, 4 degrees of freedom
}
