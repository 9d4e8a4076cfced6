// User-facing errors: where in which input, which key, what is wrong.
//
// Two kinds of error (STYLE.md §4): a UserError is something the person running sahelsim
// can fix (a scenario value, a command-line option, a file path). It is thrown, caught
// once in main, printed as `file:line:col: key.path: message` and turned into exit code 2.
// Programmer errors are assertions.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace sahelsim {

// A position in an input text. Lines and columns are 1-based; 0 means "unknown".
struct Location {
  std::string file;
  int line = 0;
  int column = 0;

  [[nodiscard]] bool known() const { return !file.empty(); }
  // "file:line:col", "file" or "" depending on what is known.
  [[nodiscard]] std::string str() const;
};

// One problem found in the input.
struct Diagnostic {
  Location where;
  std::string key;      // dotted key path, e.g. "params.legitimacy"; may be empty
  std::string message;  // what is wrong (expected ..., got ...)

  // "file:line:col: key: message"
  [[nodiscard]] std::string str() const;
};

// One or more problems in user input. what() is every diagnostic, one per line.
class UserError : public std::runtime_error {
 public:
  explicit UserError(std::vector<Diagnostic> diagnostics);
  UserError(Location where, std::string key, std::string message);
  explicit UserError(std::string message);  // no location, no key

  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// Collects diagnostics so that a loader can report every problem in a file at once.
class DiagnosticList {
 public:
  void add(Location where, std::string key, std::string message);
  [[nodiscard]] bool empty() const { return items_.empty(); }
  [[nodiscard]] std::size_t size() const { return items_.size(); }
  // Orders diagnostics by file, then line, then column (stable), so that a file's problems
  // read top to bottom.
  void sort_by_location();
  // Throws UserError holding every collected diagnostic, if there is any.
  void throw_if_any() const;

 private:
  std::vector<Diagnostic> items_;
};

// Levenshtein distance, used to suggest the nearest valid key or choice.
[[nodiscard]] std::size_t edit_distance(const std::string& a, const std::string& b);

// The candidate closest to `word`, or "" when none is plausibly meant.
[[nodiscard]] std::string nearest(const std::string& word,
                                  const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or " (valid: a, b, c)" when nothing is close.
[[nodiscard]] std::string suggestion(const std::string& word,
                                     const std::vector<std::string>& candidates);

}  // namespace sahelsim
