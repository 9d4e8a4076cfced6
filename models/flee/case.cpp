#include "case.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>

#include "core/calendar.hpp"
#include "csv.hpp"

namespace sahelsim::flee {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool comment(const Row& row) {
  return !row.fields.empty() && row.fields[0].text.rfind('#', 0) == 0;
}

// The data rows of a file: comment rows left out and, when `header` is given and the first
// row is a header (commented, as Flee writes it, or starting with `header`), that row too.
std::vector<const Row*> records(const CsvFile& f, const char* header = nullptr) {
  std::vector<const Row*> out;
  for (std::size_t k = 0; k < f.rows.size(); ++k) {
    const Row& r = f.rows[k];
    if (k == 0 && header != nullptr && (f.header_commented || lower(r.fields[0].text) == header)) {
      continue;
    }
    if (!comment(r)) out.push_back(&r);
  }
  return out;
}

// Reads the rows of one file, reporting into `out`; a missing optional file gives no rows.
struct Reader {
  DiagnosticList& out;
  std::string key;

  bool exists(const std::string& path) const { return fs::is_regular_file(path); }

  std::optional<CsvFile> open(const std::string& path) {
    try {
      return read_csv(path, key);
    } catch (const UserError& e) {
      for (const auto& d : e.diagnostics()) out.add(d.where, d.key, d.message);
      return std::nullopt;
    }
  }

  void error(const CsvFile& f, const Row& r, std::size_t field, const std::string& message) {
    out.add(f.at(r, field), key, fs::path(f.path).filename().string() + ": " + message);
  }

  // The field's text, or an error when the row is too short.
  const std::string* field(const CsvFile& f, const Row& r, std::size_t i, const char* what) {
    if (i < r.fields.size()) return &r.fields[i].text;
    error(f, r, r.fields.size() - 1,
          std::string("missing column ") + std::to_string(i + 1) + " (expected " + what + ")");
    return nullptr;
  }

  std::optional<double> number(const CsvFile& f, const Row& r, std::size_t i, const char* what) {
    const std::string* t = field(f, r, i, what);
    if (t == nullptr) return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(t->c_str(), &end);
    if (t->empty() || end == nullptr || *end != '\0' || !std::isfinite(v)) {
      error(f, r, i, std::string("expected ") + what + ", got '" + *t + "'");
      return std::nullopt;
    }
    return v;
  }

