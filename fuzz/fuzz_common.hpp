// Shared pieces of the libFuzzer targets (fuzz/README in docs/reliability.md).
//
// Each target feeds its input to one reader of user input and catches the errors that
// reader throws by design for bad input (sahelsim::UserError). Anything else — a crash, a
// sanitizer report, another exception type escaping, a hang, runaway memory — is a finding.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace sahelsim::fuzz {

// The repository root: targets run there so that `extends: ../mali/default.yaml` and a
// sweep's `base:` resolve against the real scenarios/ folder.
inline void enter_source_dir() {
  if (chdir(SAHELSIM_SOURCE_DIR) != 0) std::abort();
}

// A private folder under $TMPDIR (or /tmp) for files a target writes, made once per process.
inline const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp != nullptr ? tmp : "/tmp") + "/sahelsim-fuzz-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    return std::filesystem::path(pattern);
  }();
  return dir;
}

inline void write_bytes(const std::filesystem::path& path, const std::uint8_t* data,
                        std::size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (!out) std::abort();
}

}  // namespace sahelsim::fuzz
