#include "sweep.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <numeric>
#include <set>
#include <sstream>

#include "core/format.hpp"
#include "core/rng.hpp"
#include "core/scenario_schema.hpp"
#include "core/version.hpp"
#include "io/config_tree.hpp"
#include "io/scenario_loader.hpp"

namespace sahelsim {

namespace fs = std::filesystem;

std::uint64_t replicate_seed(std::uint64_t root, std::uint64_t replicate) {
  Draws draws(root, 0x53574550u, replicate, 0);
  return draws.bits() >> 11;
}

std::string SweepSpec::fingerprint() const {
  // FNV-1a over the engine's identity and every point's resolved scenario.
  std::uint64_t hash = 1469598103934665603ULL;
  const auto mix = [&](const std::string& part) {
    for (char c : part) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 1099511628211ULL;
    }
    hash ^= 0xff;
    hash *= 1099511628211ULL;
  };
  mix(std::string(engine_version()));
  mix(std::string(git_commit()));
  mix(std::to_string(seed) + "/" + std::to_string(replicates));
  for (const auto& p : points) mix(p.resolved);
  char hex[40];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

SweepRun SweepSpec::run(std::size_t index) const {
  SweepRun r;
  r.index = index;
  r.point = index / replicates;
  r.replicate = index % replicates;
  r.seed = replicate_seed(seed, r.replicate);
  return r;
}

namespace {

constexpr std::uint32_t kSampleStream = 0x53414d50u;  // "SAMP"

// Bounds that keep a hostile sweep file from taking unbounded time or memory before any
// run starts: every point is checked by loading its scenario, and a sample holds
// points x parameters numbers.
constexpr std::size_t kMaxRuns = 10'000'000;
constexpr std::size_t kMaxPoints = 100'000;
constexpr std::size_t kMaxSampleValues = 10'000'000;

// a * b, or SIZE_MAX when that overflows.
std::size_t saturating_product(std::size_t a, std::size_t b) {
  std::size_t out = 0;
  return __builtin_mul_overflow(a, b, &out) ? SIZE_MAX : out;
}

// YAML text of a node, for a `--set key=value` override.
std::string yaml_text(const ConfigNode& node) {
  if (node.is_scalar()) {
    if (!node.quoted) return node.scalar;
    std::string out = "'";
    for (char c : node.scalar) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
  }
  return emit_yaml(node);
}

struct Axis {
  std::string key;
  std::vector<const ConfigNode*> values;
};

class SweepChecker {
 public:
  explicit SweepChecker(DiagnosticList& d) : d_(d) {}

  // Checks that `node` is a map and that its keys are among `valid`.
  bool map(const ConfigNode& node, const std::string& key, const std::vector<std::string>& valid) {
    if (!node.is_map()) {
      d_.add(node.where, key, "wrong type (expected a map, got " + node.describe() + ")");
      return false;
    }
    for (const auto& e : node.entries) {
      if (std::find(valid.begin(), valid.end(), e.key) == valid.end()) {
        d_.add(e.key_where, key.empty() ? e.key : key + "." + e.key,
               "unknown key" + suggestion(e.key, valid));
      }
    }
    return true;
  }

  std::optional<std::int64_t> integer(const ConfigNode* node, const std::string& key,
                                      std::int64_t lo, std::int64_t hi) {
    if (node == nullptr) return std::nullopt;
    if (node->is_scalar() && !node->quoted) {
      char* end = nullptr;
      errno = 0;
      const long long v = std::strtoll(node->scalar.c_str(), &end, 10);
      if (end != nullptr && *end == '\0' && !node->scalar.empty() && errno == ERANGE) {
        d_.add(node->where, key,
               "integer too large for 64 bits (expected an integer in [" + std::to_string(lo) +
                   ", " + std::to_string(hi) + "], got " + node->scalar + ")");
        return std::nullopt;
      }
      if (end != nullptr && *end == '\0' && !node->scalar.empty() && errno == 0) {
        if (v >= lo && v <= hi) return v;
        d_.add(node->where, key,
               "out of range (expected an integer in [" + std::to_string(lo) + ", " +
                   std::to_string(hi) + "], got " + node->scalar + ")");
        return std::nullopt;
      }
    }
    d_.add(node->where, key,
           "wrong type (expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) +
               "], got " + node->describe() + ")");
    return std::nullopt;
  }

