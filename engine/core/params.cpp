#include "params.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "calendar.hpp"

namespace sahelsim {

std::string_view to_string(ParamType type) {
  switch (type) {
    case ParamType::real:
      return "real";
    case ParamType::integer:
      return "integer";
    case ParamType::boolean:
      return "boolean";
    case ParamType::choice:
      return "choice";
    case ParamType::text:
      return "text";
    case ParamType::date:
      return "date";
    case ParamType::duration:
      return "duration";
  }
  return "?";
}

namespace {

std::string format_number(double v) {
  if (std::isnan(v)) return ".nan";
  if (std::isinf(v)) return v > 0 ? ".inf" : "-.inf";
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
  std::string out(buffer, result.ptr);
  // Keep reals recognisable as reals when written back to YAML.
  if (out.find_first_of(".eEn") == std::string::npos) out += ".0";
  return out;
}

std::string format_bound(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (v == std::floor(v) && std::abs(v) < 1e16) return std::to_string(static_cast<long long>(v));
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
  return std::string(buffer, result.ptr);
}

std::string join(const std::vector<std::string>& words, const char* separator) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += separator;
    out += w;
  }
  return out;
}

std::string quote(const std::string& text) {
  return "'" + text + "'";
}

// YAML's spellings of infinity and NaN (YAML 1.2 core schema) and the plain words.
std::optional<double> special_real(const std::string& t) {
  if (t == ".inf" || t == ".Inf" || t == ".INF" || t == "+.inf" || t == "+.Inf" || t == "+.INF") {
    return std::numeric_limits<double>::infinity();
  }
  if (t == "-.inf" || t == "-.Inf" || t == "-.INF") return -std::numeric_limits<double>::infinity();
  if (t == ".nan" || t == ".NaN" || t == ".NAN") return std::numeric_limits<double>::quiet_NaN();
  return std::nullopt;
}

}  // namespace

std::string format_value(const ParamValue& value) {
  struct Visitor {
    std::string operator()(std::monostate) const { return "~"; }
    std::string operator()(double v) const { return format_number(v); }
    std::string operator()(std::int64_t v) const { return std::to_string(v); }
    std::string operator()(bool v) const { return v ? "true" : "false"; }
    std::string operator()(const std::string& v) const { return v; }
  };
  return std::visit(Visitor{}, value);
}

std::string ParamSpec::expectation() const {
  switch (type) {
    case ParamType::real:
    case ParamType::integer: {
      const std::string what = type == ParamType::real ? "a number" : "an integer";
      const bool has_min = !std::isinf(min);
      const bool has_max = !std::isinf(max);
      if (has_min && has_max) {
        return what + " in " + (min_open ? "(" : "[") + format_bound(min) + ", " +
               format_bound(max) + (max_open ? ")" : "]");
      }
      if (has_min) {
        return what + (min_open ? " > " : " >= ") + format_bound(min) +
               (allow_infinity ? " (or .inf)" : "");
      }
      if (has_max) return what + (max_open ? " < " : " <= ") + format_bound(max);
      return what;
    }
    case ParamType::boolean:
      return "true or false";
    case ParamType::choice:
      return "one of " + join(choices, ", ");
    case ParamType::text:
      return "text";
    case ParamType::date:
      return "a date YYYY-MM-DD";
    case ParamType::duration:
      return "a step length such as 1d, 7d or 1w";
  }
  return "?";
}

std::variant<ParamValue, std::string> ParamSpec::parse(const std::string& text, bool quoted) const {
  const std::string expected = "(expected " + expectation() + ", got ";
  const auto bad = [&](const std::string& what) -> std::string {
    return what + " " + expected + (quoted ? "the string \"" + text + "\"" : quote(text)) + ")";
  };
  switch (type) {
    case ParamType::real: {
      if (quoted) return bad("wrong type");
      ParamValue value;
      if (auto special = special_real(text)) {
        value = *special;
      } else {
        const std::string t = (!text.empty() && text[0] == '+') ? text.substr(1) : text;
        double v = 0.0;
        const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
        if (t.empty() || ptr != t.data() + t.size() ||
            t.find_first_of("xXpP") != std::string::npos) {
          return bad("wrong type");
        }
        if (ec == std::errc::result_out_of_range) return bad("number too large or too small");
        if (ec != std::errc{}) return bad("wrong type");
        value = v;
      }
      if (std::string problem = check(value, text); !problem.empty()) return problem;
      return value;
    }
    case ParamType::integer: {
      if (quoted) return bad("wrong type");
      const std::string t = (!text.empty() && text[0] == '+') ? text.substr(1) : text;
      std::int64_t v = 0;
      const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
      if (ec == std::errc::result_out_of_range) return bad("integer too large for 64 bits");
      if (t.empty() || ec != std::errc{} || ptr != t.data() + t.size()) return bad("wrong type");
      ParamValue value = v;
      if (std::string problem = check(value, text); !problem.empty()) return problem;
      return value;
    }
    case ParamType::boolean: {
      if (!quoted && (text == "true" || text == "True" || text == "TRUE")) return ParamValue{true};
      if (!quoted && (text == "false" || text == "False" || text == "FALSE"))
        return ParamValue{false};
      return bad("wrong type");
    }
    case ParamType::choice: {
      for (const auto& c : choices) {
        if (c == text) return ParamValue{text};
      }
      const std::string guess = nearest(text, choices);
      return "unknown choice " + expected + quote(text) + ")" +
             (guess.empty() ? "" : " (did you mean '" + guess + "'?)");
    }
    case ParamType::text:
      return ParamValue{text};
    case ParamType::date:
      if (!parse_date(text)) return bad("not a valid date");
      return ParamValue{text};
    case ParamType::duration:
      if (!parse_duration_days(text)) return bad("not a valid step length");
      return ParamValue{text};
  }
  return bad("unsupported type");
}

