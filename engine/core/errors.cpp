#include "errors.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>

namespace sahelsim {

std::string Location::str() const {
  if (file.empty()) return {};
  std::string out = file;
  if (line > 0) {
    out += ':' + std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
  }
  return out;
}

std::string Diagnostic::str() const {
  std::string out;
  if (where.known()) out += where.str() + ": ";
  if (!key.empty()) out += key + ": ";
  out += message;
  return out;
}

namespace {
std::string join_diagnostics(const std::vector<Diagnostic>& items) {
  std::string out;
  for (const auto& d : items) {
    if (!out.empty()) out += '\n';
    out += d.str();
  }
  return out;
}
}  // namespace

UserError::UserError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join_diagnostics(diagnostics)), diagnostics_(std::move(diagnostics)) {}

UserError::UserError(Location where, std::string key, std::string message)
    : UserError(std::vector<Diagnostic>{{std::move(where), std::move(key), std::move(message)}}) {}

UserError::UserError(std::string message)
    : UserError(std::vector<Diagnostic>{{Location{}, std::string{}, std::move(message)}}) {}

void DiagnosticList::add(Location where, std::string key, std::string message) {
  items_.push_back({std::move(where), std::move(key), std::move(message)});
}

void DiagnosticList::sort_by_location() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.where.file, a.where.line, a.where.column) <
           std::tie(b.where.file, b.where.line, b.where.column);
  });
}

void DiagnosticList::throw_if_any() const {
  if (!items_.empty()) throw UserError(items_);
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string nearest(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = 0;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (best.empty() || d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  // Plausible: a few edits, scaled with the word's length (typos, swapped letters).
  const std::size_t allowed = std::max<std::size_t>(2, word.size() / 3);
  if (best.empty() || best_distance > allowed) return {};
  return best;
}

std::string suggestion(const std::string& word, const std::vector<std::string>& candidates) {
  const std::string guess = nearest(word, candidates);
  if (!guess.empty()) return " (did you mean '" + guess + "'?)";
  if (candidates.empty()) return {};
  std::string list;
  for (const auto& c : candidates) {
    if (!list.empty()) list += ", ";
    list += c;
  }
  return " (valid: " + list + ")";
}

}  // namespace sahelsim