  std::optional<double> number(const ConfigNode* node, const std::string& key) {
    if (node != nullptr && node->is_scalar() && !node->quoted) {
      char* end = nullptr;
      const double v = std::strtod(node->scalar.c_str(), &end);
      if (end != nullptr && *end == '\0' && !node->scalar.empty() && std::isfinite(v)) return v;
    }
    d_.add(node ? node->where : Location{}, key,
           "wrong type (expected a finite number, got " +
               (node ? node->describe() : std::string("nothing")) + ")");
    return std::nullopt;
  }

  std::optional<std::string> text(const ConfigNode* node, const std::string& key,
                                  const std::vector<std::string>& choices = {}) {
    if (node == nullptr) return std::nullopt;
    if (!node->is_scalar() || node->scalar.empty()) {
      d_.add(node->where, key, "wrong type (expected text, got " + node->describe() + ")");
      return std::nullopt;
    }
    if (!choices.empty() &&
        std::find(choices.begin(), choices.end(), node->scalar) == choices.end()) {
      std::string list;
      for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
      d_.add(node->where, key,
             "unknown choice (expected one of " + list + ", got '" + node->scalar + "')" +
                 suggestion(node->scalar, choices));
      return std::nullopt;
    }
    return node->scalar;
  }

  // A map of dotted scenario keys to lists.
  std::vector<Axis> axes(const ConfigNode& node, const std::string& key) {
    std::vector<Axis> out;
    if (!node.is_map()) {
      d_.add(node.where, key,
             "wrong type (expected a map of scenario keys to lists of values, got " +
                 node.describe() + ")");
      return out;
    }
    for (const auto& e : node.entries) {
      if (!e.value.is_sequence() || e.value.items.empty()) {
        d_.add(e.value.where, key + "." + e.key,
               "wrong type (expected a non-empty list of values, got " + e.value.describe() + ")");
        continue;
      }
      Axis axis{e.key, {}};
      for (const auto& item : e.value.items) axis.values.push_back(&item);
      out.push_back(std::move(axis));
    }
    return out;
  }

