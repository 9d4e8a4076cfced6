// libFuzzer target: a sweep file (load_sweep). The input is written to
// <scratch>/sweeps/input.sweep.yaml, beside links to the repository's scenario folders, so
// that `base: ../teaching/rebellion.yaml` resolves as it does in scenarios/sweeps/.
#include <cstdint>
#include <filesystem>
#include <string>

#include "core/errors.hpp"
#include "experiment/sweep.hpp"
#include "fuzz_common.hpp"
#include "registry.hpp"

namespace fs = std::filesystem;

namespace {
fs::path input_path;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  sahelsim::fuzz::enter_source_dir();
  (void)sahelsim::builtin_models();
  const fs::path root = sahelsim::fuzz::scratch_dir();
  fs::create_directories(root / "sweeps");
  for (const auto& entry : fs::directory_iterator(fs::current_path() / "scenarios")) {
    const fs::path link = root / entry.path().filename();
    if (entry.path().filename() != "sweeps" && !fs::exists(link)) {
      fs::create_directory_symlink(entry.path(), link);
    }
  }
  input_path = root / "sweeps" / "input.sweep.yaml";
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  sahelsim::fuzz::write_bytes(input_path, data, size);
  try {
    const sahelsim::SweepSpec spec =
        sahelsim::load_sweep(input_path.string(), sahelsim::builtin_models());
    (void)spec.fingerprint();
    if (spec.run_count() > 0) (void)spec.run(spec.run_count() - 1);
  } catch (const sahelsim::UserError&) {
  }
  return 0;
}
