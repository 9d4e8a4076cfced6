// Data files built into the executable (data/ of the source tree, embedded at build time),
// so that presets need no files at run time.
#pragma once

#include <cstddef>
#include <span>
#include <string>

namespace sahelsim::geo {

struct EmbeddedFile {
  const char* name;  // path below data/, e.g. "mali/tables/census.csv"
  const unsigned char* bytes;
  std::size_t size;
};

[[nodiscard]] std::span<const EmbeddedFile> embedded_files();

// Registers the embedded files with GDAL (once) and returns the GDAL path of `name`.
[[nodiscard]] std::string embedded_path(const std::string& name);

}  // namespace sahelsim::geo