 private:
  DiagnosticList& d_;
};

// Latin hypercube: n points, one per stratum in each dimension, strata shuffled per
// dimension, positions uniform inside strata. Deterministic in `seed`.
std::vector<std::vector<double>> latin_hypercube(std::size_t n, std::size_t dims,
                                                 std::uint64_t seed) {
  std::vector<std::vector<double>> out(n, std::vector<double>(dims));
  for (std::size_t d = 0; d < dims; ++d) {
    Draws draws(seed, kSampleStream, 0, d);
    std::vector<std::size_t> strata(n);
    std::iota(strata.begin(), strata.end(), std::size_t{0});
    draws.shuffle(strata.begin(), strata.end());
    for (std::size_t i = 0; i < n; ++i) {
      out[i][d] = (static_cast<double>(strata[i]) + draws.uniform()) / static_cast<double>(n);
    }
  }
  return out;
}

std::vector<std::vector<double>> uniform_sample(std::size_t n, std::size_t dims,
                                                std::uint64_t seed) {
  std::vector<std::vector<double>> out(n, std::vector<double>(dims));
  for (std::size_t i = 0; i < n; ++i) {
    Draws draws(seed, kSampleStream, 1, i);
    for (std::size_t d = 0; d < dims; ++d) out[i][d] = draws.uniform();
  }
  return out;
}

// Morris (1991) trajectories on a p-level grid in [0, 1]^k (p even) with step
// delta = p / (2(p - 1)): a random base point on the grid, then each parameter in a random
// order moves once by +delta or -delta. With p even every level has exactly one of the two
// inside [0, 1] (levels below 1/2 move up, the others down), so every move is delta.
std::vector<std::vector<double>> morris_sample(std::size_t trajectories, std::size_t dims,
                                               int levels, std::uint64_t seed,
                                               MorrisDesign& design) {
  std::vector<std::vector<double>> out;
  const double p = levels;
  const double delta = p / (2.0 * (p - 1.0));
  design.steps.clear();
  for (std::size_t t = 0; t < trajectories; ++t) {
    Draws draws(seed, kSampleStream, 2, t);
    std::vector<double> x(dims);
    for (std::size_t d = 0; d < dims; ++d) {
      // Levels i / (p - 1), i = 0..p-1.
      x[d] = static_cast<double>(draws.below(static_cast<std::uint64_t>(levels))) / (p - 1.0);
    }
    out.push_back(x);
    std::vector<std::size_t> order(dims);
    std::iota(order.begin(), order.end(), std::size_t{0});
    draws.shuffle(order.begin(), order.end());
    std::vector<MorrisDesign::Step> steps;
    for (std::size_t d : order) {
      const bool up = x[d] + delta <= 1.0 + 1e-12;
      const double move = up ? delta : -delta;
      x[d] = std::clamp(x[d] + move, 0.0, 1.0);
      out.push_back(x);
      steps.push_back({d, move});
    }
    design.steps.push_back(std::move(steps));
  }
  return out;
}

}  // namespace

SweepSpec load_sweep(const std::string& path, const ModelRegistry& models) {
  SweepSpec spec;
  spec.path = path;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    throw UserError({path, 0, 0}, "", "is a directory (expected a sweep file)");
  }
  const ConfigNode root = load_yaml_file(path, &spec.text);
  if (!root.is_map()) {
    throw UserError(root.where, "",
                    "a sweep must be a map of keys (got " + root.describe() +
                        "; expected base or scenarios, replicates, grid, ...)");
  }
  DiagnosticList d;
  SweepChecker check(d);
  check.map(root, "",
            {"name", "base", "scenarios", "seed", "replicates", "set", "grid", "zip", "sample",
             "sensitivity", "output", "threads_per_run"});
  const fs::path dir = fs::path(path).parent_path();
  const auto relative = [&](const std::string& p) {
    return fs::path(p).is_absolute() ? p : (dir / p).lexically_normal().string();
  };

  spec.name = fs::path(path).stem().string();  // "x" for x.sweep.yaml
  if (spec.name.size() > 6 && spec.name.ends_with(".sweep")) spec.name.resize(spec.name.size() - 6);
  if (auto v = check.text(root.get("name"), "name")) spec.name = *v;
  if (auto v = check.integer(root.get("seed"), "seed", 0, 9007199254740991LL)) {
    spec.seed = static_cast<std::uint64_t>(*v);
  }
  if (auto v = check.integer(root.get("replicates"), "replicates", 1, 1000000)) {
    spec.replicates = static_cast<std::size_t>(*v);
  }
  if (auto v = check.integer(root.get("threads_per_run"), "threads_per_run", 0, 4096)) {
    spec.threads_per_run = static_cast<int>(*v);
  }

  // Scenarios: `base:` or named `scenarios:`.
  std::vector<std::pair<std::string, std::string>> scenarios;  // name, path
  std::vector<Location> scenario_where;
  const ConfigNode* base = root.get("base");
  const ConfigNode* named = root.get("scenarios");
  if ((base == nullptr) == (named == nullptr)) {
    d.add(base ? base->where : Location{path, 1, 1}, base ? "base" : "base",
          base ? "give base or scenarios, not both"
               : "missing (expected base: a scenario file, or scenarios: {name: file, ...})");
  } else if (base != nullptr) {
    if (auto v = check.text(base, "base")) {
      scenarios.emplace_back("", relative(*v));
      scenario_where.push_back(base->where);
    }
  } else if (!named->is_map()) {
    d.add(named->where, "scenarios",
          "wrong type (expected a map of names to scenario files, got " + named->describe() + ")");
  }
  if (base == nullptr && named != nullptr && named->is_map()) {
    for (const auto& e : named->entries) {
      if (auto v = check.text(&e.value, "scenarios." + e.key)) {
        scenarios.emplace_back(e.key, relative(*v));
        scenario_where.push_back(e.value.where);
      }
    }
    if (named->entries.empty()) d.add(named->where, "scenarios", "empty (expected name: file)");
  }

