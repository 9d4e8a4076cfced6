#include "h5.hpp"

#include <chrono>
#include <ctime>

#include <H5DSpublic.h>

#include <cstring>
#include <numeric>

namespace sahelsim::h5 {

void quiet_errors() {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

Handle::Handle(hid_t id, const std::string& what) : id_(id) {
  if (id < 0) throw Error("HDF5: cannot " + what);
}

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    close();
    id_ = other.id_;
    other.id_ = -1;
  }
  return *this;
}

void Handle::close() {
  if (id_ < 0) return;
  switch (H5Iget_type(id_)) {
    case H5I_FILE:
      H5Fclose(id_);
      break;
    case H5I_GROUP:
      H5Gclose(id_);
      break;
    case H5I_DATASET:
      H5Dclose(id_);
      break;
    case H5I_DATASPACE:
      H5Sclose(id_);
      break;
    case H5I_DATATYPE:
      H5Tclose(id_);
      break;
    case H5I_ATTR:
      H5Aclose(id_);
      break;
    case H5I_GENPROP_LST:
      H5Pclose(id_);
      break;
    default:
      break;
  }
  id_ = -1;
}

void check(herr_t status, const std::string& what) {
  if (status < 0) throw Error("HDF5: cannot " + what);
}

namespace {

// The number of elements of a dataspace. A damaged file can hold any dataspace, so reads
// check it before they size a buffer.
hssize_t points_of(hid_t space, const std::string& what) {
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  if (n < 0) throw Error("HDF5: cannot read the dataspace of " + what);
  return n;
}

// Reads of single values: the attribute or dataset must hold exactly one element, or
// H5Aread / H5Dread would write past the one value they are given.
void require_one(hid_t space, const std::string& what) {
  if (points_of(space, what) != 1) throw Error("HDF5: " + what + " is not a single value");
}

// The elements of a read of `n` values of `bytes` each from `dataset`, checked against what
// its file could hold: a damaged file can claim a dataset of any size, and the buffer is
// allocated before HDF5 finds the data missing. Deflate expands at most about 1032:1.
std::size_t checked_count(hid_t dataset, hsize_t n, std::size_t bytes, const std::string& path) {
  hsize_t file_bytes = 0;
  const Handle file(H5Iget_file_id(dataset));
  if (file.valid()) H5Fget_filesize(file.id(), &file_bytes);
  const hsize_t limit = (file_bytes + (hsize_t{1} << 20)) * 1100 / bytes;
  if (n > limit) {
    throw Error("HDF5: dataset " + path + " claims " + std::to_string(n) +
                " values, more than its file could hold (damaged?)");
  }
  return static_cast<std::size_t>(n);
}

}  // namespace

Handle string_type(std::size_t size, H5T_str_t padding) {
  Handle type(H5Tcopy(H5T_C_S1), "copy string type");
  if (size == 0) {
    check(H5Tset_size(type.id(), H5T_VARIABLE), "set string size");
  } else {
    check(H5Tset_size(type.id(), size), "set string size");
    check(H5Tset_strpad(type.id(), padding), "set string padding");
  }
  check(H5Tset_cset(type.id(), H5T_CSET_UTF8), "set string character set");
  return type;
}

namespace {

void scalar_attribute(hid_t object, const std::string& name, hid_t type, const void* value) {
  if (H5Aexists(object, name.c_str()) > 0) H5Adelete(object, name.c_str());
  Handle space(H5Screate(H5S_SCALAR), "create dataspace");
  Handle attribute(H5Acreate2(object, name.c_str(), type, space.id(), H5P_DEFAULT, H5P_DEFAULT),
                   "create attribute " + name);
  check(H5Awrite(attribute.id(), type, value), "write attribute " + name);
}

}  // namespace

void write_attribute(hid_t object, const std::string& name, const std::string& value) {
  // Fixed-length, NUL-terminated: netCDF reads it as text (NC_CHAR). Size >= 1.
  Handle type = string_type(value.size() + 1);
  std::vector<char> buffer(value.size() + 1, '\0');
  std::memcpy(buffer.data(), value.data(), value.size());
  scalar_attribute(object, name, type.id(), buffer.data());
}

