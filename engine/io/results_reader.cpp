#include "results_reader.hpp"

#include <filesystem>

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
    throw UserError({path, 0, 0}, "", std::string("damaged results file (") + e.what() + ")");
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
  const std::size_t width = H5Tget_size(type.id());
  std::vector<char> buffer(static_cast<std::size_t>(shape[0]) * width);
  if (!buffer.empty()) {
    h5::check(H5Dread(dataset.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()),
              "read dates");
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < shape[0]; ++i) {
    std::string d(buffer.data() + i * width, width);
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

std::vector<DatasetSummary> ResultsFile::datasets() const {
  std::vector<DatasetSummary> out;
  struct Visit {
    std::vector<DatasetSummary>* out;
  } visit{&out};
  H5Ovisit(
      file_.id(), H5_INDEX_CRT_ORDER, H5_ITER_INC,
      [](hid_t root, const char* name, const H5O_info_t* info, void* data) -> herr_t {
        if (info->type != H5O_TYPE_DATASET) return 0;
        auto* v = static_cast<Visit*>(data);
        h5::Handle dataset(H5Dopen2(root, name, H5P_DEFAULT));
        if (!dataset.valid()) return 0;
        DatasetSummary summary{std::string("/") + name, {}, {}};
        for (hsize_t d : h5::dataset_shape(dataset.id())) summary.shape.push_back(d);
        summary.dimensions = h5::dimension_names(dataset.id());
        v->out->push_back(std::move(summary));
        return 0;
      },
      &visit);
  return out;
}

}  // namespace sahelsim
