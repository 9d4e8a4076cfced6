// The sweep index file: what ran, links to every run file, summaries across replicates and
// the Morris sensitivity table (docs/experiments.md, "The index file").
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>

#include "executor.hpp"
#include "io/h5.hpp"
#include "io/results_reader.hpp"
#include "io/results_writer.hpp"
#include "statistics.hpp"

namespace sahelsim {

namespace fs = std::filesystem;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The value a run's series contributes to a sensitivity output: its last value or its mean.
double run_output(const std::vector<double>& values, const std::string& at) {
  if (values.empty()) return kNaN;
  if (at == "end") return values.back();
  double sum = 0.0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

}  // namespace

void write_index(const SweepSpec& spec, const std::string& directory,
                 const std::vector<RunOutcome>& outcomes) {
  h5::quiet_errors();
  const fs::path dir(directory);
  const std::string path = (dir / "sweep.h5").string();
  const std::string partial = path + ".partial";
  std::size_t ok = 0, failed = 0, missing = 0;
  for (const auto& o : outcomes) {
    ok += o.status == RunStatus::ok;
    failed += o.status == RunStatus::failed;
    missing += o.status == RunStatus::missing;
  }
  {
    h5::Handle output = h5::create_file(partial);
    if (!output.valid()) throw UserError({partial, 0, 0}, "", "cannot write the sweep index");
    const hid_t root = output.id();
    write_provenance(root, "sweep", spec.name + " (sweep)");
    h5::write_attribute(root, "sweep_name", spec.name);
    h5::write_attribute(root, "seed", static_cast<std::uint64_t>(spec.seed));
    h5::write_attribute(root, "replicates", static_cast<std::int64_t>(spec.replicates));
    h5::write_attribute(root, "points", static_cast<std::int64_t>(spec.points.size()));
    h5::write_attribute(root, "runs", static_cast<std::int64_t>(outcomes.size()));
    h5::write_attribute(root, "runs_ok", static_cast<std::int64_t>(ok));
    h5::write_attribute(root, "runs_failed", static_cast<std::int64_t>(failed));
    h5::write_attribute(root, "runs_missing", static_cast<std::int64_t>(missing));
    // Complete when every run has either finished or failed (a stopped sweep is not).
    h5::write_attribute(root, "complete", std::int32_t{missing == 0 ? 1 : 0});
    {
      h5::Handle group = h5::create_group(root, "sweep");
      h5::write_text(group.id(), "text", spec.text);
      h5::write_text(group.id(), "path", spec.path);
    }

    // Runs.
    {
      h5::Handle group = h5::create_group(root, "runs");
      const hid_t g = group.id();
      std::vector<std::int64_t> index, point, replicate, seed;
      std::vector<std::uint8_t> status;
      std::vector<std::string> errors, files;
      for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const SweepRun run = spec.run(i);
        index.push_back(static_cast<std::int64_t>(i));
        point.push_back(static_cast<std::int64_t>(run.point));
        replicate.push_back(static_cast<std::int64_t>(run.replicate));
        seed.push_back(static_cast<std::int64_t>(run.seed));
        status.push_back(static_cast<std::uint8_t>(outcomes[i].status));
        errors.push_back(outcomes[i].error);
        files.push_back(fs::relative(run_file(directory, i), dir).string());
      }
      h5::Handle scale = h5::write_array(g, "run", H5T_NATIVE_INT64, {index.size()}, index.data());
      h5::make_scale(scale.id(), "run");
      h5::describe(scale.id(), "1", "run index");
      h5::write_column(g, "point", H5T_NATIVE_INT64, point.size(), point.data(), scale.id(), "1",
                       "parameter point of the run (/points)");
      h5::write_column(g, "replicate", H5T_NATIVE_INT64, replicate.size(), replicate.data(),
                       scale.id(), "1", "replicate index");
      h5::write_column(g, "seed", H5T_NATIVE_INT64, seed.size(), seed.data(), scale.id(), "1",
                       "seed the run used: replicate_seed(root seed, replicate)");
      h5::Handle s = h5::write_column(g, "status", H5T_NATIVE_UINT8, status.size(), status.data(),
                                      scale.id(), "1", "what became of the run");
      h5::write_attribute(s.id(), "flag_values", std::vector<std::int32_t>{0, 1, 2});
      h5::write_attribute(s.id(), "flag_meanings", std::string("ok failed missing"));
      h5::write_text_column(g, "error", errors, scale.id(), "why the run failed");
      h5::write_text_column(g, "file", files, scale.id(), "run file, relative to this file");
    }
    // Links to the run files: /run_files/run-NNNNNN -> runs/run-NNNNNN.h5:/ (found next to
    // this file, wherever the folder is moved).
    {
      h5::Handle group = h5::create_group(root, "run_files");
      for (std::size_t i = 0; i < outcomes.size(); ++i) {
        if (outcomes[i].status != RunStatus::ok) continue;
        const std::string target = fs::relative(run_file(directory, i), dir).string();
        const std::string name = fs::path(target).stem().string();
        h5::check(H5Lcreate_external(target.c_str(), "/", group.id(), name.c_str(), H5P_DEFAULT,
                                     H5P_DEFAULT),
                  "link " + name);
      }
    }
    // Points.
    {
      h5::Handle group = h5::create_group(root, "points");
      const hid_t g = group.id();
      std::vector<std::int64_t> index;
      std::vector<std::string> scenario, sets;
      for (const auto& p : spec.points) {
        index.push_back(static_cast<std::int64_t>(p.index));
        scenario.push_back(p.scenario);
        std::string joined;
        for (const auto& s : p.sets) joined += (joined.empty() ? "" : "; ") + s;
        sets.push_back(joined);
      }
      h5::Handle scale =
          h5::write_array(g, "point", H5T_NATIVE_INT64, {index.size()}, index.data());
      h5::make_scale(scale.id(), "point");
      h5::describe(scale.id(), "1", "parameter point");
      h5::write_text_column(g, "scenario", scenario, scale.id(), "named scenario of the point");
      h5::write_text_column(g, "sets", sets, scale.id(),
                            "overrides of the point, as --set arguments");
      if (!spec.parameter_keys.empty()) {
        h5::Handle parameters = h5::create_group(g, "parameters");
        for (const auto& key : spec.parameter_keys) {
          std::vector<double> values;
          for (const auto& p : spec.points) {
            double v = kNaN;
            for (const auto& [k, x] : p.coordinates) {
              if (k == key) v = x;
            }
            values.push_back(v);
          }
          h5::write_column(parameters.id(), key, H5T_NATIVE_DOUBLE, values.size(), values.data(),
                           scale.id(), "1",
                           "value of " + key + " at the point (NaN: not a number)");
        }
      }
    }

    // Summaries across replicates, point by point and series by series, reading the run
    // files in blocks of records: memory is one block of every replicate, whatever the
    // number of runs or the length of their series. With one replicate there is nothing
    // to summarise (the run file is the result).
    constexpr hsize_t kBlock = 4096;
    std::vector<std::vector<double>> outputs(spec.sensitivity_outputs.size(),
                                             std::vector<double>(spec.points.size(), kNaN));
    {
      h5::Handle summary = h5::create_group(root, "summary");
      h5::write_attribute(summary.id(), "replicates", static_cast<std::int64_t>(spec.replicates));
      for (const auto& point : spec.points) {
        // The point's finished runs that share the first one's time axis.
        std::vector<std::string> files;
        std::vector<std::int64_t> steps;
        for (std::size_t r = 0; r < spec.replicates; ++r) {
          const std::size_t i = point.index * spec.replicates + r;
          if (outcomes[i].status != RunStatus::ok) continue;
          const std::string file = run_file(directory, i);
          const std::vector<std::int64_t> these = ResultsFile(file).steps();
          if (files.empty()) steps = these;
          if (these == steps) files.push_back(file);
        }
        // Sensitivity outputs: the replicate mean of each run's value (each file read once).
        const std::size_t n_outputs = spec.sensitivity_outputs.size();
        std::vector<double> sums(n_outputs, 0.0);
        std::vector<std::size_t> counts(n_outputs, 0);
        for (std::size_t f = 0; n_outputs > 0 && f < files.size(); ++f) {
          const ResultsFile results(files[f]);
          for (std::size_t o = 0; o < n_outputs; ++o) {
            const double v =
                run_output(h5::read_doubles(results.id(), "series/" + spec.sensitivity_outputs[o]),
                           spec.sensitivity_at);
            if (!std::isnan(v)) {
              sums[o] += v;
              ++counts[o];
            }
          }
        }
        for (std::size_t o = 0; o < n_outputs; ++o) {
          outputs[o][point.index] = counts[o] > 0 ? sums[o] / static_cast<double>(counts[o]) : kNaN;
        }
        if (spec.replicates < 2) continue;
        char name[32];
        std::snprintf(name, sizeof name, "point-%06zu", point.index);
        h5::Handle group = h5::create_group(summary.id(), name);
        const hid_t g = group.id();
        h5::write_attribute(g, "runs", static_cast<std::int64_t>(files.size()));
        h5::write_attribute(g, "scenario", point.scenario);
        if (files.empty()) continue;
        h5::Handle scale =
            h5::write_array(g, "step", H5T_NATIVE_INT64, {steps.size()}, steps.data());
        h5::make_scale(scale.id(), "record");
        h5::describe(scale.id(), "1", "steps completed at the record");
        const std::vector<std::string> names = ResultsFile(files.front()).series_names();
        const hsize_t records = steps.size();
        for (const auto& series : names) {
          std::vector<double> median, q10, q90, mean, low, high;
          for (hsize_t t0 = 0; t0 < records; t0 += kBlock) {
            const hsize_t count = std::min(kBlock, records - t0);
            std::vector<std::vector<double>> block;  // [replicate][record in block]
            for (const auto& file : files) {
              const ResultsFile results(file);
              block.push_back(h5::read_doubles(results.id(), "series/" + series, t0, count));
            }
            std::vector<double> column(files.size());
            for (hsize_t t = 0; t < count; ++t) {
              for (std::size_t r = 0; r < files.size(); ++r) column[r] = block[r][t];
              const stats::Summary x = stats::summarize(column);
              median.push_back(x.median);
              q10.push_back(x.q10);
              q90.push_back(x.q90);
              mean.push_back(x.mean);
              low.push_back(x.ci95_low);
              high.push_back(x.ci95_high);
            }
          }
          h5::Handle sg = h5::create_group(g, series);
          const std::size_t n = median.size();
          h5::write_column(sg.id(), "median", H5T_NATIVE_DOUBLE, n, median.data(), scale.id(), "",
                           "median across replicates");
          h5::write_column(sg.id(), "q10", H5T_NATIVE_DOUBLE, n, q10.data(), scale.id(), "",
                           "10 % quantile across replicates");
          h5::write_column(sg.id(), "q90", H5T_NATIVE_DOUBLE, n, q90.data(), scale.id(), "",
                           "90 % quantile across replicates");
          h5::write_column(sg.id(), "mean", H5T_NATIVE_DOUBLE, n, mean.data(), scale.id(), "",
                           "mean across replicates");
          h5::write_column(sg.id(), "ci95_low", H5T_NATIVE_DOUBLE, n, low.data(), scale.id(), "",
                           "lower end of the 95 % confidence interval of the mean (Student t)");
          h5::write_column(sg.id(), "ci95_high", H5T_NATIVE_DOUBLE, n, high.data(), scale.id(), "",
                           "upper end of the 95 % confidence interval of the mean (Student t)");
        }
      }
    }

    // Morris elementary effects: EE = (y(x + delta e_i) - y(x)) / delta with x in the unit
    // cube of the sampled ranges, y the replicate mean of the output; mu* = mean |EE|,
    // mu = mean EE, sigma = standard deviation of EE over trajectories.
    if (spec.morris && !spec.sensitivity_outputs.empty()) {
      h5::Handle group = h5::create_group(root, "sensitivity");
      h5::write_attribute(group.id(), "method", std::string("morris"));
      h5::write_attribute(group.id(), "at", spec.sensitivity_at);
      h5::write_attribute(group.id(), "trajectories",
                          static_cast<std::int64_t>(spec.design.trajectories));
      h5::write_attribute(group.id(), "levels", std::int32_t{spec.design.levels});
      const std::size_t k = spec.design.keys.size();
      for (std::size_t o = 0; o < spec.sensitivity_outputs.size(); ++o) {
        std::vector<std::vector<double>> effects(k);
        for (std::size_t t = 0; t < spec.design.steps.size(); ++t) {
          for (std::size_t j = 0; j < spec.design.steps[t].size(); ++j) {
            const std::size_t before = t * (k + 1) + j;
            const double y0 = outputs[o][before], y1 = outputs[o][before + 1];
            if (std::isnan(y0) || std::isnan(y1)) continue;
            // The move as it ran, in units of the range (integer parameters are rounded).
            const std::size_t k_moved = spec.design.steps[t][j].parameter;
            const auto& a = spec.points[before].coordinates;
            const auto& b = spec.points[before + 1].coordinates;
            double delta = 0.0;
            for (std::size_t c = 0; c < a.size(); ++c) {
              if (a[c].first == spec.design.keys[k_moved]) {
                const auto [lo, hi] = spec.design.ranges[k_moved];
                delta = (b[c].second - a[c].second) / (hi - lo);
              }
            }
            if (delta == 0.0) continue;
            effects[k_moved].push_back((y1 - y0) / delta);
          }
        }
        std::vector<double> mu_star, mu, sigma;
        std::vector<std::int64_t> n;
        for (const auto& e : effects) {
          double a = 0.0, m = 0.0;
          for (double x : e) {
            a += std::abs(x);
            m += x;
          }
          const double count = static_cast<double>(e.size());
          mu_star.push_back(e.empty() ? kNaN : a / count);
          mu.push_back(e.empty() ? kNaN : m / count);
          double squares = 0.0;
          for (double x : e) squares += (x - m / count) * (x - m / count);
          sigma.push_back(e.size() < 2 ? kNaN : std::sqrt(squares / (count - 1.0)));
          n.push_back(static_cast<std::int64_t>(e.size()));
        }
        h5::Handle og = h5::create_group(group.id(), spec.sensitivity_outputs[o]);
        h5::write_texts(og.id(), "parameter", spec.design.keys);
        h5::Handle scale(H5Dopen2(og.id(), "parameter", H5P_DEFAULT), "open parameter");
        h5::make_scale(scale.id(), "parameter");
        h5::write_column(
            og.id(), "mu_star", H5T_NATIVE_DOUBLE, k, mu_star.data(), scale.id(), "",
            "mean absolute elementary effect (per unit of the parameter's sampled range)");
        h5::write_column(og.id(), "mu", H5T_NATIVE_DOUBLE, k, mu.data(), scale.id(), "",
                         "mean elementary effect");
        h5::write_column(og.id(), "sigma", H5T_NATIVE_DOUBLE, k, sigma.data(), scale.id(), "",
                         "standard deviation of the elementary effects");
        h5::write_column(og.id(), "n", H5T_NATIVE_INT64, k, n.data(), scale.id(), "1",
                         "elementary effects computed");
      }
    }
  }
  std::error_code ec;
  fs::rename(partial, path, ec);
  if (ec) throw UserError({path, 0, 0}, "", "cannot rename the sweep index (" + ec.message() + ")");
}

