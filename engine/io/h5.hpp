// Small RAII layer over the HDF5 C API: handles that close themselves, and the few
// operations the results writer and reader need, with errors turned into exceptions.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace sahelsim::h5 {

// A failed HDF5 call. Messages name the object and the operation.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Silences HDF5's own error printing for the life of the process (we report instead).
void quiet_errors();

// An HDF5 identifier that closes itself with the right H5?close.
class Handle {
 public:
  Handle() = default;
  explicit Handle(hid_t id) : id_(id) {}
  Handle(hid_t id, const std::string& what);  // throws Error when id < 0
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : id_(other.id_) { other.id_ = -1; }
  Handle& operator=(Handle&& other) noexcept;
  ~Handle() { close(); }

  [[nodiscard]] hid_t id() const { return id_; }
  [[nodiscard]] bool valid() const { return id_ >= 0; }
  void close();

 private:
  hid_t id_ = -1;
};

void check(herr_t status, const std::string& what);

// A UTF-8 string type: variable-length for size 0, else fixed-length with `padding`
// (NUL-terminated, as netCDF writes text attributes, or NUL-padded for exact-width codes).
[[nodiscard]] Handle string_type(std::size_t size, H5T_str_t padding = H5T_STR_NULLTERM);

// Attributes (scalar). Strings are fixed-length UTF-8, as netCDF-4 writes text attributes.
void write_attribute(hid_t object, const std::string& name, const std::string& value);
void write_attribute(hid_t object, const std::string& name, std::int64_t value);
void write_attribute(hid_t object, const std::string& name, std::uint64_t value);
void write_attribute(hid_t object, const std::string& name, std::int32_t value);
void write_attribute(hid_t object, const std::string& name, double value);
void write_attribute(hid_t object, const std::string& name,
                     const std::vector<std::int32_t>& values);
[[nodiscard]] bool has_attribute(hid_t object, const std::string& name);
[[nodiscard]] std::string read_string_attribute(hid_t object, const std::string& name);
[[nodiscard]] std::int64_t read_int_attribute(hid_t object, const std::string& name);
[[nodiscard]] double read_double_attribute(hid_t object, const std::string& name);

// A scalar variable-length UTF-8 string dataset.
void write_text(hid_t parent, const std::string& name, const std::string& text);
[[nodiscard]] std::string read_text(hid_t parent, const std::string& name);

// A 1-D dataset of variable-length UTF-8 strings (fixed size).
void write_texts(hid_t parent, const std::string& name, const std::vector<std::string>& texts);

// An extendible 1-D or N-D dataset: starts empty along the first dimension and grows.
class Appendable {
 public:
  Appendable() = default;
  // `shape` holds the sizes of the fixed trailing dimensions (empty for 1-D).
  Appendable(hid_t parent, const std::string& name, hid_t type, std::vector<hsize_t> shape,
             hsize_t chunk_rows, int gzip_level);
  // Appends `rows` rows of data (rows * product(shape) values of the dataset's type).
  void append(const void* data, hsize_t rows);
  void append_strings(const std::vector<std::string>& texts);

  [[nodiscard]] hid_t id() const { return dataset_.id(); }
  [[nodiscard]] hsize_t rows() const { return rows_; }

 private:
  Handle dataset_;
  Handle type_;  // a copy of the element type
  std::vector<hsize_t> shape_;
  hsize_t rows_ = 0;
};

// A fixed-size 1-D dataset written at once.
void write_vector(hid_t parent, const std::string& name, const std::vector<double>& values);

// A fixed-size N-D dataset of `type` written at once (gzip > 0: compressed, one chunk per
// leading index). Returns the open dataset.
Handle write_array(hid_t parent, const std::string& name, hid_t type,
                   const std::vector<hsize_t>& shape, const void* data, int gzip_level = 0);

// A group that remembers the order its members were created in (so tools list datasets in
// the order written); open_or_create_group opens it when it exists.
Handle create_group(hid_t parent, const std::string& name);
Handle open_or_create_group(hid_t parent, const std::string& name);

// A new file (truncating) whose groups remember creation order; returns an invalid handle
// when it cannot be created.
Handle create_file(const std::string& path);

// The names of the members of group `path` (below `parent`), in creation order.
[[nodiscard]] std::vector<std::string> member_names(hid_t parent, const std::string& path);

// The CF attributes every dataset carries: units and long_name.
void describe(hid_t object, const std::string& units, const std::string& long_name);

// Now, as "YYYY-MM-DDTHH:MM:SSZ" (the created_utc attribute).
[[nodiscard]] std::string utc_timestamp();

// A 1-D dataset along dimension scale `scale` (none when negative), with units and
// long_name: a column of a table such as /regions or /runs.
Handle write_column(hid_t parent, const std::string& name, hid_t type, std::size_t n,
                    const void* data, hid_t scale, const std::string& units,
                    const std::string& long_name);
// The same for text (units "1").
void write_text_column(hid_t parent, const std::string& name,
                       const std::vector<std::string>& values, hid_t scale,
                       const std::string& long_name);

// Reading.
[[nodiscard]] std::vector<hsize_t> dataset_shape(hid_t dataset);
[[nodiscard]] std::vector<double> read_doubles(hid_t parent, const std::string& path);
// Elements [offset, offset + count) of a 1-D dataset, as doubles.
[[nodiscard]] std::vector<double> read_doubles(hid_t parent, const std::string& path,
                                               hsize_t offset, hsize_t count);
// Entry `index` along the first dimension of an N-D dataset (e.g. one map snapshot of a
// (time, y, x) dataset), as doubles.
[[nodiscard]] std::vector<double> read_slab(hid_t parent, const std::string& path, hsize_t index);
// The number of elements along the first dimension of a dataset.
[[nodiscard]] hsize_t length(hid_t parent, const std::string& path);
[[nodiscard]] std::vector<std::int64_t> read_int64s(hid_t parent, const std::string& path);
// Every element as float / uint8 (map snapshots, read back as they were written).
[[nodiscard]] std::vector<float> read_floats(hid_t parent, const std::string& path);
[[nodiscard]] std::vector<std::uint8_t> read_uint8s(hid_t parent, const std::string& path);
[[nodiscard]] std::vector<std::string> read_strings(hid_t parent, const std::string& path);
// Every element of a dataset of fixed-width text (`width` bytes each), end to end.
[[nodiscard]] std::vector<char> read_fixed_strings(hid_t parent, const std::string& path,
                                                   std::size_t width);
[[nodiscard]] bool exists(hid_t parent, const std::string& path);

// Dimension scales (HDF5 DS API), so that netCDF tools and xarray see named dimensions.
void make_scale(hid_t dataset, const std::string& dimension_name);
void attach_scale(hid_t dataset, hid_t scale, unsigned dimension);
// The dimension names of a dataset (from its attached scales; "" where none).
[[nodiscard]] std::vector<std::string> dimension_names(hid_t dataset);

}  // namespace sahelsim::h5
