// libFuzzer target: a results file. The input is written to a file and read as `sahelsim
// inspect` and `sahelsim report` read it (inspect_text, render_report), and as `sahelsim
// compare` does (compare_report).
#include <cstdint>
#include <string>

#include "core/errors.hpp"
#include "experiment/compare.hpp"
#include "fuzz_common.hpp"
#include "io/h5.hpp"
#include "io/results_reader.hpp"
#include "report/report.hpp"

namespace {
std::string input_path;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  sahelsim::fuzz::enter_source_dir();
  sahelsim::h5::quiet_errors();
  input_path = (sahelsim::fuzz::scratch_dir() / "input.h5").string();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  sahelsim::fuzz::write_bytes(input_path, data, size);
  try {
    (void)sahelsim::inspect_text(input_path);
  } catch (const sahelsim::UserError&) {
  }
  try {
    sahelsim::ReportOptions options;
    options.max_map_values = 100'000;
    (void)sahelsim::render_report({input_path}, options);
  } catch (const sahelsim::UserError&) {
  }
  try {
    (void)sahelsim::compare_report({input_path}, {});
  } catch (const sahelsim::UserError&) {
  }
  return 0;
}