  // Overrides for every run.
  std::vector<std::string> common;
  std::vector<Location> common_where;
  if (const ConfigNode* set = root.get("set")) {
    if (set->is_map()) {
      // Flattened to dotted keys so that `set: {params: {legitimacy: 0.8}}` works too.
      const auto flatten = [&](auto&& self, const ConfigNode& node,
                               const std::string& prefix) -> void {
        for (const auto& e : node.entries) {
          const std::string key = prefix.empty() ? e.key : prefix + "." + e.key;
          if (e.value.is_map()) {
            self(self, e.value, key);
          } else {
            common.push_back(key + "=" + yaml_text(e.value));
            common_where.push_back(e.value.where);
          }
        }
      };
      flatten(flatten, *set, "");
    } else {
      d.add(set->where, "set",
            "wrong type (expected a map of scenario keys, got " + set->describe() + ")");
    }
  }

  // Grid (product) and zip (paired).
  std::vector<Axis> grid, zip;
  if (const ConfigNode* g = root.get("grid")) grid = check.axes(*g, "grid");
  if (const ConfigNode* z = root.get("zip")) {
    zip = check.axes(*z, "zip");
    for (const auto& axis : zip) {
      if (axis.values.size() != zip.front().values.size()) {
        d.add(z->get(axis.key)->where, "zip." + axis.key,
              "lists of different lengths (expected " + std::to_string(zip.front().values.size()) +
                  " values like zip." + zip.front().key + ", got " +
                  std::to_string(axis.values.size()) + ")");
      }
    }
  }

