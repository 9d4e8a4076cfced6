#include "compare.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>

#include "core/errors.hpp"
#include "core/format.hpp"
#include "io/h5.hpp"
#include "io/results_reader.hpp"
#include "statistics.hpp"

namespace sahelsim {

namespace fs = std::filesystem;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Group {
  std::string label;
  std::vector<std::string> files;
  std::vector<std::uint64_t> seeds;
};

std::vector<Group> groups_of(const std::string& path) {
  return reading_results(path, [&] {
    const ResultsFile file(path);
    std::string stem = fs::path(path).filename().string();
    if (h5::has_attribute(file.id(), "sweep_name")) {
      stem = h5::read_string_attribute(file.id(), "sweep_name");
    }
    std::vector<Group> out;
    if (h5::has_attribute(file.id(), "content") &&
        h5::read_string_attribute(file.id(), "content") == "sweep") {
      const auto point = h5::read_int64s(file.id(), "runs/point");
      const auto seed = h5::read_int64s(file.id(), "runs/seed");
      const auto status = h5::read_doubles(file.id(), "runs/status");
      const auto files = h5::read_strings(file.id(), "runs/file");
      const fs::path dir = fs::path(path).parent_path();
      const std::vector<std::string> labels = sweep_point_labels(file);
      if (seed.size() != point.size() || status.size() != point.size() ||
          files.size() != point.size()) {
        throw h5::Error("HDF5: the columns of runs differ in length");
      }
      out.resize(labels.size());
      for (std::size_t p = 0; p < labels.size(); ++p) {
        out[p].label = stem + ":" + std::to_string(p) + labels[p];
      }
      for (std::size_t i = 0; i < point.size(); ++i) {
        if (status[i] != 0.0) continue;
        if (point[i] < 0 || static_cast<std::uint64_t>(point[i]) >= out.size()) {
          throw h5::Error("HDF5: runs/point names a point the index does not have");
        }
        Group& g = out[static_cast<std::size_t>(point[i])];
        g.files.push_back((dir / files[i]).string());
        g.seeds.push_back(static_cast<std::uint64_t>(seed[i]));
      }
    } else if (h5::exists(file.id(), "step")) {
      Group g;
      g.label = stem;
      g.files.push_back(path);
      const std::string seed = file.attribute("seed");
      char* end = nullptr;
      errno = 0;
      const unsigned long long value = std::strtoull(seed.c_str(), &end, 10);
      if (seed.empty() || *end != '\0' || errno != 0) {
        throw h5::Error("HDF5: attribute seed is not a seed (got " + seed + ")");
      }
      g.seeds.push_back(static_cast<std::uint64_t>(value));
      out.push_back(std::move(g));
    } else {
      throw UserError({path, 0, 0}, "", "holds no runs (expected a run file or a sweep index)");
    }
    return out;
  });
}

// A window "A:B" of steps, or a single step "S" (A == B).
struct Window {
  std::int64_t from = 0, to = 0;
};

std::optional<Window> parse_window(const std::string& at) {
  const auto number = [](const std::string& text) -> std::optional<std::int64_t> {
    if (text.empty()) return std::nullopt;
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (end == nullptr || *end != '\0' || errno != 0 || v < 0) return std::nullopt;
    return v;
  };
  const auto colon = at.find(':');
  const auto a = number(at.substr(0, colon));
  const auto b = colon == std::string::npos ? a : number(at.substr(colon + 1));
  if (!a || !b || *b < *a) return std::nullopt;
  return Window{*a, *b};
}

double outcome(const std::vector<std::int64_t>& steps, const std::vector<double>& values,
               const std::string& at, const std::string& file) {
  if (values.empty()) return kNaN;
  if (at == "end") return values.back();
  if (at == "mean" || at == "total") {
    double sum = 0.0;
    for (double v : values) sum += v;
    return at == "total" ? sum : sum / static_cast<double>(values.size());
  }
  // A step, or the mean over the records of a window of steps.
  const Window w = *parse_window(at);
  double sum = 0.0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < steps.size() && i < values.size(); ++i) {
    if (steps[i] >= w.from && steps[i] <= w.to) {
      sum += values[i];
      ++n;
    }
  }
  if (n == 0) throw UserError({file, 0, 0}, "--at", "no record at steps " + at + " in this run");
  return sum / static_cast<double>(n);
}

}  // namespace

