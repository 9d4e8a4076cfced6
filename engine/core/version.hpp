// Provenance of this build, written into every results file.
#pragma once

#include <string_view>

namespace sahelsim {

// Semantic version of the engine (CMake project version).
[[nodiscard]] std::string_view engine_version();
// Git commit the engine was built from, with "-dirty" when the tree had local changes,
// or "unknown" outside a git checkout.
[[nodiscard]] std::string_view git_commit();
// Compiler and build type, for benchmarks.
[[nodiscard]] std::string_view build_description();

}  // namespace sahelsim