  std::optional<std::int64_t> day(const CsvFile& f, const Row& r, std::size_t i, const char* what,
                                  std::int64_t lowest) {
    const auto v = number(f, r, i, what);
    if (!v) return std::nullopt;
    if (*v != std::floor(*v) || *v < static_cast<double>(lowest) || *v > 1e7) {
      error(f, r, i, std::string("expected ") + what + ", got '" + r.fields[i].text + "'");
      return std::nullopt;
    }
    return static_cast<std::int64_t>(*v);
  }
};

std::optional<Kind> parse_kind(const std::string& text) {
  const std::string t = lower(text);
  if (t == "town" || t == "default" || t == "flood_zone") return Kind::town;
  if (t == "conflict_zone" || t == "conflict") return Kind::conflict_zone;
  if (t == "camp") return Kind::camp;
  if (t == "idpcamp" || t == "idp_camp") return Kind::idpcamp;
  if (t == "forwarding_hub" || t == "forward") return Kind::forwarding_hub;
  if (t == "marker") return Kind::marker;
  return std::nullopt;
}

void read_locations(Reader& rd, const std::string& path, Case& c) {
  const auto file = rd.open(path);
  if (!file) return;
  const auto rows = records(*file, "name");
  for (const Row* row : rows) {
    const Row& r = *row;
    Place p;
    p.where = file->at(r, 0);
    p.name = r.fields[0].text;
    if (p.name.empty()) {
      rd.error(*file, r, 0, "empty location name");
      continue;
    }
    if (c.find(p.name) != kNone) {
      rd.error(*file, r, 0, "location '" + p.name + "' is listed twice");
      continue;
    }
    const std::string* region = rd.field(*file, r, 1, "the region");
    const std::string* country = rd.field(*file, r, 2, "the country");
    const std::string* type = rd.field(*file, r, 5, "the location_type");
    if (!region || !country || !type) continue;
    p.region = *region;
    p.country = *country;
    if (p.country.empty()) rd.error(*file, r, 2, "empty country (expected a country name)");
    // Coordinates are optional (Flee's routes carry the distances; many cases leave them
    // empty): empty is unknown (NaN), anything else must be a valid latitude / longitude.
    const auto coordinate = [&](std::size_t i, const char* what, double limit) {
      if (r.fields[i].text.empty()) return std::numeric_limits<double>::quiet_NaN();
      const auto v = rd.number(*file, r, i, what);
      if (v && std::abs(*v) > limit) {
        rd.error(*file, r, i,
                 std::string(what) + " out of range (expected -" +
                     std::to_string(static_cast<int>(limit)) + ".." +
                     std::to_string(static_cast<int>(limit)) + ", got " + r.fields[i].text + ")");
      }
      return v ? *v : std::numeric_limits<double>::quiet_NaN();
    };
    p.latitude = coordinate(3, "a latitude in degrees", 90);
    p.longitude = coordinate(4, "a longitude in degrees", 180);
    const auto kind = parse_kind(*type);
    if (!kind) {
      rd.error(*file, r, 5,
               "unknown location_type '" + *type +
                   "' (expected town, conflict_zone, camp, idpcamp, forwarding_hub, marker or "
                   "flood_zone)");
      continue;
    }
    p.kind = *kind;
    if (p.kind == Kind::conflict_zone && r.fields.size() > 6 && !r.fields[6].text.empty()) {
      const auto d = rd.day(*file, r, 6, "a conflict_date: a whole day >= 0, or empty", 0);
      if (!d) continue;
      p.conflict_date = *d;
    }
    if (r.fields.size() > 7 && !r.fields[7].text.empty()) {
      const auto pop = rd.number(*file, r, 7, "a population >= 0");
      if (!pop) continue;
      if (*pop < 0) {
        rd.error(*file, r, 7, "negative population (expected a number >= 0)");
        continue;
      }
      p.population = *pop;
    }
    c.places.push_back(std::move(p));
  }
  if (rows.empty()) {
    rd.out.add({path, 1, 1}, rd.key, "locations.csv: no location (expected one row per location)");
  }
}

std::size_t known(Reader& rd, const CsvFile& f, const Row& r, std::size_t i, const Case& c) {
  if (i >= r.fields.size()) return kNone;
  const std::string& name = r.fields[i].text;
  const std::size_t k = c.find(name);
  if (k == kNone) {
    std::vector<std::string> names;
    for (const auto& p : c.places) names.push_back(p.name);
    rd.error(f, r, i,
             "unknown location '" + name + "' (not in locations.csv)" + suggestion(name, names));
  }
  return k;
}

void read_routes(Reader& rd, const std::string& path, Case& c) {
  const auto file = rd.open(path);
  if (!file) return;
  const auto rows = records(*file, "name1");
  for (const Row* row : rows) {
    const Row& r = *row;
    if (r.fields.size() < 3) {
      rd.error(*file, r, r.fields.size() - 1, "expected name1,name2,distance[,forced_redirection]");
      continue;
    }
    Route route;
    route.where = file->at(r, 0);
    route.a = known(rd, *file, r, 0, c);
    route.b = known(rd, *file, r, 1, c);
    const auto km = rd.number(*file, r, 2, "a distance in km > 0");
    if (route.a == kNone || route.b == kNone || !km) continue;
    if (route.a == route.b) {
      rd.error(*file, r, 1, "a route from a location to itself");
      continue;
    }
    if (!(*km > 0)) {
      rd.error(*file, r, 2, "expected a distance in km > 0, got '" + r.fields[2].text + "'");
      continue;
    }
    route.km = *km;
    if (r.fields.size() > 3 && !r.fields[3].text.empty()) {
      const auto f = rd.day(*file, r, 3, "forced_redirection 0, 1 or 2", 0);
      if (!f) continue;
      if (*f > 2) {
        rd.error(*file, r, 3,
                 "expected forced_redirection 0, 1 or 2, got '" + r.fields[3].text + "'");
        continue;
      }
      route.forced = static_cast<int>(*f);
    }
    c.routes.push_back(route);
  }
}

void read_period(Reader& rd, const std::string& path, Case& c) {
  const auto file = rd.open(path);
  if (!file) return;
  bool start = false, length = false;
  for (const Row* row : records(*file)) {
    const Row& r = *row;
    const std::string name = lower(r.fields[0].text);
    if (name == "startdate") {
      const std::string* t = rd.field(*file, r, 1, "a date yyyy-mm-dd");
      if (!t) continue;
      if (!parse_date(*t)) {
        rd.error(*file, r, 1, "expected a date yyyy-mm-dd, got '" + *t + "'");
        continue;
      }
      c.start_date = *t;
      start = true;
    } else if (name == "length") {
      const auto d = rd.day(*file, r, 1, "a length in whole days >= 1", 1);
      if (!d) continue;
      c.length = *d;
      length = true;
    } else {
      rd.error(*file, r, 0,
               "unknown row '" + r.fields[0].text + "' (expected StartDate or Length)");
    }
  }
  const std::string name = fs::path(path).filename().string();
  if (!start) rd.out.add({path, 1, 1}, rd.key, name + ": no StartDate row");
  if (!length) rd.out.add({path, 1, 1}, rd.key, name + ": no Length row");
}

void read_conflicts(Reader& rd, const std::string& path, Case& c) {
  const auto file = rd.open(path);
  if (!file || file->rows.empty()) return;
  // A trailing comma (an empty last column) is noise in the header and the rows alike.
  const auto width = [](const Row& r) {
    std::size_t n = r.fields.size();
    while (n > 1 && r.fields[n - 1].text.empty()) --n;
    return n;
  };
  const Row& head = file->rows[0];
  const std::size_t columns_in_head = width(head);
  std::vector<std::size_t> columns;
  for (std::size_t i = 1; i < columns_in_head; ++i) columns.push_back(known(rd, *file, head, i, c));
  std::int64_t expected = 0;
  for (std::size_t k = 1; k < file->rows.size(); ++k) {
    const Row& r = file->rows[k];
    if (comment(r)) continue;
    const auto d = rd.day(*file, r, 0, "the day: a whole number >= 0", 0);
    if (!d) return;
    if (*d != expected) {
      rd.error(*file, r, 0,
               "days must be 0, 1, 2, ... in order (expected " + std::to_string(expected) +
                   ", got " + r.fields[0].text + ")");
      return;
    }
    ++expected;
    if (width(r) != columns_in_head) {
      rd.error(*file, r, width(r) - 1,
               "expected " + std::to_string(columns_in_head) + " columns like the header, got " +
                   std::to_string(width(r)));
      return;
    }
    std::vector<double> row(c.places.size(), -1.0);
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const auto v = rd.number(*file, r, i + 1, "a conflict intensity >= 0");
      if (!v) return;
      if (*v < 0) {
        rd.error(*file, r, i + 1, "negative intensity (expected a number >= 0)");
        return;
      }
      if (columns[i] != kNone) row[columns[i]] = *v;
    }
    c.intensity.push_back(std::move(row));
  }
}