void write_attribute(hid_t object, const std::string& name, std::int64_t value) {
  scalar_attribute(object, name, H5T_NATIVE_INT64, &value);
}
void write_attribute(hid_t object, const std::string& name, std::uint64_t value) {
  scalar_attribute(object, name, H5T_NATIVE_UINT64, &value);
}
void write_attribute(hid_t object, const std::string& name, std::int32_t value) {
  scalar_attribute(object, name, H5T_NATIVE_INT32, &value);
}
void write_attribute(hid_t object, const std::string& name, double value) {
  scalar_attribute(object, name, H5T_NATIVE_DOUBLE, &value);
}

void write_attribute(hid_t object, const std::string& name,
                     const std::vector<std::int32_t>& values) {
  if (H5Aexists(object, name.c_str()) > 0) H5Adelete(object, name.c_str());
  const hsize_t n = values.size();
  Handle space(H5Screate_simple(1, &n, nullptr), "create dataspace");
  Handle attribute(
      H5Acreate2(object, name.c_str(), H5T_NATIVE_INT32, space.id(), H5P_DEFAULT, H5P_DEFAULT),
      "create attribute " + name);
  check(H5Awrite(attribute.id(), H5T_NATIVE_INT32, values.data()), "write attribute " + name);
}

bool has_attribute(hid_t object, const std::string& name) {
  return H5Aexists(object, name.c_str()) > 0;
}

std::string read_string_attribute(hid_t object, const std::string& name) {
  Handle attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), "open attribute " + name);
  require_one(Handle(H5Aget_space(attribute.id()), "get dataspace of attribute " + name).id(),
              "attribute " + name);
  Handle file_type(H5Aget_type(attribute.id()), "get attribute type");
  if (H5Tget_class(file_type.id()) != H5T_STRING) throw Error("attribute " + name + " is not text");
  // Read in the file's character set (ASCII, as HDF5's dimension scale API writes NAME, or
  // UTF-8): HDF5 does not convert between the two.
  const H5T_cset_t cset = H5Tget_cset(file_type.id());
  if (H5Tis_variable_str(file_type.id()) > 0) {
    Handle type = string_type(0);
    check(H5Tset_cset(type.id(), cset), "set string character set");
    char* value = nullptr;
    check(H5Aread(attribute.id(), type.id(), &value), "read attribute " + name);
    std::string out = value != nullptr ? value : "";
    H5free_memory(value);
    return out;
  }
  const std::size_t size = checked_count(attribute.id(), H5Tget_size(file_type.id()), 1, name);
  if (size == 0) throw Error("HDF5: attribute " + name + " is text of no size");
  Handle type = string_type(size);
  check(H5Tset_cset(type.id(), cset), "set string character set");
  std::vector<char> buffer(size + 1, '\0');
  check(H5Aread(attribute.id(), type.id(), buffer.data()), "read attribute " + name);
  return std::string(buffer.data());
}

std::int64_t read_int_attribute(hid_t object, const std::string& name) {
  Handle attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), "open attribute " + name);
  require_one(Handle(H5Aget_space(attribute.id()), "get dataspace of attribute " + name).id(),
              "attribute " + name);
  std::int64_t value = 0;
  check(H5Aread(attribute.id(), H5T_NATIVE_INT64, &value), "read attribute " + name);
  return value;
}

double read_double_attribute(hid_t object, const std::string& name) {
  Handle attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), "open attribute " + name);
  require_one(Handle(H5Aget_space(attribute.id()), "get dataspace of attribute " + name).id(),
              "attribute " + name);
  double value = 0;
  check(H5Aread(attribute.id(), H5T_NATIVE_DOUBLE, &value), "read attribute " + name);
  return value;
}

void write_text(hid_t parent, const std::string& name, const std::string& text) {
  Handle type = string_type(0);
  Handle space(H5Screate(H5S_SCALAR), "create dataspace");
  Handle dataset(H5Dcreate2(parent, name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT,
                            H5P_DEFAULT),
                 "create dataset " + name);
  const char* pointer = text.c_str();
  check(H5Dwrite(dataset.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &pointer),
        "write dataset " + name);
}

