// A Flee case: the CSV input folder (locations, routes, conflicts, closures, sim_period,
// registration corrections) and the validation folder (data_layout.csv and the UNHCR
// series it names), in the format of Flee 2 and 3 (Suleimenova, Bell & Groen 2017;
// djgroen/flee conflict_input/ and conflict_validation/). docs/reproductions/flee-mali2012.md
// describes the format as read here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/errors.hpp"

namespace sahelsim::flee {

enum class Kind : std::uint8_t { town, conflict_zone, camp, idpcamp, forwarding_hub, marker };
[[nodiscard]] const char* kind_name(Kind kind);

struct Place {
  std::string name, region, country;
  double latitude = 0, longitude = 0;
  Kind kind = Kind::town;
  std::int64_t conflict_date = -1;  // day a conflict_zone starts (-1: none given)
  double population = 0;            // people; for camps and idp camps: the capacity
  Location where;
};

struct Route {
  std::size_t a = 0, b = 0;
  double km = 0;
  int forced = 0;  // 1: a -> b is a forced redirection, 2: b -> a
  Location where;
};

struct Closure {
  // country: every link between the two countries; location: every link of a location;
  // link: one route; camp: a camp works as a town; forced: a route's forced redirection off.
  enum Type : std::uint8_t { country, location, link, camp, forced } type = country;
  std::string first, second;  // countries, or location names
  // Applied on day `start`, undone on day `end` (in effect on [start, end); -1 or an end
  // before the start: never lifted, as in Flee).
  std::int64_t start = 0, end = -1;
  Location where;
};

// A dated series as days since the case's start date and values (UNHCR counts).
struct Series {
  std::string file;
  std::vector<std::int64_t> day;
  std::vector<double> value;
  // Linear interpolation in days, truncated to a whole number as Flee does; the first value
  // before the first date and the last after the last.
  [[nodiscard]] double at(std::int64_t d) const;
};

struct Case {
  std::string input_dir, validation_dir;
  std::string start_date;   // yyyy-mm-dd (sim_period.csv)
  std::int64_t length = 0;  // days (sim_period.csv)
  std::vector<Place> places;
  std::vector<Route> routes;
  std::vector<Closure> closures;
  // conflicts.csv: intensity[day][place] (empty when the file is absent); a place that is not
  // a column of the file has intensity -1 (its conflict_date decides).
  std::vector<std::vector<double>> intensity;
  Series total;  // the first row of data_layout.csv (the refugee total, refugees.csv)
  struct CampSeries {
    std::size_t place = 0;
    Series series;
  };
  std::vector<CampSeries> observed;  // the other rows, by place

  [[nodiscard]] std::size_t find(const std::string& name) const;  // npos when absent
};

// Reads and checks a case. Every problem is a UserError diagnostic located in the CSV file
// (file:line:col) under key `input_key` or `validation_key`; all are reported at once.
[[nodiscard]] Case read_case(const std::string& input_dir, const std::string& validation_dir,
                             const std::string& input_key, const std::string& validation_key);

}  // namespace sahelsim::flee