std::string ParamSpec::check(const ParamValue& value, const std::string& shown) const {
  const std::string got = shown.empty() ? format_value(value) : shown;
  double v = 0.0;
  if (const auto* d = std::get_if<double>(&value)) {
    v = *d;
    if (std::isnan(v)) return "not a number (expected " + expectation() + ", got " + got + ")";
    if (std::isinf(v) && !allow_infinity) {
      return "infinite (expected " + expectation() + ", got " + got + ")";
    }
  } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
    v = static_cast<double>(*i);
  } else {
    return {};
  }
  const bool low = min_open ? !(v > min) : !(v >= min);
  const bool high = max_open ? !(v < max) : !(v <= max);
  if (low || high) {
    return "out of range (expected " + expectation() + ", got " + got + ")";
  }
  return {};
}

ParamSpec& Schema::add(ParamSpec spec) {
  if (index_.count(spec.key) != 0) throw std::logic_error("duplicate parameter " + spec.key);
  index_.emplace(spec.key, specs_.size());
  specs_.push_back(std::move(spec));
  return specs_.back();
}

namespace {
ParamSpec make_spec(std::string key, ParamType type, ParamValue default_value, std::string unit) {
  ParamSpec spec;
  spec.key = std::move(key);
  spec.type = type;
  spec.default_value = std::move(default_value);
  spec.unit = std::move(unit);
  return spec;
}
}  // namespace

ParamSpec& Schema::real(std::string key, double default_value) {
  return add(make_spec(std::move(key), ParamType::real, default_value, "1"));
}
ParamSpec& Schema::integer(std::string key, std::int64_t default_value) {
  return add(make_spec(std::move(key), ParamType::integer, default_value, "1"));
}
ParamSpec& Schema::boolean(std::string key, bool default_value) {
  return add(make_spec(std::move(key), ParamType::boolean, default_value, "-"));
}
ParamSpec& Schema::choice(std::string key, std::vector<std::string> choices,
                          std::string default_value) {
  ParamSpec& spec =
      add(make_spec(std::move(key), ParamType::choice, std::move(default_value), "-"));
  spec.choices = std::move(choices);
  return spec;
}
ParamSpec& Schema::text(std::string key, std::string default_value) {
  return add(make_spec(std::move(key), ParamType::text, std::move(default_value), "-"));
}
ParamSpec& Schema::date(std::string key, std::optional<std::string> default_value) {
  ParamValue value;
  if (default_value) value = *default_value;
  return add(make_spec(std::move(key), ParamType::date, std::move(value), "date"));
}
ParamSpec& Schema::duration(std::string key, std::string default_value) {
  return add(make_spec(std::move(key), ParamType::duration, std::move(default_value), "days"));
}
ParamSpec& Schema::optional(std::string key, ParamType type) {
  return add(make_spec(std::move(key), type, ParamValue{}, type == ParamType::real ? "1" : "-"));
}
ParamSpec& Schema::required(std::string key, ParamType type) {
  ParamSpec& spec = add(make_spec(std::move(key), type, ParamValue{}, "-"));
  spec.mandatory = true;
  return spec;
}

std::optional<std::size_t> Schema::find(const std::string& key) const {
  const auto it = index_.find(key);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Schema::children(const std::string& prefix) const {
  std::vector<std::string> out;
  const std::string head = prefix.empty() ? "" : prefix + ".";
  for (const auto& spec : specs_) {
    if (spec.key.compare(0, head.size(), head) != 0) continue;
    const std::string rest = spec.key.substr(head.size());
    const std::string child = rest.substr(0, rest.find('.'));
    bool seen = false;
    for (const auto& c : out) seen = seen || c == child;
    if (!seen) out.push_back(child);
  }
  return out;
}

bool Schema::is_section(const std::string& prefix) const {
  const std::string head = prefix + ".";
  for (const auto& spec : specs_) {
    if (spec.key.compare(0, head.size(), head) == 0) return true;
  }
  return false;
}

ParamSet::ParamSet(const Schema& schema) : schema_(&schema) {
  values_.reserve(schema.size());
  for (const auto& spec : schema.specs()) values_.push_back(spec.default_value);
  origins_.resize(schema.size());
}

std::size_t ParamSet::index(const std::string& key) const {
  if (const auto i = schema_->find(key)) return *i;
  throw std::out_of_range("no parameter " + key);
}

void ParamSet::set(std::size_t i, ParamValue value, Location origin) {
  values_[i] = std::move(value);
  origins_[i] = std::move(origin);
}

double ParamSet::real(const std::string& key) const {
  return std::get<double>(values_[index(key)]);
}
std::int64_t ParamSet::integer(const std::string& key) const {
  return std::get<std::int64_t>(values_[index(key)]);
}
bool ParamSet::boolean(const std::string& key) const {
  return std::get<bool>(values_[index(key)]);
}
const std::string& ParamSet::text(const std::string& key) const {
  return std::get<std::string>(values_[index(key)]);
}
std::string ParamSet::path(const std::string& key) const {
  const std::string& value = text(key);
  const std::filesystem::path p(value);
  if (value.empty() || p.is_absolute()) return value;
  const Location& where = origin(index(key));
  if (!where.known() || where.file.rfind("--set", 0) == 0) return value;
  return (std::filesystem::path(where.file).parent_path() / p).lexically_normal().string();
}

bool ParamSet::has_value(const std::string& key) const {
  return !std::holds_alternative<std::monostate>(values_[index(key)]);
}

double ParamSet::number(std::size_t i) const {
  if (const auto* d = std::get_if<double>(&values_[i])) return *d;
  return static_cast<double>(std::get<std::int64_t>(values_[i]));
}

}  // namespace sahelsim
