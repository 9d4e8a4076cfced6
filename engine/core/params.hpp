// Parameter schemas and parameter values.
//
// Every parameter a scenario can set is declared once, in one table per model (STYLE.md
// §3): key, type, default, unit, range, description, source, and whether the timeline may
// change it during a run. The scenario loader, `sahelsim params`, docs/scenarios.md and
// the results file all read that one declaration.
#pragma once

#include <cstdint>
#include <deque>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "errors.hpp"

namespace sahelsim {

enum class ParamType : std::uint8_t {
  real,      // double; finite unless the range admits infinity
  integer,   // int64
  boolean,   // true | false
  choice,    // one of a fixed list of words
  text,      // free text
  date,      // YYYY-MM-DD (proleptic Gregorian)
  duration,  // a step length: "7d", "1w"
};

[[nodiscard]] std::string_view to_string(ParamType type);

// std::monostate: no value (a required parameter not given, or an optional one unset).
using ParamValue = std::variant<std::monostate, double, std::int64_t, bool, std::string>;

struct ParamSpec {
  std::string key;  // full dotted path, e.g. "params.legitimacy"
  ParamType type = ParamType::real;
  ParamValue default_value;
  std::string unit = "1";
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false;  // the bound itself is excluded
  bool max_open = false;
  std::vector<std::string> choices;
  std::string doc;
  std::string source;
  bool timeline = false;        // may be changed by `timeline:` during a run
  bool allow_infinity = false;  // a real may be .inf / -.inf (within the range)
  bool mandatory = false;       // the scenario must give a value (no default)

  // Fluent setters, so that a schema reads one parameter per statement.
  ParamSpec& range(double lo, double hi) {
    min = lo;
    max = hi;
    return *this;
  }
  ParamSpec& above(double lo) {
    min = lo;
    min_open = true;
    return *this;
  }
  ParamSpec& at_least(double lo) {
    min = lo;
    return *this;
  }
  ParamSpec& at_most(double hi) {
    max = hi;
    return *this;
  }
  ParamSpec& below(double hi) {
    max = hi;
    max_open = true;
    return *this;
  }
  ParamSpec& units(std::string u) {
    unit = std::move(u);
    return *this;
  }
  ParamSpec& describe(std::string d) {
    doc = std::move(d);
    return *this;
  }
  ParamSpec& cite(std::string s) {
    source = std::move(s);
    return *this;
  }
  ParamSpec& changeable() {
    timeline = true;
    return *this;
  }
  ParamSpec& infinite_ok() {
    allow_infinity = true;
    return *this;
  }

  [[nodiscard]] bool required() const { return mandatory; }
  // "[0, 1]", "(0, inf)", "one of exact|floor|round", ...: what a valid value looks like.
  [[nodiscard]] std::string expectation() const;
  // Parses a scalar as written in a scenario (quoted: it was a quoted YAML string).
  // Returns the value, or a message "what is wrong (expected ..., got ...)".
  [[nodiscard]] std::variant<ParamValue, std::string> parse(const std::string& text,
                                                            bool quoted) const;
  // Checks a value of the right type against the range; empty when valid. `shown` is the
  // value as the user wrote it, for the message (default: the value formatted).
  [[nodiscard]] std::string check(const ParamValue& value, const std::string& shown = {}) const;
};

// Text of a value as it would be written in YAML (doubles in shortest round-trip form).
[[nodiscard]] std::string format_value(const ParamValue& value);

// One table of parameters; keys are unique. The references the builders return stay valid
// as more parameters are added (a deque never moves its elements).
class Schema {
 public:
  ParamSpec& real(std::string key, double default_value);
  ParamSpec& integer(std::string key, std::int64_t default_value);
  ParamSpec& boolean(std::string key, bool default_value);
  ParamSpec& choice(std::string key, std::vector<std::string> choices, std::string default_value);
  ParamSpec& text(std::string key, std::string default_value);
  ParamSpec& date(std::string key, std::optional<std::string> default_value);
  ParamSpec& duration(std::string key, std::string default_value);
  ParamSpec& required(std::string key, ParamType type);
  // A parameter without a default that a scenario may leave out (has_value() is then false
  // and the model decides, e.g. from a named rule set).
  ParamSpec& optional(std::string key, ParamType type);

  [[nodiscard]] const std::deque<ParamSpec>& specs() const { return specs_; }
  [[nodiscard]] std::optional<std::size_t> find(const std::string& key) const;
  [[nodiscard]] const ParamSpec& at(std::size_t index) const { return specs_[index]; }
  [[nodiscard]] std::size_t size() const { return specs_.size(); }

  // The keys directly below `prefix` ("" for the top): the names of leaves and of sub-maps.
  [[nodiscard]] std::vector<std::string> children(const std::string& prefix) const;
  // True when some key starts with "prefix.".
  [[nodiscard]] bool is_section(const std::string& prefix) const;

 private:
  ParamSpec& add(ParamSpec spec);
  std::deque<ParamSpec> specs_;
  std::unordered_map<std::string, std::size_t> index_;
};

// Values for every parameter of one schema, with where each value came from.
class ParamSet {
 public:
  ParamSet() = default;
  explicit ParamSet(const Schema& schema);  // every parameter at its default

  [[nodiscard]] const Schema& schema() const { return *schema_; }
  [[nodiscard]] std::size_t index(const std::string& key) const;  // throws std::out_of_range

  [[nodiscard]] const ParamValue& value(std::size_t i) const { return values_[i]; }
  [[nodiscard]] const Location& origin(std::size_t i) const { return origins_[i]; }
  void set(std::size_t i, ParamValue value, Location origin = {});

  [[nodiscard]] double real(const std::string& key) const;
  [[nodiscard]] std::int64_t integer(const std::string& key) const;
  [[nodiscard]] bool boolean(const std::string& key) const;
  [[nodiscard]] const std::string& text(
      const std::string& key) const;  // choice, text, date, duration
  [[nodiscard]] bool has_value(const std::string& key) const;
  // A text parameter naming a file or folder: a relative path is taken from the folder of
  // the scenario file that set it (as written when given by --set or left at its default).
  [[nodiscard]] std::string path(const std::string& key) const;

  // The numeric value of a real or integer parameter as double.
  [[nodiscard]] double number(std::size_t i) const;

 private:
  const Schema* schema_ = nullptr;
  std::vector<ParamValue> values_;
  std::vector<Location> origins_;
};

}  // namespace sahelsim