void read_closures(Reader& rd, const std::string& path, Case& c) {
  const auto file = rd.open(path);
  if (!file) return;
  std::vector<std::string> countries;
  for (const auto& p : c.places) {
    if (std::find(countries.begin(), countries.end(), p.country) == countries.end()) {
      countries.push_back(p.country);
    }
  }
  const auto rows = records(*file, "closure_type");
  for (const Row* row : rows) {
    const Row& r = *row;
    if (r.fields.size() < 5) {
      rd.error(*file, r, r.fields.size() - 1,
               "expected closure_type,name1,name2,closure_start,closure_end");
      continue;
    }
    Closure cl;
    cl.where = file->at(r, 0);
    const std::string type = lower(r.fields[0].text);
    if (type == "country") {
      cl.type = Closure::country;
    } else if (type == "location") {
      cl.type = Closure::location;
    } else if (type == "link") {
      cl.type = Closure::link;
    } else if (type == "camp" || type == "idpcamp") {
      cl.type = Closure::camp;
    } else if (type == "remove_forced_redirection") {
      cl.type = Closure::forced;
    } else {
      rd.error(*file, r, 0,
               "unknown closure_type '" + r.fields[0].text +
                   "' (expected country, location, link, camp, idpcamp or "
                   "remove_forced_redirection)");
      continue;
    }
    cl.first = r.fields[1].text;
    cl.second = r.fields[2].text;
    bool ok = true;
    if (cl.type == Closure::country) {
      for (std::size_t i : {std::size_t{1}, std::size_t{2}}) {
        const std::string& n = r.fields[i].text;
        if (std::find(countries.begin(), countries.end(), n) == countries.end()) {
          rd.error(*file, r, i,
                   "unknown country '" + n + "' (no location in it)" + suggestion(n, countries));
          ok = false;
        }
      }
    } else {
      ok = known(rd, *file, r, 1, c) != kNone;
      if (cl.type == Closure::link || cl.type == Closure::forced) {
        ok = known(rd, *file, r, 2, c) != kNone && ok;
      }
    }
    const auto start = rd.day(*file, r, 3, "closure_start: a whole day >= 0", 0);
    const auto end = rd.day(*file, r, 4, "closure_end: a whole day >= 0, or -1 (never)", -1);
    if (!ok || !start || !end) continue;
    // As in Flee: applied on day closure_start, undone on day closure_end, whichever comes
    // first (an end before the start undoes nothing then, so the closure is never lifted).
    cl.start = *start;
    cl.end = *end;
    c.closures.push_back(cl);
  }
}