std::string read_text(hid_t parent, const std::string& name) {
  Handle dataset(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), "open dataset " + name);
  require_one(Handle(H5Dget_space(dataset.id()), "get dataspace of " + name).id(),
              "dataset " + name);
  Handle type = string_type(0);
  char* value = nullptr;
  check(H5Dread(dataset.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &value),
        "read dataset " + name);
  std::string out = value != nullptr ? value : "";
  H5free_memory(value);
  return out;
}

void write_texts(hid_t parent, const std::string& name, const std::vector<std::string>& texts) {
  Handle type = string_type(0);
  const hsize_t n = texts.size();
  Handle space(H5Screate_simple(1, &n, nullptr), "create dataspace");
  Handle dataset(H5Dcreate2(parent, name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT,
                            H5P_DEFAULT),
                 "create dataset " + name);
  std::vector<const char*> pointers;
  for (const auto& t : texts) pointers.push_back(t.c_str());
  if (n > 0) {
    check(H5Dwrite(dataset.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
          "write dataset " + name);
  }
}

Appendable::Appendable(hid_t parent, const std::string& name, hid_t type,
                       std::vector<hsize_t> shape, hsize_t chunk_rows, int gzip_level)
    : type_(H5Tcopy(type), "copy element type"), shape_(std::move(shape)) {
  std::vector<hsize_t> dims{0};
  std::vector<hsize_t> max{H5S_UNLIMITED};
  std::vector<hsize_t> chunk{chunk_rows};
  for (hsize_t d : shape_) {
    dims.push_back(d);
    max.push_back(d);
    chunk.push_back(d);
  }
  const int rank = static_cast<int>(dims.size());
  Handle space(H5Screate_simple(rank, dims.data(), max.data()), "create dataspace for " + name);
  Handle properties(H5Pcreate(H5P_DATASET_CREATE), "create dataset properties");
  check(H5Pset_chunk(properties.id(), rank, chunk.data()), "set chunking of " + name);
  if (gzip_level > 0) {
    check(H5Pset_shuffle(properties.id()), "set shuffle filter of " + name);
    check(H5Pset_deflate(properties.id(), static_cast<unsigned>(gzip_level)),
          "set gzip filter of " + name);
  }
  dataset_ = Handle(
      H5Dcreate2(parent, name.c_str(), type, space.id(), H5P_DEFAULT, properties.id(), H5P_DEFAULT),
      "create dataset " + name);
}

void Appendable::append(const void* data, hsize_t rows) {
  if (rows == 0) return;
  std::vector<hsize_t> dims{rows_ + rows};
  std::vector<hsize_t> start{rows_};
  std::vector<hsize_t> count{rows};
  for (hsize_t d : shape_) {
    dims.push_back(d);
    start.push_back(0);
    count.push_back(d);
  }
  check(H5Dset_extent(dataset_.id(), dims.data()), "extend dataset");
  Handle file_space(H5Dget_space(dataset_.id()), "get dataspace");
  check(H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                            nullptr),
        "select rows");
  Handle memory_space(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr),
                      "create memory dataspace");
  check(H5Dwrite(dataset_.id(), type_.id(), memory_space.id(), file_space.id(), H5P_DEFAULT, data),
        "append rows");
  rows_ += rows;
}

void Appendable::append_strings(const std::vector<std::string>& texts) {
  std::vector<const char*> pointers;
  pointers.reserve(texts.size());
  for (const auto& t : texts) pointers.push_back(t.c_str());
  append(pointers.data(), texts.size());
}