  // Sampling.
  std::vector<std::string> sample_keys;
  std::vector<std::pair<double, double>> sample_ranges;
  std::vector<std::vector<double>> unit_points;  // in [0, 1]^k
  Location sample_where;
  if (const ConfigNode* sample = root.get("sample")) {
    sample_where = sample->where;
    if (check.map(*sample, "sample", {"method", "n", "trajectories", "levels", "seed", "ranges"})) {
      const std::string method =
          check.text(sample->get("method"), "sample.method", {"lhs", "uniform", "morris"})
              .value_or("");
      if (sample->get("method") == nullptr) {
        d.add(sample->where, "sample.method", "missing (expected lhs, uniform or morris)");
      }
      std::uint64_t seed = 1;
      if (auto v = check.integer(sample->get("seed"), "sample.seed", 0, 9007199254740991LL)) {
        seed = static_cast<std::uint64_t>(*v);
      }
      if (const ConfigNode* ranges = sample->get("ranges"); ranges && ranges->is_map()) {
        for (const auto& e : ranges->entries) {
          const std::string key = "sample.ranges." + e.key;
          if (!e.value.is_sequence() || e.value.items.size() != 2) {
            d.add(e.value.where, key,
                  "wrong type (expected [low, high], got " + e.value.describe() + ")");
            continue;
          }
          const auto lo = check.number(&e.value.items[0], key);
          const auto hi = check.number(&e.value.items[1], key);
          if (lo && hi && !(*lo < *hi)) {
            d.add(e.value.where, key, "empty range (expected low < high)");
          }
          if (lo && hi) {
            sample_keys.push_back(e.key);
            sample_ranges.emplace_back(*lo, *hi);
          }
        }
      } else {
        d.add(sample->where, "sample.ranges",
              "missing (expected a map of scenario keys to [low, high])");
      }
      if (const ConfigNode* ranges = sample->get("ranges");
          ranges && ranges->is_map() && ranges->entries.empty()) {
        d.add(ranges->where, "sample.ranges", "empty (expected at least one key: [low, high])");
      }
      const std::size_t k = sample_keys.size();
      if (method == "morris") {
        spec.morris = true;
        const auto r = check.integer(sample->get("trajectories"), "sample.trajectories", 1, 10000);
        const auto p = check.integer(sample->get("levels"), "sample.levels", 2, 100);
        if (p && *p % 2 != 0) {
          d.add(sample->get("levels")->where, "sample.levels",
                "must be even (expected 2, 4, 6, ...; got " + std::to_string(*p) +
                    "): with an odd number of levels the middle one cannot move by a full step");
        }
        if (sample->get("n") != nullptr) {
          d.add(sample->get("n")->where, "sample.n",
                "not used by morris (its points are trajectories x (parameters + 1))");
        }
        if (!sample->get("trajectories")) {
          d.add(sample->where, "sample.trajectories", "missing (expected an integer, e.g. 10)");
        }
        spec.design.keys = sample_keys;
        spec.design.ranges = sample_ranges;
        spec.design.trajectories = static_cast<std::size_t>(r.value_or(0));
        spec.design.levels = static_cast<int>(p.value_or(4));
        if (r && k > 0 &&
            saturating_product(static_cast<std::size_t>(*r), saturating_product(k + 1, k)) >
                kMaxSampleValues) {
          d.add(sample->where, "sample",
                "too large (trajectories x (parameters + 1) x parameters = " + std::to_string(*r) +
                    " x " + std::to_string(k + 1) + " x " + std::to_string(k) +
                    "; expected at most 10,000,000 values)");
        } else if (r && k > 0) {
          unit_points =
              morris_sample(spec.design.trajectories, k, spec.design.levels, seed, spec.design);
        }
      } else if (!method.empty()) {
        for (const char* key : {"trajectories", "levels"}) {
          if (sample->get(key) != nullptr) {
            d.add(sample->get(key)->where, std::string("sample.") + key,
                  "only used by method: morris");
          }
        }
        const auto n = check.integer(sample->get("n"), "sample.n", 1, 1000000);
        if (!sample->get("n")) d.add(sample->where, "sample.n", "missing (expected an integer)");
        if (n && k > 0 && saturating_product(static_cast<std::size_t>(*n), k) > kMaxSampleValues) {
          d.add(sample->where, "sample",
                "too large (n x parameters = " + std::to_string(*n) + " x " + std::to_string(k) +
                    "; expected at most 10,000,000 values)");
        } else if (n && k > 0) {
          unit_points = method == "lhs" ? latin_hypercube(static_cast<std::size_t>(*n), k, seed)
                                        : uniform_sample(static_cast<std::size_t>(*n), k, seed);
        }
      }
    }
  }
  if (const ConfigNode* sens = root.get("sensitivity")) {
    if (check.map(*sens, "sensitivity", {"outputs", "at"})) {
      if (!spec.morris) {
        d.add(sens->where, "sensitivity",
              "needs sample.method: morris (elementary effects come from Morris trajectories)");
      }
      if (auto v = check.text(sens->get("at"), "sensitivity.at", {"end", "mean"})) {
        spec.sensitivity_at = *v;
      }
      const ConfigNode* outputs = sens->get("outputs");
      if (outputs == nullptr || !outputs->is_sequence() || outputs->items.empty()) {
        d.add(outputs ? outputs->where : sens->where, "sensitivity.outputs",
              "missing (expected a list of series names)");
      } else {
        for (const auto& item : outputs->items) {
          if (auto v = check.text(&item, "sensitivity.outputs")) {
            spec.sensitivity_outputs.push_back(*v);
          }
        }
      }
    }
  } else if (spec.morris) {
    d.add(root.get("sample")->where, "sensitivity",
          "missing (sample.method: morris needs sensitivity: {outputs: [series, ...]})");
  }