Series read_series(Reader& rd, const std::string& path, Date start) {
  Series s;
  s.file = path;
  const auto file = rd.open(path);
  if (!file) return s;
  for (const Row* row : records(*file)) {
    const Row& r = *row;
    const std::string& d = r.fields[0].text;
    const auto date = parse_date(d);
    if (!date) {
      if (row == &file->rows.front()) continue;  // the header (Date, DateTime, ...)
      rd.error(*file, r, 0, "expected a date yyyy-mm-dd, got '" + d + "'");
      continue;
    }
    if (r.fields.size() < 2 || r.fields[1].text.empty()) continue;  // no count that day
    const auto v = rd.number(*file, r, 1, "a count >= 0");
    if (!v) continue;
    if (*v < 0) {
      rd.error(*file, r, 1, "negative count (expected a number >= 0)");
      continue;
    }
    const std::int64_t day = (*date - start).count();
    if (!s.day.empty() && day <= s.day.back()) {
      rd.error(*file, r, 0, "dates must increase (this one is not after the previous row's)");
      continue;
    }
    s.day.push_back(day);
    s.value.push_back(*v);
  }
  if (s.day.empty())
    rd.out.add({path, 1, 1}, rd.key,
               fs::path(path).filename().string() + ": no dated value (expected rows date,count)");
  return s;
}

void read_validation(Reader& rd, const std::string& dir, Case& c) {
  const std::string layout = (fs::path(dir) / "data_layout.csv").string();
  const auto file = rd.open(layout);
  if (!file) return;
  const auto start = parse_date(c.start_date);
  if (!start) return;
  bool total = false;
  for (const Row* row : records(*file)) {
    const Row& r = *row;
    if (r.fields.size() != 2) {
      rd.error(*file, r, std::min<std::size_t>(r.fields.size() - 1, 2),
               "expected name,file (one data file per row)");
      continue;
    }
    const std::string path = (fs::path(dir) / r.fields[1].text).string();
    if (!fs::is_regular_file(path)) {
      rd.error(*file, r, 1, "no file '" + r.fields[1].text + "' in the validation folder");
      continue;
    }
    if (!total) {  // the first row: the total refugee count (Flee's convention)
      c.total = read_series(rd, path, *start);
      total = true;
      continue;
    }
    const std::size_t place = known(rd, *file, r, 0, c);
    if (place == kNone) continue;
    for (const auto& o : c.observed) {
      if (o.place == place) {
        rd.error(*file, r, 0, "location '" + r.fields[0].text + "' is listed twice");
      }
    }
    c.observed.push_back({place, read_series(rd, path, *start)});
  }
  if (!total) {
    rd.out.add({layout, 1, 1}, rd.key,
               "data_layout.csv: no row (expected total,<file of the refugee total> first, then "
               "one location,file row per validated location)");
  }
}