std::string sensitivity_table(const std::string& index_file) {
  const ResultsFile file(index_file);
  if (!h5::exists(file.id(), "sensitivity")) return {};
  std::string out;
  h5::Handle group(H5Gopen2(file.id(), "sensitivity", H5P_DEFAULT), "open sensitivity");
  H5G_info_t info;
  h5::check(H5Gget_info(group.id(), &info), "sensitivity info");
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    char name[256];
    H5Lget_name_by_idx(group.id(), ".", H5_INDEX_CRT_ORDER, H5_ITER_INC, i, name, sizeof name,
                       H5P_DEFAULT);
    const std::string base = std::string("sensitivity/") + name + "/";
    const auto parameters = h5::read_strings(file.id(), base + "parameter");
    const auto mu_star = h5::read_doubles(file.id(), base + "mu_star");
    const auto mu = h5::read_doubles(file.id(), base + "mu");
    const auto sigma = h5::read_doubles(file.id(), base + "sigma");
    std::vector<std::size_t> order(parameters.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return mu_star[a] > mu_star[b]; });
    char line[256];
    std::snprintf(line, sizeof line, "sensitivity of %s (Morris, ranked by mu*):\n", name);
    out += line;
    std::snprintf(line, sizeof line, "  %-4s %-36s %12s %12s %12s\n", "rank", "parameter", "mu*",
                  "mu", "sigma");
    out += line;
    for (std::size_t r = 0; r < order.size(); ++r) {
      const std::size_t k = order[r];
      std::snprintf(line, sizeof line, "  %-4zu %-36s %12.4g %12.4g %12.4g\n", r + 1,
                    parameters[k].c_str(), mu_star[k], mu[k], sigma[k]);
      out += line;
    }
  }
  return out;
}

}  // namespace sahelsim