void write_vector(hid_t parent, const std::string& name, const std::vector<double>& values) {
  const hsize_t n = values.size();
  Handle space(H5Screate_simple(1, &n, nullptr), "create dataspace");
  Handle dataset(H5Dcreate2(parent, name.c_str(), H5T_NATIVE_DOUBLE, space.id(), H5P_DEFAULT,
                            H5P_DEFAULT, H5P_DEFAULT),
                 "create dataset " + name);
  check(H5Dwrite(dataset.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
        "write dataset " + name);
}

Handle write_array(hid_t parent, const std::string& name, hid_t type,
                   const std::vector<hsize_t>& shape, const void* data, int gzip_level) {
  Handle space(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr),
               "create dataspace");
  Handle properties(H5Pcreate(H5P_DATASET_CREATE), "create dataset properties");
  hsize_t elements = 1;
  for (hsize_t d : shape) elements *= d;
  if (gzip_level > 0 && elements > 0 && !shape.empty()) {
    std::vector<hsize_t> chunk = shape;
    if (chunk.size() > 1) chunk[0] = 1;
    check(H5Pset_chunk(properties.id(), static_cast<int>(chunk.size()), chunk.data()),
          "set chunking of " + name);
    check(H5Pset_deflate(properties.id(), static_cast<unsigned>(gzip_level)),
          "set compression of " + name);
  }
  Handle dataset(
      H5Dcreate2(parent, name.c_str(), type, space.id(), H5P_DEFAULT, properties.id(), H5P_DEFAULT),
      "create dataset " + name);
  if (elements > 0) {
    check(H5Dwrite(dataset.id(), type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data),
          "write dataset " + name);
  }
  return dataset;
}

Handle create_group(hid_t parent, const std::string& name) {
  Handle properties(H5Pcreate(H5P_GROUP_CREATE), "create group properties");
  check(H5Pset_link_creation_order(properties.id(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "track link order");
  return Handle(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, properties.id(), H5P_DEFAULT),
                "create group " + name);
}

Handle write_column(hid_t parent, const std::string& name, hid_t type, std::size_t n,
                    const void* data, hid_t scale, const std::string& units,
                    const std::string& long_name) {
  Handle d = write_array(parent, name, type, {n}, data);
  describe(d.id(), units, long_name);
  if (scale >= 0) attach_scale(d.id(), scale, 0);
  return d;
}

void write_text_column(hid_t parent, const std::string& name,
                       const std::vector<std::string>& values, hid_t scale,
                       const std::string& long_name) {
  write_texts(parent, name, values);
  Handle d(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), "open " + name);
  describe(d.id(), "1", long_name);
  if (scale >= 0) attach_scale(d.id(), scale, 0);
}

Handle create_file(const std::string& path) {
  Handle properties(H5Pcreate(H5P_FILE_CREATE), "create file properties");
  check(H5Pset_link_creation_order(properties.id(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "track link order");
  return Handle(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, properties.id(), H5P_DEFAULT));
}

std::vector<std::string> member_names(hid_t parent, const std::string& path) {
  Handle group(H5Gopen2(parent, path.c_str(), H5P_DEFAULT), "open group " + path);
  // A group with many members keeps them in a B-tree indexed by creation order: its native
  // order is creation order. Asked for H5_ITER_INC instead, HDF5 1.10 first copies the links
  // into a table and, when a damaged B-tree fails half way, frees entries it never filled
  // (a crash on a damaged file, found by fuzzing). Small groups always go through a table.
  H5G_info_t info;
  check(H5Gget_info(group.id(), &info), "read group " + path);
  const H5_iter_order_t order =
      info.storage_type == H5G_STORAGE_TYPE_DENSE ? H5_ITER_NATIVE : H5_ITER_INC;
  std::vector<std::string> names;
  H5Literate(
      group.id(), H5_INDEX_CRT_ORDER, order, nullptr,
      [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
        static_cast<std::vector<std::string>*>(data)->emplace_back(name);
        return 0;
      },
      &names);
  return names;
}

Handle open_or_create_group(hid_t parent, const std::string& name) {
  if (exists(parent, name)) {
    return Handle(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), "open group " + name);
  }
  return create_group(parent, name);
}

void describe(hid_t object, const std::string& units, const std::string& long_name) {
  write_attribute(object, "units", units);
  write_attribute(object, "long_name", long_name);
}

std::string utc_timestamp() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return buffer;
}

std::vector<hsize_t> dataset_shape(hid_t dataset) {
  Handle space(H5Dget_space(dataset), "get dataspace");
  const int rank = H5Sget_simple_extent_ndims(space.id());
  if (rank < 0) throw Error("HDF5: cannot read dataspace rank");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (rank > 0) H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr);
  return dims;
}

