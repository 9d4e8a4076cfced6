#include "csv.hpp"

#include <fstream>
#include <sstream>

namespace sahelsim::flee {

namespace {

bool blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

}  // namespace

Location CsvFile::at(const Row& row, std::size_t field) const {
  return {path, row.line, field < row.fields.size() ? row.fields[field].column : 1};
}

CsvFile read_csv(const std::string& path, const std::string& key) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UserError(Location{path, 0, 0}, key, "cannot read the file (missing?)");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  CsvFile file;
  file.path = path;
  int line = 1;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    Row row;
    row.line = line;
    std::size_t line_start = i;
    bool any = false;
    while (true) {
      // One field.
      while (i < n && blank(text[i])) ++i;
      Field f;
      f.column = static_cast<int>(i - line_start) + 1;
      if (i < n && text[i] == '"') {
        const int open_line = line;
        const int open_column = f.column;
        ++i;
        while (true) {
          if (i >= n) {
            throw UserError(Location{path, open_line, open_column}, key,
                            "unterminated quoted field (expected a closing \")");
          }
          if (text[i] == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              f.text += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
          }
          if (text[i] == '\0') {
            throw UserError(Location{path, line, static_cast<int>(i - line_start) + 1}, key,
                            "a NUL byte (expected a text file)");
          }
          f.text += text[i++];
        }
        // Blanks inside the quotes go too (Flee strips names: " Adigrat" is Adigrat).
        const auto first = f.text.find_first_not_of(" \t");
        const auto last = f.text.find_last_not_of(" \t");
        f.text =
            first == std::string::npos ? std::string() : f.text.substr(first, last - first + 1);
        while (i < n && blank(text[i])) ++i;
        if (i < n && text[i] != ',' && text[i] != '\n') {
          throw UserError(Location{path, line, static_cast<int>(i - line_start) + 1}, key,
                          "text after a closing quote (expected ',' or the end of the line)");
        }
      } else {
        const std::size_t start = i;
        while (i < n && text[i] != ',' && text[i] != '\n') {
          if (text[i] == '\0') {
            throw UserError(Location{path, line, static_cast<int>(i - line_start) + 1}, key,
                            "a NUL byte (expected a text file)");
          }
          ++i;
        }
        std::size_t end = i;
        while (end > start && blank(text[end - 1])) --end;
        f.text = text.substr(start, end - start);
      }
      any = any || !f.text.empty();
      row.fields.push_back(std::move(f));
      if (i < n && text[i] == ',') {
        ++i;
        continue;
      }
      break;
    }
    if (i < n && text[i] == '\n') ++i;
    ++line;
    if (!any) continue;  // a blank line
    if (file.rows.empty() && !row.fields.empty() && row.fields[0].text.rfind('#', 0) == 0) {
      file.header_commented = true;
      row.fields[0].text.erase(0, 1);
      row.fields[0].column += 1;
    }
    file.rows.push_back(std::move(row));
  }
  return file;
}

}  // namespace sahelsim::flee
