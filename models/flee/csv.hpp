// A strict reader of the CSV files of a Flee case: every field keeps its line and column,
// so that a problem is reported as file:line:col.
#pragma once

#include <string>
#include <vector>

#include "core/errors.hpp"

namespace sahelsim::flee {

struct Field {
  std::string text;  // unquoted, blanks around it (inside quotes too) removed
  int column = 1;    // 1-based column of the field's first character
};

struct Row {
  int line = 0;
  std::vector<Field> fields;
};

struct CsvFile {
  std::string path;
  bool header_commented = false;  // the first row started with '#'
  std::vector<Row> rows;          // every non-blank row, the header included

  [[nodiscard]] Location at(const Row& row, std::size_t field) const;
  [[nodiscard]] Location at(int line) const { return {path, line, 1}; }
};

// Reads `path`: a UTF-8 byte-order mark, CRLF line ends, blank lines and quoted fields (with
// "" for a quote) are accepted; a leading '#' on the first row is dropped (Flee's header
// convention). Throws UserError (key `key`) when the file cannot be read, is not text (NUL
// bytes) or has an unterminated quote.
[[nodiscard]] CsvFile read_csv(const std::string& path, const std::string& key);

}  // namespace sahelsim::flee