namespace {

// The number of elements of a dataset's dataspace.
hsize_t element_count(hid_t dataset, const std::string& path) {
  Handle space(H5Dget_space(dataset), "get dataspace of " + path);
  return static_cast<hsize_t>(points_of(space.id(), "dataset " + path));
}

template <class T>
std::vector<T> read_all(hid_t parent, const std::string& path, hid_t memory_type) {
  Handle dataset(H5Dopen2(parent, path.c_str(), H5P_DEFAULT), "open dataset " + path);
  const hsize_t n = element_count(dataset.id(), path);
  std::vector<T> out(checked_count(dataset.id(), n, sizeof(T), path));
  if (n > 0) {
    check(H5Dread(dataset.id(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()),
          "read dataset " + path);
  }
  return out;
}
}  // namespace

std::vector<double> read_doubles(hid_t parent, const std::string& path) {
  return read_all<double>(parent, path, H5T_NATIVE_DOUBLE);
}

std::vector<double> read_doubles(hid_t parent, const std::string& path, hsize_t offset,
                                 hsize_t count) {
  Handle dataset(H5Dopen2(parent, path.c_str(), H5P_DEFAULT), "open dataset " + path);
  std::vector<double> out(checked_count(dataset.id(), count, sizeof(double), path));
  if (count == 0) return out;
  Handle space(H5Dget_space(dataset.id()), "get dataspace of " + path);
  check(H5Sselect_hyperslab(space.id(), H5S_SELECT_SET, &offset, nullptr, &count, nullptr),
        "select part of " + path);
  Handle memory(H5Screate_simple(1, &count, nullptr), "create memory space");
  check(H5Dread(dataset.id(), H5T_NATIVE_DOUBLE, memory.id(), space.id(), H5P_DEFAULT, out.data()),
        "read part of " + path);
  return out;
}

std::vector<double> read_slab(hid_t parent, const std::string& path, hsize_t index) {
  Handle dataset(H5Dopen2(parent, path.c_str(), H5P_DEFAULT), "open dataset " + path);
  std::vector<hsize_t> dims = dataset_shape(dataset.id());
  if (dims.empty() || index >= dims[0])
    throw Error("HDF5: no entry " + std::to_string(index) + " in " + path);
  std::vector<hsize_t> offset(dims.size(), 0), count = dims;
  offset[0] = index;
  count[0] = 1;
  // The dataspace's own count bounds the product (no overflow): it holds dims[0] >= 1 slabs.
  const hsize_t n = element_count(dataset.id(), path) / dims[0];
  std::vector<double> out(checked_count(dataset.id(), n, sizeof(double), path));
  Handle space(H5Dget_space(dataset.id()), "get dataspace of " + path);
  check(H5Sselect_hyperslab(space.id(), H5S_SELECT_SET, offset.data(), nullptr, count.data(),
                            nullptr),
        "select part of " + path);
  Handle memory(H5Screate_simple(1, &n, nullptr), "create memory space");
  check(H5Dread(dataset.id(), H5T_NATIVE_DOUBLE, memory.id(), space.id(), H5P_DEFAULT, out.data()),
        "read part of " + path);
  return out;
}

hsize_t length(hid_t parent, const std::string& path) {
  Handle dataset(H5Dopen2(parent, path.c_str(), H5P_DEFAULT), "open dataset " + path);
  const auto dims = dataset_shape(dataset.id());
  return dims.empty() ? 1 : dims[0];
}

std::vector<std::int64_t> read_int64s(hid_t parent, const std::string& path) {
  return read_all<std::int64_t>(parent, path, H5T_NATIVE_INT64);
}

std::vector<float> read_floats(hid_t parent, const std::string& path) {
  return read_all<float>(parent, path, H5T_NATIVE_FLOAT);
}

std::vector<std::uint8_t> read_uint8s(hid_t parent, const std::string& path) {
  return read_all<std::uint8_t>(parent, path, H5T_NATIVE_UINT8);
}

std::vector<std::string> read_strings(hid_t parent, const std::string& path) {
  Handle dataset(H5Dopen2(parent, path.c_str(), H5P_DEFAULT), "open dataset " + path);
  // Every element (H5S_ALL reads them all, whatever the rank).
  const hsize_t n = element_count(dataset.id(), path);
  Handle type = string_type(0);
  std::vector<char*> pointers(checked_count(dataset.id(), n, sizeof(char*), path), nullptr);
  std::vector<std::string> out;
  if (n == 0) return out;
  check(H5Dread(dataset.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
        "read dataset " + path);
  for (char* p : pointers) {
    out.emplace_back(p != nullptr ? p : "");
    H5free_memory(p);
  }
  return out;
}

std::vector<char> read_fixed_strings(hid_t parent, const std::string& path, std::size_t width) {
  Handle dataset(H5Dopen2(parent, path.c_str(), H5P_DEFAULT), "open dataset " + path);
  Handle type(H5Dget_type(dataset.id()), "get the type of " + path);
  if (width == 0 || H5Tget_class(type.id()) != H5T_STRING || H5Tis_variable_str(type.id()) != 0 ||
      H5Tget_size(type.id()) != width) {
    throw Error("HDF5: " + path + " is not text of width " + std::to_string(width));
  }
  const hsize_t n = element_count(dataset.id(), path);
  std::vector<char> out(checked_count(dataset.id(), n, width, path) * width);
  if (n > 0) {
    check(H5Dread(dataset.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()),
          "read dataset " + path);
  }
  return out;
}

bool exists(hid_t parent, const std::string& path) {
  // Check each link along the path, as H5Lexists requires.
  std::size_t start = path.front() == '/' ? 1 : 0;
  while (true) {
    const auto slash = path.find('/', start);
    const std::string prefix = path.substr(0, slash);
    if (H5Lexists(parent, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    if (slash == std::string::npos) return true;
    start = slash + 1;
  }
}

void make_scale(hid_t dataset, const std::string& dimension_name) {
  check(H5DSset_scale(dataset, dimension_name.c_str()), "make dimension scale " + dimension_name);
}

void attach_scale(hid_t dataset, hid_t scale, unsigned dimension) {
  check(H5DSattach_scale(dataset, scale, dimension), "attach dimension scale");
}

std::vector<std::string> dimension_names(hid_t dataset) {
  const auto dims = dataset_shape(dataset);
  std::vector<std::string> names(dims.size());
  // The DIMENSION_LIST attribute read by name, not through H5DSiterate_scales: that lists
  // every attribute of the dataset first, and HDF5 1.10 frees attributes it never read when
  // one of them is damaged (a crash on a damaged file, found by fuzzing).
  if (H5Aexists(dataset, "DIMENSION_LIST") <= 0) return names;
  Handle attribute(H5Aopen(dataset, "DIMENSION_LIST", H5P_DEFAULT), "open DIMENSION_LIST");
  Handle space(H5Aget_space(attribute.id()), "get dataspace of DIMENSION_LIST");
  if (points_of(space.id(), "DIMENSION_LIST") != static_cast<hssize_t>(dims.size())) {
    throw Error("HDF5: DIMENSION_LIST does not have one entry per dimension");
  }
  Handle file_type(H5Aget_type(attribute.id()), "get the type of DIMENSION_LIST");
  if (H5Tget_class(file_type.id()) != H5T_VLEN) {
    throw Error("HDF5: DIMENSION_LIST is not a list of references");
  }
  Handle type(H5Tvlen_create(H5T_STD_REF_OBJ), "create a reference list type");
  std::vector<hvl_t> lists(dims.size());
  check(H5Aread(attribute.id(), type.id(), lists.data()), "read DIMENSION_LIST");
  struct Reclaim {  // the lists HDF5 allocated, also when a name cannot be read
    hid_t type, space;
    hvl_t* data;
    ~Reclaim() { H5Dvlen_reclaim(type, space, H5P_DEFAULT, data); }
  } reclaim{type.id(), space.id(), lists.data()};
  for (std::size_t d = 0; d < dims.size(); ++d) {
    if (lists[d].len == 0 || lists[d].p == nullptr) continue;
    hobj_ref_t reference = static_cast<const hobj_ref_t*>(lists[d].p)[0];  // the first scale
    Handle scale(H5Rdereference2(dataset, H5P_DEFAULT, H5R_OBJECT, &reference));
    if (scale.valid() && has_attribute(scale.id(), "NAME")) {
      names[d] = read_string_attribute(scale.id(), "NAME");
    }
  }
  return names;
}

}  // namespace sahelsim::h5
