// Reading results files: validated on open (format, version, completeness), then the
// pieces `inspect`, tests and (later) reports need.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "h5.hpp"

namespace sahelsim {

struct SeriesData {
  std::string name;
  std::string units;
  std::string long_name;
  std::string kind;
  std::vector<double> values;
};

struct DatasetSummary {
  std::string path;
  std::vector<std::uint64_t> shape;
  std::vector<std::string> dimensions;
};

class ResultsFile {
 public:
  // Opens and checks the file; throws UserError when it is not a sahelsim results file, is
  // of a newer format version, or cannot be read. An incomplete file opens (complete()
  // tells) so that it can be examined.
  explicit ResultsFile(const std::string& path);

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] int format_version() const { return format_version_; }
  [[nodiscard]] bool complete() const { return complete_; }
  [[nodiscard]] std::string attribute(const std::string& name) const;  // as text
  [[nodiscard]] std::vector<std::string> attribute_names() const;

  [[nodiscard]] std::vector<std::int64_t> steps() const;  // steps completed at each record
  [[nodiscard]] std::vector<std::string> dates() const;   // empty without a calendar
  [[nodiscard]] std::vector<std::string> series_names() const;
  [[nodiscard]] SeriesData series(const std::string& name) const;
  [[nodiscard]] std::string resolved_scenario() const;
  [[nodiscard]] std::vector<DatasetSummary> datasets() const;  // every dataset, with shapes
  [[nodiscard]] hid_t id() const { return file_.id(); }

 private:
  std::string path_;
  h5::Handle file_;
  int format_version_ = 0;
  bool complete_ = false;
};

// What `sahelsim inspect` prints: the file's attributes, its datasets with their shapes and
// dimensions, and each series' first, last, smallest and largest value.
[[nodiscard]] std::string inspect_text(const std::string& path);

// Runs `read` (which reads results file `path`) and turns a failed HDF5 call inside it — a
// damaged or incomplete file — into a UserError naming the file.
[[noreturn]] void throw_damaged(const std::string& path, const h5::Error& error);
template <class Read>
decltype(auto) reading_results(const std::string& path, Read&& read) {
  try {
    return read();
  } catch (const h5::Error& e) {
    throw_damaged(path, e);
  }
}

}  // namespace sahelsim
