#include "results_reader.hpp"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <filesystem>
#include <set>

#include "core/errors.hpp"
#include "results_writer.hpp"

namespace sahelsim {

namespace fs = std::filesystem;

ResultsFile::ResultsFile(const std::string& path) : path_(path) {
  h5::quiet_errors();
  std::error_code ec;
  if (fs::is_directory(path, ec))
    throw UserError({path, 0, 0}, "", "is a directory (expected a results file)");
  if (!fs::exists(path, ec)) throw UserError({path, 0, 0}, "", "no such file");
  if (H5Fis_hdf5(path.c_str()) <= 0) {
    throw UserError({path, 0, 0}, "",
                    "not an HDF5 file (damaged, truncated, or not a results file)");
  }
  file_ = h5::Handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  if (!file_.valid()) throw UserError({path, 0, 0}, "", "cannot open the HDF5 file (damaged?)");
  try {
    if (!h5::has_attribute(file_.id(), "format") ||
        h5::read_string_attribute(file_.id(), "format") != "sahelsim") {
      throw UserError({path, 0, 0}, "",
                      "not a sahelsim results file (no format=\"sahelsim\" attribute)");
    }
    format_version_ = static_cast<int>(h5::read_int_attribute(file_.id(), "format_version"));
    complete_ = h5::read_int_attribute(file_.id(), "complete") == 1;
  } catch (const h5::Error& e) {
    throw_damaged(path, e);
  }
  if (format_version_ > kResultsFormatVersion) {
    throw UserError({path, 0, 0}, "",
                    "written in format version " + std::to_string(format_version_) +
                        ", newer than this sahelsim reads (" +
                        std::to_string(kResultsFormatVersion) + "); update sahelsim");
  }
}

std::string ResultsFile::attribute(const std::string& name) const {
  h5::Handle attribute(H5Aopen(file_.id(), name.c_str(), H5P_DEFAULT), "open attribute " + name);
  // One value is read into one variable below: a list (not one of ours) is only counted.
  h5::Handle space(H5Aget_space(attribute.id()), "get dataspace of attribute " + name);
  const hssize_t values = H5Sget_simple_extent_npoints(space.id());
  if (values != 1) return std::to_string(values).append(" values");
  h5::Handle type(H5Aget_type(attribute.id()), "get attribute type");
  switch (H5Tget_class(type.id())) {
    case H5T_STRING:
      return h5::read_string_attribute(file_.id(), name);
    case H5T_INTEGER: {
      if (H5Tget_sign(type.id()) == H5T_SGN_NONE) {
        std::uint64_t v = 0;
        h5::check(H5Aread(attribute.id(), H5T_NATIVE_UINT64, &v), "read attribute " + name);
        return std::to_string(v);
      }
      return std::to_string(h5::read_int_attribute(file_.id(), name));
    }
    case H5T_FLOAT: {
      double v = 0.0;
      h5::check(H5Aread(attribute.id(), H5T_NATIVE_DOUBLE, &v), "read attribute " + name);
      char buffer[64];
      std::snprintf(buffer, sizeof buffer, "%.6g", v);
      return buffer;
    }
    default:
      return "?";
  }
}

std::vector<std::string> ResultsFile::attribute_names() const {
  std::vector<std::string> names;
  H5Aiterate2(
      file_.id(), H5_INDEX_NAME, H5_ITER_INC, nullptr,
      [](hid_t, const char* name, const H5A_info_t*, void* data) -> herr_t {
        static_cast<std::vector<std::string>*>(data)->emplace_back(name);
        return 0;
      },
      &names);
  return names;
}

std::vector<std::int64_t> ResultsFile::steps() const {
  return h5::read_int64s(file_.id(), "step");
}

std::vector<std::string> ResultsFile::dates() const {
  if (!h5::exists(file_.id(), "date")) return {};
  h5::Handle dataset(H5Dopen2(file_.id(), "date", H5P_DEFAULT), "open date");
  const auto shape = h5::dataset_shape(dataset.id());
  h5::Handle type(H5Dget_type(dataset.id()), "get date type");
  // Fixed-width text, one date per record (as the writer stores it).
  if (shape.size() != 1 || H5Tget_class(type.id()) != H5T_STRING ||
      H5Tis_variable_str(type.id()) != 0) {
    throw h5::Error("HDF5: date is not a list of fixed-width dates");
  }
  const std::size_t width = H5Tget_size(type.id());
  const auto text = h5::read_fixed_strings(file_.id(), "date", width);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < shape[0]; ++i) {
    std::string d(text.data() + i * width, width);
    d.erase(d.find_last_not_of('\0') + 1);
    out.push_back(d);
  }
  return out;
}

std::vector<std::string> ResultsFile::series_names() const {
  if (!h5::exists(file_.id(), "series")) return {};
  // In creation order, which is the model's declaration order.
  return h5::member_names(file_.id(), "series");
}

SeriesData ResultsFile::series(const std::string& name) const {
  const std::string path = "series/" + name;
  if (!h5::exists(file_.id(), path)) throw UserError({path_, 0, 0}, "", "no series '" + name + "'");
  h5::Handle dataset(H5Dopen2(file_.id(), path.c_str(), H5P_DEFAULT), "open " + path);
  SeriesData out;
  out.name = name;
  out.units = h5::read_string_attribute(dataset.id(), "units");
  out.long_name = h5::read_string_attribute(dataset.id(), "long_name");
  out.kind = h5::read_string_attribute(dataset.id(), "kind");
  out.values = h5::read_doubles(file_.id(), path);
  return out;
}

