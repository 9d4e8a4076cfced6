#include "embedded_data.hpp"

#include <mutex>

#include "gdal_io.hpp"

namespace sahelsim::geo {

std::string embedded_path(const std::string& name) {
  static std::once_flag once;
  std::call_once(once, [] {
    for (const auto& f : embedded_files()) {
      register_memory_file(std::string("/vsimem/sahelsim/") + f.name, f.bytes, f.size);
    }
  });
  return "/vsimem/sahelsim/" + name;
}

}  // namespace sahelsim::geo
