// `sahelsim report`.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "commands.hpp"
#include "core/errors.hpp"
#include "report/report.hpp"

namespace sahelsim::cli {

int report(const std::vector<std::string>& files, const std::string& output,
           const std::string& title, const std::vector<std::string>& tradeoff) {
  ReportOptions options;
  options.title = title;
  options.tradeoff = tradeoff;
  const std::string html = render_report(files, options);
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(output, ec)) {
    throw UserError({output, 0, 0}, "", "is a directory (expected a file such as report.html)");
  }
  const fs::path parent = fs::path(output).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  const std::string partial = output + ".partial";
  {
    std::ofstream out(partial, std::ios::binary);
    out << html;
    if (!out) throw UserError({output, 0, 0}, "", "cannot write the report");
  }
  fs::rename(partial, output, ec);
  if (ec) throw UserError({output, 0, 0}, "", "cannot write the report (" + ec.message() + ")");
  std::printf("report: %s\n", output.c_str());
  return kExitOk;
}

}  // namespace sahelsim::cli