std::string ResultsFile::resolved_scenario() const {
  return h5::read_text(file_.id(), "scenario/resolved");
}

namespace {

// Every dataset below group `path` ("/" or "/a/b/"), depth first in creation order, as
// H5Ovisit lists them, through h5::member_names (see there why not H5Ovisit). Hard links
// only, each object once (a damaged file can link a group into itself), at most 32 deep.
void visit_datasets(hid_t file, const std::string& path, int depth, std::set<haddr_t>& seen,
                    std::vector<DatasetSummary>& out) {
  if (depth > 32) throw h5::Error("HDF5: groups nested more than 32 deep");
  for (const auto& name : h5::member_names(file, path)) {
    const std::string full = path + name;
    H5L_info_t link;
    if (H5Lget_info(file, full.c_str(), &link, H5P_DEFAULT) < 0 || link.type != H5L_TYPE_HARD) {
      continue;
    }
    H5O_info_t info;
    h5::check(H5Oget_info_by_name(file, full.c_str(), &info, H5P_DEFAULT), "read " + full);
    if (!seen.insert(info.addr).second) continue;
    if (info.type == H5O_TYPE_GROUP) {
      visit_datasets(file, full + "/", depth + 1, seen, out);
    } else if (info.type == H5O_TYPE_DATASET) {
      h5::Handle dataset(H5Dopen2(file, full.c_str(), H5P_DEFAULT));
      if (!dataset.valid()) continue;
      DatasetSummary summary{full, {}, {}};
      for (hsize_t d : h5::dataset_shape(dataset.id())) summary.shape.push_back(d);
      summary.dimensions = h5::dimension_names(dataset.id());
      out.push_back(std::move(summary));
    }
  }
}

}  // namespace

std::vector<DatasetSummary> ResultsFile::datasets() const {
  std::vector<DatasetSummary> out;
  std::set<haddr_t> seen;
  visit_datasets(file_.id(), "/", 0, seen, out);
  return out;
}

void throw_damaged(const std::string& path, const h5::Error& error) {
  throw UserError({path, 0, 0}, "",
                  std::string("damaged or incomplete results file (") + error.what() + ")");
}

namespace {

// printf onto a string.
[[gnu::format(printf, 2, 3)]] void appendf(std::string& out, const char* format, ...) {
  va_list args, again;
  va_start(args, format);
  va_copy(again, args);
  const int n = std::vsnprintf(nullptr, 0, format, args);
  va_end(args);
  if (n > 0) {
    const std::size_t at = out.size();
    out.resize(at + static_cast<std::size_t>(n) + 1);
    std::vsnprintf(out.data() + at, static_cast<std::size_t>(n) + 1, format, again);
    out.resize(at + static_cast<std::size_t>(n));
  }
  va_end(again);
}

}  // namespace

std::string inspect_text(const std::string& path) {
  return reading_results(path, [&] {
    const ResultsFile results(path);
    std::string out;
    appendf(out, "%s: sahelsim %s, format version %d, %s\n", path.c_str(),
            h5::has_attribute(results.id(), "content")
                ? h5::read_string_attribute(results.id(), "content").c_str()
                : "results",
            results.format_version(),
            results.complete() ? "complete" : "INCOMPLETE (the run was interrupted or failed)");
    for (const auto& name : results.attribute_names()) {
      appendf(out, "  %-16s %s\n", name.c_str(), results.attribute(name).c_str());
    }
    appendf(out, "\ndatasets:\n");
    for (const auto& d : results.datasets()) {
      std::string shape;
      for (std::size_t i = 0; i < d.shape.size(); ++i) {
        shape += (i ? " x " : "") + std::to_string(d.shape[i]);
        if (i < d.dimensions.size() && !d.dimensions[i].empty()) shape += " " + d.dimensions[i];
      }
      appendf(out, "  %-28s (%s)\n", d.path.c_str(), shape.empty() ? "scalar" : shape.c_str());
    }
    if (!h5::exists(results.id(), "step")) return out;  // a geography file (sahelsim geo)
    const auto steps = results.steps();
    appendf(out, "\nseries over %zu records (steps %lld..%lld):\n", steps.size(),
            steps.empty() ? 0LL : static_cast<long long>(steps.front()),
            steps.empty() ? 0LL : static_cast<long long>(steps.back()));
    appendf(out, "  %-14s %-5s %12s %12s %12s %12s  %s\n", "name", "kind", "first", "last", "min",
            "max", "unit");
    for (const auto& name : results.series_names()) {
      const SeriesData s = results.series(name);
      if (s.values.empty()) {
        appendf(out, "  %-14s %-5s (no records)\n", name.c_str(), s.kind.c_str());
        continue;
      }
      double lo = s.values.front();
      double hi = lo;
      for (double v : s.values) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
      appendf(out, "  %-14s %-5s %12.6g %12.6g %12.6g %12.6g  %s\n", name.c_str(), s.kind.c_str(),
              s.values.front(), s.values.back(), lo, hi, s.units.c_str());
    }
    return out;
  });
}

}  // namespace sahelsim