  // Output.
  spec.output_dir = (fs::path("results") / "sweeps" / spec.name).string();
  if (const ConfigNode* out = root.get("output")) {
    if (check.map(*out, "output", {"dir", "on_error"})) {
      if (auto v = check.text(out->get("dir"), "output.dir")) spec.output_dir = relative(*v);
      if (auto v = check.text(out->get("on_error"), "output.on_error", {"continue", "stop"})) {
        spec.stop_on_error = *v == "stop";
      }
    }
  }
  if (spec.morris && (!grid.empty() || !zip.empty() || scenarios.size() > 1)) {
    d.add(root.get("sample")->where, "sample.method",
          "morris needs one scenario and no grid or zip (its trajectories are the points)");
  }
  d.sort_by_location();
  d.throw_if_any();

  // Points: scenarios x grid x zip x samples, the last fastest.
  for (const auto& a : grid) spec.parameter_keys.push_back(a.key);
  for (const auto& a : zip) spec.parameter_keys.push_back(a.key);
  for (const auto& k : sample_keys) spec.parameter_keys.push_back(k);
  {
    std::set<std::string> seen;
    for (const auto& key : spec.parameter_keys) {
      if (!seen.insert(key).second) {
        d.add(Location{path, 0, 0}, key, "varied twice (in grid, zip or sample)");
      }
    }
    // Seeds belong to the sweep: each run's comes from `seed` and its replicate.
    const auto no_seed = [&](const std::string& key, const Location& where) {
      if (key == "seed") {
        d.add(where, key,
              "set by the sweep (each run's seed comes from the sweep's seed: and its "
              "replicate; use replicates: for more seeds)");
      }
    };
    for (const auto& a : grid) no_seed(a.key, a.values.front()->where);
    for (const auto& a : zip) no_seed(a.key, a.values.front()->where);
    for (const auto& k : sample_keys) no_seed(k, sample_where);
    for (std::size_t i = 0; i < common.size(); ++i) {
      no_seed(common[i].substr(0, common[i].find('=')), common_where[i]);
    }
    d.throw_if_any();
  }
  std::size_t grid_size = 1;
  for (const auto& a : grid) grid_size = saturating_product(grid_size, a.values.size());
  const std::size_t zip_size = zip.empty() ? 1 : zip.front().values.size();
  const std::size_t sample_size = unit_points.empty() ? 1 : unit_points.size();
  const std::size_t point_count = saturating_product(
      saturating_product(scenarios.size(), grid_size), saturating_product(zip_size, sample_size));
  const std::size_t total = saturating_product(point_count, spec.replicates);
  const auto count_text = [](std::size_t n) {
    return n == SIZE_MAX ? std::string("more than 2^64") : std::to_string(n);
  };
  if (total > kMaxRuns) {
    throw UserError(Location{path, 1, 1}, "",
                    "too many runs (" + count_text(total) + "; expected at most 10,000,000)");
  }
  if (point_count > kMaxPoints) {
    throw UserError(
        Location{path, 1, 1}, "",
        "too many parameter points (" + count_text(point_count) + "; expected at most 100,000)");
  }
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    for (std::size_t gi = 0; gi < grid_size; ++gi) {
      for (std::size_t zi = 0; zi < zip_size; ++zi) {
        for (std::size_t si = 0; si < sample_size; ++si) {
          SweepPoint point;
          point.index = spec.points.size();
          point.scenario = scenarios[s].first;
          point.scenario_path = scenarios[s].second;
          point.sets = common;
          point.origins = common_where;
          std::size_t rest = gi;
          std::vector<std::size_t> digits(grid.size());
          for (std::size_t a = grid.size(); a-- > 0;) {
            digits[a] = rest % grid[a].values.size();
            rest /= grid[a].values.size();
          }
          const auto add = [&](const std::string& key, const ConfigNode& value) {
            point.sets.push_back(key + "=" + yaml_text(value));
            point.origins.push_back(value.where);
            char* end = nullptr;
            const double number = std::strtod(value.scalar.c_str(), &end);
            if (value.is_scalar() && end != nullptr && *end == '\0' && !value.scalar.empty()) {
              point.coordinates.emplace_back(key, number);
            }
          };
          for (std::size_t a = 0; a < grid.size(); ++a)
            add(grid[a].key, *grid[a].values[digits[a]]);
          for (const auto& a : zip) add(a.key, *a.values[zi]);
          if (!unit_points.empty()) {
            for (std::size_t k = 0; k < sample_keys.size(); ++k) {
              const auto [lo, hi] = sample_ranges[k];
              const double value = lo + unit_points[si][k] * (hi - lo);
              point.sets.push_back(sample_keys[k] + "=" + format_significant(value, 17));
              point.origins.push_back(sample_where);
              point.coordinates.emplace_back(sample_keys[k], value);
            }
          }
          spec.points.push_back(std::move(point));
        }
      }
    }
  }

  // Every point must make a valid scenario: checked now, reported where the sweep wrote it.
  // Sampled values of integer keys (parameters, steps, ...) are rounded first.
  std::map<std::string, const ModelInfo*> model_of;  // by scenario file
  const auto integer_key = [&](const ModelInfo* info, const std::string& key) {
    if (const auto i = scenario_schema().find(key)) {
      return scenario_schema().at(*i).type == ParamType::integer;
    }
    const auto i = info != nullptr ? info->schema.find(key) : std::nullopt;
    return i && info->schema.at(*i).type == ParamType::integer;
  };
  std::set<std::string> reported;
  for (auto& point : spec.points) {
    try {
      if (!model_of.count(point.scenario_path)) {
        const ScenarioSpec plain = load_scenario(point.scenario_path, models);
        model_of[point.scenario_path] = models.find(plain.model);
      }
      const ModelInfo* info = model_of[point.scenario_path];
      for (std::size_t i = 0; i < point.sets.size(); ++i) {
        const std::string key = point.sets[i].substr(0, point.sets[i].find('='));
        const bool sampled = point.origins[i].file == sample_where.file &&
                             point.origins[i].line == sample_where.line && sample_where.known();
        if (!sampled || !integer_key(info, key)) continue;
        // strtod, not stod: a subnormal sample (a range such as [0, 1e-310]) is a value.
        const long long v =
            std::llround(std::strtod(point.sets[i].c_str() + key.size() + 1, nullptr));
        point.sets[i] = key + "=" + std::to_string(v);
        for (auto& [k, x] : point.coordinates) {
          if (k == key) x = static_cast<double>(v);
        }
      }
      const ScenarioSpec scenario = load_scenario(point.scenario_path, models, {point.sets});
      // The resolved scenario, without the seed line (the runs set their own).
      std::string resolved;
      std::istringstream lines(scenario.resolved_yaml);
      for (std::string line; std::getline(lines, line);) {
        if (line.rfind("seed:", 0) != 0) resolved += line + "\n";
      }
      point.resolved = resolved;
      if (spec.morris && point.index == 0) {
        const ModelInfo* m = models.find(scenario.model);
        std::vector<std::string> names;
        for (const auto& series : m->series) names.push_back(series.name);
        const ConfigNode* outputs = root.get("sensitivity")->get("outputs");
        for (std::size_t o = 0; o < spec.sensitivity_outputs.size(); ++o) {
          const std::string& name = spec.sensitivity_outputs[o];
          if (std::find(names.begin(), names.end(), name) == names.end()) {
            d.add(outputs->items[o].where, "sensitivity.outputs",
                  "no series '" + name + "' in model " + m->name + suggestion(name, names));
          }
        }
      }
    } catch (const UserError& e) {
      for (const auto& diagnostic : e.diagnostics()) {
        // Map "--set key=value" back to the sweep file's location of that value.
        Location where = diagnostic.where;
        for (std::size_t i = 0; i < point.sets.size(); ++i) {
          if (diagnostic.where.file == "--set " + point.sets[i]) where = point.origins[i];
        }
        if (where.file.empty() && !scenario_where.empty()) where = scenario_where.front();
        const std::string text = where.str() + diagnostic.key + diagnostic.message;
        if (reported.insert(text).second) d.add(where, diagnostic.key, diagnostic.message);
      }
    }
  }
  d.sort_by_location();
  d.throw_if_any();
  return spec;
}

}  // namespace sahelsim