void read_corrections(Reader& rd, const std::string& path, Case& c) {
  if (!fs::is_regular_file(path)) return;
  const auto file = rd.open(path);
  if (!file) return;
  const auto start = parse_date(c.start_date);
  if (!start) return;
  for (const Row* row : records(*file)) {
    const Row& r = *row;
    if (r.fields.size() < 2 || r.fields.size() > 3 ||
        (r.fields.size() == 3 && lower(r.fields[2].text) != "normalize")) {
      rd.error(*file, r, 0, "expected name,date[,normalize]");
      continue;
    }
    const std::size_t place = known(rd, *file, r, 0, c);
    const auto date = parse_date(r.fields[1].text);
    if (!date) {
      rd.error(*file, r, 1, "expected a date yyyy-mm-dd, got '" + r.fields[1].text + "'");
      continue;
    }
    if (place == kNone) continue;
    auto it = std::find_if(c.observed.begin(), c.observed.end(),
                           [&](const Case::CampSeries& o) { return o.place == place; });
    if (it == c.observed.end()) {
      rd.error(*file, r, 0, "location '" + r.fields[0].text + "' has no validation series");
      continue;
    }
    // Flee's normalisation of level-1 registrations: every value before the first level-2
    // registration (the one dated `date`) is scaled by v_k / v_(k-1).
    Series& s = it->series;
    const std::int64_t day = (*date - *start).count();
    const auto k =
        static_cast<std::size_t>(std::find(s.day.begin(), s.day.end(), day) - s.day.begin());
    if (k == s.day.size()) {
      rd.error(*file, r, 1,
               "no value of " + fs::path(s.file).filename().string() + " is dated " +
                   r.fields[1].text + " (expected the first level-2 registration)");
      continue;
    }
    if (k == 0 || s.value[k - 1] <= 0) continue;
    const double factor = s.value[k] / s.value[k - 1];
    for (std::size_t j = 0; j < k; ++j) s.value[j] *= factor;
  }
}

}  // namespace

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::town:
      return "town";
    case Kind::conflict_zone:
      return "conflict_zone";
    case Kind::camp:
      return "camp";
    case Kind::idpcamp:
      return "idpcamp";
    case Kind::forwarding_hub:
      return "forwarding_hub";
    case Kind::marker:
      return "marker";
  }
  return "town";
}

double Series::at(std::int64_t d) const {
  if (day.empty()) return 0;
  if (d <= day.front()) return std::trunc(value.front());
  for (std::size_t i = 1; i < day.size(); ++i) {
    if (d < day[i]) {
      const double f =
          static_cast<double>(d - day[i - 1]) / static_cast<double>(day[i] - day[i - 1]);
      return std::trunc(value[i - 1] + f * (value[i] - value[i - 1]));
    }
  }
  return std::trunc(value.back());
}

std::size_t Case::find(const std::string& name) const {
  for (std::size_t i = 0; i < places.size(); ++i) {
    if (places[i].name == name) return i;
  }
  return kNone;
}

Case read_case(const std::string& input_dir, const std::string& validation_dir,
               const std::string& input_key, const std::string& validation_key) {
  DiagnosticList out;
  Case c;
  c.input_dir = input_dir;
  c.validation_dir = validation_dir;
  Reader in{out, input_key};
  if (!fs::is_directory(input_dir)) {
    throw UserError(Location{}, input_key,
                    "no folder '" + input_dir + "' (expected a Flee input_csv folder)");
  }
  if (!fs::is_directory(validation_dir)) {
    throw UserError(Location{}, validation_key,
                    "no folder '" + validation_dir + "' (expected a Flee validation folder)");
  }
  const auto path = [&](const char* name) { return (fs::path(input_dir) / name).string(); };
  read_locations(in, path("locations.csv"), c);
  // conflict_period.csv: the same file under its name in Flee 2 cases.
  read_period(in,
              in.exists(path("sim_period.csv")) || !in.exists(path("conflict_period.csv"))
                  ? path("sim_period.csv")
                  : path("conflict_period.csv"),
              c);
  if (!out.empty()) out.throw_if_any();  // everything else refers to these
  read_routes(in, path("routes.csv"), c);
  if (in.exists(path("conflicts.csv"))) read_conflicts(in, path("conflicts.csv"), c);
  if (in.exists(path("closures.csv"))) read_closures(in, path("closures.csv"), c);
  if (!c.intensity.empty() && static_cast<std::int64_t>(c.intensity.size()) < c.length) {
    out.add({path("conflicts.csv"), 1, 1}, input_key,
            "conflicts.csv: " + std::to_string(c.intensity.size()) +
                " days, fewer than the Length of sim_period.csv (" + std::to_string(c.length) +
                ")");
  }
  Reader val{out, validation_key};
  read_validation(val, validation_dir, c);
  read_corrections(in, path("registration_corrections.csv"), c);
  bool conflict = false;
  for (const auto& p : c.places) conflict = conflict || p.kind == Kind::conflict_zone;
  for (const auto& day : c.intensity) {
    for (double v : day) conflict = conflict || v > 0;
  }
  if (!conflict && out.empty()) {
    out.add({path("locations.csv"), 1, 1}, input_key,
            "no conflict zone (expected a conflict_zone location or a conflicts.csv column > 0: "
            "refugees spawn there)");
  }
  out.sort_by_location();
  out.throw_if_any();
  return c;
}

}  // namespace sahelsim::flee