std::vector<std::string> sweep_point_labels(const ResultsFile& index) {
  const hid_t id = index.id();
  const auto scenario = h5::read_strings(id, "points/scenario");
  std::vector<std::string> out(scenario.size());
  for (std::size_t p = 0; p < out.size(); ++p) {
    if (!scenario[p].empty()) out[p].append(" ").append(scenario[p]);
  }
  if (!h5::exists(id, "points/parameters")) return out;
  for (const auto& key : h5::member_names(id, "points/parameters")) {
    const auto values = h5::read_doubles(id, "points/parameters/" + key);
    if (values.size() != out.size()) {
      throw h5::Error("HDF5: points/parameters/" + key + " does not have one value per point");
    }
    for (std::size_t p = 0; p < out.size(); ++p) {
      out[p]
          .append(" ")
          .append(key.substr(key.rfind('.') + 1))
          .append("=")
          .append(format_significant(values[p]));
    }
  }
  return out;
}

std::string compare_report(const std::vector<std::string>& files, const CompareOptions& options) {
  if (options.at != "end" && options.at != "mean" && options.at != "total" &&
      !parse_window(options.at)) {
    throw UserError(
        {"--at " + options.at, 0, 0}, "--at",
        "expected end, mean, total, a step S or a window A:B of steps (got '" + options.at + "')");
  }
  std::vector<Group> groups;
  for (const auto& f : files) {
    for (auto& g : groups_of(f)) groups.push_back(std::move(g));
  }
  groups.erase(
      std::remove_if(groups.begin(), groups.end(), [](const Group& g) { return g.files.empty(); }),
      groups.end());
  if (groups.empty()) throw UserError("compare: no finished runs in the files given");

  std::vector<std::string> series = options.series;
  if (series.empty()) {
    const std::string& first = groups.front().files.front();
    series = reading_results(first, [&] { return ResultsFile(first).series_names(); });
  }

  // values[group][series][run]
  std::vector<std::vector<std::vector<double>>> values(groups.size());
  for (std::size_t g = 0; g < groups.size(); ++g) {
    values[g].resize(series.size());
    for (const auto& file : groups[g].files) {
      reading_results(file, [&] {
        const ResultsFile run(file);
        const auto steps = run.steps();
        const auto names = run.series_names();
        for (std::size_t s = 0; s < series.size(); ++s) {
          if (std::find(names.begin(), names.end(), series[s]) == names.end()) {
            throw UserError({file, 0, 0}, "--series",
                            "no series '" + series[s] + "'" + suggestion(series[s], names));
          }
          values[g][s].push_back(outcome(steps, run.series(series[s]).values, options.at, file));
        }
      });
    }
  }

  std::string out;
  out += "outcome at " +
         std::string(options.at == "end"     ? "the end of each run"
                     : options.at == "mean"  ? "the mean over each run's records"
                     : options.at == "total" ? "the sum over each run's records (for flows)"
                     : options.at.find(':') != std::string::npos
                         ? "the mean over records in steps " + options.at
                         : "step " + options.at) +
         "; median [10 %, 90 %] across runs; differences against the first group, paired by "
         "seed where runs share seeds (common random numbers)\n\n";
  char line[512];
  std::snprintf(line, sizeof line, "%-14s %-34s %5s %12s %23s %12s %23s  %s\n", "series", "group",
                "runs", "median", "[q10, q90]", "difference", "[q10, q90]", "pairing");
  out += line;
  for (std::size_t s = 0; s < series.size(); ++s) {
    for (std::size_t g = 0; g < groups.size(); ++g) {
      const auto& v = values[g][s];
      const stats::Summary a = stats::summarize(v);
      std::string diff = "", range = "", pairing = "";
      if (g > 0) {
        // Pairs: runs of this group and of the first that share a seed.
        std::map<std::uint64_t, double> first;
        for (std::size_t r = 0; r < groups[0].seeds.size(); ++r) {
          first[groups[0].seeds[r]] = values[0][s][r];
        }
        std::vector<double> d;
        for (std::size_t r = 0; r < groups[g].seeds.size(); ++r) {
          const auto it = first.find(groups[g].seeds[r]);
          if (it != first.end()) d.push_back(v[r] - it->second);
        }
        if (d.size() >= 2 || (d.size() == 1 && v.size() == 1)) {
          const stats::Summary ds = stats::summarize(d);
          diff = format_significant(ds.median);
          range = "[" + format_significant(ds.q10) + ", " + format_significant(ds.q90) + "]";
          pairing = "paired, " + std::to_string(d.size()) + " pairs";
        } else {
          diff = format_significant(a.median - stats::summarize(values[0][s]).median);
          pairing = "unpaired (difference of medians)";
        }
      }
      std::snprintf(
          line, sizeof line, "%-14s %-34s %5zu %12s %23s %12s %23s  %s\n",
          g == 0 ? series[s].c_str() : "", groups[g].label.c_str(), v.size(),
          format_significant(a.median).c_str(),
          ("[" + format_significant(a.q10) + ", " + format_significant(a.q90) + "]").c_str(),
          diff.c_str(), range.c_str(), pairing.c_str());
      out += line;
    }
  }
  return out;
}

}  // namespace sahelsim
