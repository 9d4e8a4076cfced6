#include "report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>

#include "core/errors.hpp"
#include "core/format.hpp"
#include "core/version.hpp"
#include "experiment/compare.hpp"
#include "io/h5.hpp"
#include "io/results_reader.hpp"

namespace sahelsim {

namespace fs = std::filesystem;

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

// Text for a JSON string inside the page: HTML-escaped (so "<" never appears and the
// script element cannot be closed), with backslashes doubled for JSON.
std::string json_text(const std::string& text) {
  std::string out;
  for (char c : html_escape(text)) out += c == '\\' ? std::string("\\\\") : std::string(1, c);
  return out;
}

const char* const kColours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
                                "#9467bd", "#8c564b", "#e377c2", "#17becf"};

std::string px(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", v);
  return text;
}

struct Line {
  std::string label;
  std::vector<double> x, y, lo, hi;  // lo/hi empty: no band
  std::vector<std::string> dates;    // per record, with a calendar
};

struct Chart {
  std::string name, units, long_name;
  std::string group;  // the model's indicator group of the series ("" when none)
  std::vector<Line> lines;
};

struct Source {
  std::string path, label;
  std::vector<std::pair<std::string, std::string>> attributes;
  std::string scenario;  // resolved YAML, when the file has it
};

// "Nice" tick values covering [lo, hi] (Heckbert 1990).
std::vector<double> ticks(double lo, double hi, int wanted = 5) {
  if (!(hi > lo)) return {lo};
  const auto nice = [](double range, bool round) {
    const double exponent = std::floor(std::log10(range));
    const double fraction = range / std::pow(10.0, exponent);
    double n;
    if (round) {
      n = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
    } else {
      n = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
    }
    return n * std::pow(10.0, exponent);
  };
  const double step = nice(nice(hi - lo, false) / (wanted - 1), true);
  if (!std::isfinite(step) || !(step > 0)) return {lo};
  // Counted in whole steps, at most 4 * wanted: `v += step` stalls where step is below half
  // an ulp of v (values near 1e20 that differ in their last bits).
  std::vector<double> out;
  for (double k = std::ceil(lo / step);
       k * step <= hi + 1e-9 * step && out.size() < 4u * static_cast<unsigned>(wanted); ++k) {
    out.push_back(k * step);
  }
  return out;
}

std::string svg_chart(const Chart& chart, const std::map<std::string, std::string>& colour) {
  constexpr double W = 680, H = 260, L = 64, R = 12, T = 12, B = 34;
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  for (const auto& line : chart.lines) {
    for (std::size_t i = 0; i < line.x.size(); ++i) {
      x0 = std::min(x0, line.x[i]);
      x1 = std::max(x1, line.x[i]);
      for (double v : {line.y[i], line.lo.empty() ? line.y[i] : line.lo[i],
                       line.hi.empty() ? line.y[i] : line.hi[i]}) {
        if (std::isfinite(v)) {
          y0 = std::min(y0, v);
          y1 = std::max(y1, v);
        }
      }
    }
  }
  if (!std::isfinite(x0) || !std::isfinite(y0)) return "<p>(no values)</p>";
  if (x1 == x0) x1 = x0 + 1;
  if (y1 == y0) {  // a constant: centre it
    const double pad = y0 != 0.0 ? std::abs(y0) * 0.1 : 1.0;
    y0 -= pad;
    y1 += pad;
  }
  y0 = std::min(y0, 0.0 < y0 && y0 < 0.3 * y1 ? 0.0 : y0);
  const auto sx = [&](double x) { return L + (x - x0) / (x1 - x0) * (W - L - R); };
  const auto sy = [&](double y) { return H - B - (y - y0) / (y1 - y0) * (H - T - B); };
  std::string s = "<svg class=\"chart\" viewBox=\"0 0 680 260\" role=\"img\" aria-label=\"" +
                  html_escape(chart.name) + "\" data-x0=\"" + format_significant(x0, 12) +
                  "\" data-x1=\"" + format_significant(x1, 12) + "\">";
  for (double t : ticks(y0, y1)) {
    s += "<line x1=\"" + px(L) + "\" x2=\"" + px(W - R) + "\" y1=\"" + px(sy(t)) + "\" y2=\"" +
         px(sy(t)) + "\" class=\"grid\"/>";
    s += "<text x=\"" + px(L - 6) + "\" y=\"" + px(sy(t) + 4) + "\" class=\"ytick\">" +
         format_significant(t) + "</text>";
  }
  // Dates under the ticks when the first line has a calendar, step numbers otherwise.
  const Line& first = chart.lines.front();
  const bool dated = !first.dates.empty() && first.dates.size() == first.x.size();
  for (double t : ticks(x0, x1)) {
    std::string label = format_significant(t);
    if (dated) {
      const auto at = std::lower_bound(first.x.begin(), first.x.end(), t);
      if (at != first.x.end()) label = first.dates[static_cast<std::size_t>(at - first.x.begin())];
    }
    s += "<text x=\"" + px(sx(t)) + "\" y=\"" + px(H - B + 16) + "\" class=\"xtick\">" +
         html_escape(label) + "</text>";
  }
  s += "<text x=\"" + px((L + W - R) / 2) + "\" y=\"" + px(H - 4) + "\" class=\"xlabel\">" +
       (dated ? "date" : "steps") + "</text>";
  s += "<text x=\"12\" y=\"" + px((T + H - B) / 2) +
       "\" class=\"ylabel\" transform=\"rotate(-90 12 " + px((T + H - B) / 2) + ")\">" +
       html_escape(chart.units) + "</text>";
  for (const auto& line : chart.lines) {
    const std::string& c = colour.at(line.label);
    const std::size_t n = line.x.size();
    const std::size_t stride = std::max<std::size_t>(1, n / 1500);  // keep files small
    if (!line.lo.empty()) {
      std::string band;
      for (std::size_t i = 0; i < n; i += stride) {
        band.append(band.empty() ? "M" : "L")
            .append(px(sx(line.x[i])))
            .append(",")
            .append(px(sy(line.hi[i])));
      }
      for (std::size_t i = (n - 1) / stride * stride + 1; i-- > 0;) {
        if (i % stride != 0) continue;
        band.append("L").append(px(sx(line.x[i]))).append(",").append(px(sy(line.lo[i])));
      }
      s += "<path d=\"" + band + "Z\" fill=\"" + c + "\" fill-opacity=\"0.2\" stroke=\"none\"/>";
    }
    std::string path;
    for (std::size_t i = 0; i < n; i += stride) {
      if (!std::isfinite(line.y[i])) continue;
      path.append(path.empty() ? "M" : "L")
          .append(px(sx(line.x[i])))
          .append(",")
          .append(px(sy(line.y[i])));
    }
    s += "<path class=\"series\" d=\"" + path + "\" stroke=\"" + c +
         "\" fill=\"none\" stroke-width=\"1.5\"><title>" + html_escape(line.label) +
         "</title></path>";
  }
  s += "</svg>";
  return s;
}

// Each run or scenario as a point: outcome X against outcome Y at the end, with the
// 10-90 % ranges of sweeps as error bars.
std::string svg_tradeoff(const Chart& cx, const Chart& cy,
                         const std::map<std::string, std::string>& colour) {
  struct Point {
    std::string label;
    double x, y, x_lo, x_hi, y_lo, y_hi;
  };
  std::vector<Point> points;
  for (const auto& lx : cx.lines) {
    for (const auto& ly : cy.lines) {
      if (lx.label != ly.label || lx.y.empty() || ly.y.empty()) continue;
      const auto end = [](const std::vector<double>& v) { return v.empty() ? NAN : v.back(); };
      points.push_back({lx.label, end(lx.y), end(ly.y), lx.lo.empty() ? end(lx.y) : end(lx.lo),
                        lx.hi.empty() ? end(lx.y) : end(lx.hi),
                        ly.lo.empty() ? end(ly.y) : end(ly.lo),
                        ly.hi.empty() ? end(ly.y) : end(ly.hi)});
    }
  }
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  for (const auto& p : points) {
    x0 = std::min({x0, p.x_lo, p.x});
    x1 = std::max({x1, p.x_hi, p.x});
    y0 = std::min({y0, p.y_lo, p.y});
    y1 = std::max({y1, p.y_hi, p.y});
  }
  if (points.empty() || !std::isfinite(x0) || !std::isfinite(y0)) return {};
  const double padx = x1 > x0 ? 0.08 * (x1 - x0) : std::max(1.0, std::abs(x0) * 0.1);
  const double pady = y1 > y0 ? 0.08 * (y1 - y0) : std::max(1.0, std::abs(y0) * 0.1);
  x0 -= padx, x1 += padx, y0 -= pady, y1 += pady;
  constexpr double W = 680, H = 320, L = 64, R = 12, T = 12, B = 40;
  const auto sx = [&](double x) { return L + (x - x0) / (x1 - x0) * (W - L - R); };
  const auto sy = [&](double y) { return H - B - (y - y0) / (y1 - y0) * (H - T - B); };
  std::string s = "<svg class=\"chart tradeoff\" viewBox=\"0 0 680 320\" role=\"img\">";
  for (double t : ticks(y0, y1)) {
    s += "<line x1=\"" + px(L) + "\" x2=\"" + px(W - R) + "\" y1=\"" + px(sy(t)) + "\" y2=\"" +
         px(sy(t)) + "\" class=\"grid\"/><text x=\"" + px(L - 6) + "\" y=\"" + px(sy(t) + 4) +
         "\" class=\"ytick\">" + format_significant(t) + "</text>";
  }
  for (double t : ticks(x0, x1)) {
    s += "<text x=\"" + px(sx(t)) + "\" y=\"" + px(H - B + 16) + "\" class=\"xtick\">" +
         format_significant(t) + "</text>";
  }
  s += "<text x=\"" + px((L + W - R) / 2) + "\" y=\"" + px(H - 6) + "\" class=\"xlabel\">" +
       html_escape(cx.name) + " at the end</text>";
  s += "<text x=\"12\" y=\"" + px((T + H - B) / 2) +
       "\" class=\"ylabel\" transform=\"rotate(-90 12 " + px((T + H - B) / 2) + ")\">" +
       html_escape(cy.name) + " at the end</text>";
  for (const auto& p : points) {
    const std::string& c = colour.at(p.label);
    s += "<g class=\"tradeoff-point\"><title>" + html_escape(p.label) + ": " +
         format_significant(p.x) + ", " + format_significant(p.y) + "</title>";
    s += "<line x1=\"" + px(sx(p.x_lo)) + "\" x2=\"" + px(sx(p.x_hi)) + "\" y1=\"" + px(sy(p.y)) +
         "\" y2=\"" + px(sy(p.y)) + "\" stroke=\"" + c + "\"/>";
    s += "<line x1=\"" + px(sx(p.x)) + "\" x2=\"" + px(sx(p.x)) + "\" y1=\"" + px(sy(p.y_lo)) +
         "\" y2=\"" + px(sy(p.y_hi)) + "\" stroke=\"" + c + "\"/>";
    s += "<circle cx=\"" + px(sx(p.x)) + "\" cy=\"" + px(sy(p.y)) + "\" r=\"5\" fill=\"" + c +
         "\"/>";
    // The name beside the point, to the left of points in the right half.
    const bool left = sx(p.x) > (L + W - R) / 2;
    s.append("<text class=\"tradeoff-label\" x=\"")
        .append(px(sx(p.x) + (left ? -9 : 9)))
        .append("\" y=\"")
        .append(px(sy(p.y) - 7))
        .append("\" text-anchor=\"")
        .append(left ? "end" : "start")
        .append("\" fill=\"")
        .append(c)
        .append("\">")
        .append(html_escape(p.label))
        .append("</text></g>");
  }
  return s + "</svg>";
}

// Records a damaged or interrupted file holds only partly: each line keeps the records that
// all its vectors have.
void common_length(Line& line) {
  std::size_t n = std::min(line.x.size(), line.y.size());
  if (!line.lo.empty() || !line.hi.empty()) n = std::min({n, line.lo.size(), line.hi.size()});
  line.x.resize(n);
  line.y.resize(n);
  if (!line.lo.empty() || !line.hi.empty()) {
    line.lo.resize(n);
    line.hi.resize(n);
  }
}

// The series of a run file.
void add_run(const ResultsFile& file, const std::string& label,
             std::map<std::string, Chart>& charts, std::vector<std::string>& order) {
  const auto steps = file.steps();
  std::vector<double> x(steps.begin(), steps.end());
  const std::vector<std::string> dates = file.dates();
  for (const auto& name : file.series_names()) {
    const SeriesData data = file.series(name);
    Chart& chart = charts[name];
    if (chart.name.empty()) {
      chart.name = name;
      chart.units = data.units;
      chart.long_name = data.long_name;
      const std::string path = "series/" + name;
      h5::Handle dataset(H5Dopen2(file.id(), path.c_str(), H5P_DEFAULT), "open " + path);
      if (h5::has_attribute(dataset.id(), "group")) {
        chart.group = h5::read_string_attribute(dataset.id(), "group");
      }
      order.push_back(name);
    }
    chart.lines.push_back({label, x, data.values, {}, {}, dates});
    common_length(chart.lines.back());
  }
}

// One run alone: the series of one indicator group become one chart, a line per series
// (several runs or sweeps keep one chart per series, a line per run or scenario).
void group_charts(std::map<std::string, Chart>& charts, std::vector<std::string>& order) {
  std::vector<std::string> grouped;
  std::map<std::string, std::string> chart_of_group;
  for (const auto& name : order) {
    const Chart& member = charts[name];
    if (member.group.empty() || member.lines.size() != 1) {
      grouped.push_back(name);
      continue;
    }
    const std::string key = "group: " + member.group;
    if (!chart_of_group.count(member.group)) {
      chart_of_group[member.group] = key;
      Chart& chart = charts[key];
      chart.name = member.group;
      chart.units = member.units;
      grouped.push_back(key);
    }
    Chart& chart = charts[key];
    Line line = member.lines.front();
    line.label = name;
    chart.lines.push_back(std::move(line));
    chart.long_name += (chart.long_name.empty() ? "" : ", ") + name;
  }
  order = std::move(grouped);
}

// Medians and 10-90 % bands of each point of a sweep index.
void add_sweep(const ResultsFile& file, const std::string& label,
               std::map<std::string, Chart>& charts, std::vector<std::string>& order,
               std::vector<std::string>& labels) {
  const hid_t id = file.id();
  if (!h5::exists(id, "summary")) return;
  const std::vector<std::string> point_labels = sweep_point_labels(file);
  for (const auto& group : h5::member_names(id, "summary")) {
    // Groups are named point-<index>; anything else gets no point label.
    std::size_t p = point_labels.size();
    const std::string digits = group.substr(group.find('-') + 1);
    if (!digits.empty() && digits.size() < 10 &&
        digits.find_first_not_of("0123456789") == std::string::npos) {
      p = std::stoul(digits);
    }
    const std::string point = label + (p < point_labels.size() ? point_labels[p] : "");
    const std::string base = "summary/" + group;
    if (!h5::exists(id, base + "/step")) continue;
    const auto steps = h5::read_int64s(id, base + "/step");
    std::vector<double> x(steps.begin(), steps.end());
    labels.push_back(point);
    for (const auto& name : h5::member_names(id, base)) {
      if (name == "step") continue;
      Chart& chart = charts[name];
      if (chart.name.empty()) {
        chart.name = name;
        order.push_back(name);
      }
      chart.lines.push_back({point,
                             x,
                             h5::read_doubles(id, base + "/" + name + "/median"),
                             h5::read_doubles(id, base + "/" + name + "/q10"),
                             h5::read_doubles(id, base + "/" + name + "/q90"),
                             {}});
      common_length(chart.lines.back());
    }
  }
}

// The words of a dataset's CF flag_meanings attribute (none without it).
std::vector<std::string> flag_meanings(hid_t dataset) {
  std::vector<std::string> words;
  if (!h5::has_attribute(dataset, "flag_meanings")) return words;
  const std::string meanings = h5::read_string_attribute(dataset, "flag_meanings");
  for (std::size_t a = 0; a <= meanings.size();) {
    const std::size_t b = std::min(meanings.find(' ', a), meanings.size());
    words.push_back(meanings.substr(a, b - a));
    a = b + 1;
  }
  return words;
}

// One map of a run file as JSON for the player (values 0-254; 255: no value), keeping an
// even subset of its snapshots within `max_values` cell values (at least two snapshots).
std::string map_json(const ResultsFile& file, const std::string& name, std::size_t max_values) {
  const hid_t id = file.id();
  const std::string path = "maps/" + name;
  h5::Handle dataset(H5Dopen2(id, path.c_str(), H5P_DEFAULT), "open " + path);
  const auto shape = h5::dataset_shape(dataset.id());
  if (shape.size() != 3 || shape[0] == 0) return {};
  const std::vector<double> values = h5::read_doubles(id, path);
  const auto times = h5::read_int64s(id, "map_time");
  const std::size_t frames = shape[0], cells = shape[1] * shape[2];
  if (cells == 0 || values.size() != frames * cells) return {};
  const std::size_t keep = std::min(frames, std::max<std::size_t>(2, max_values / cells));
  const std::vector<std::string> categories = flag_meanings(dataset.id());
  double lo = INFINITY, hi = -INFINITY;
  if (categories.empty()) {
    for (double v : values) {
      if (std::isfinite(v)) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
    }
    if (!(hi > lo)) hi = lo + 1;
  }
  // Skewed counts (people, fighters: a capital city beside empty desert) are drawn on a log
  // scale, or every cell but the largest would look empty.
  bool log_scale = false;
  if (categories.empty() && lo >= 0) {
    std::vector<double> positive;
    for (std::size_t i = 0; i < values.size(); i += 7) {
      if (std::isfinite(values[i]) && values[i] > 0) positive.push_back(values[i]);
    }
    if (!positive.empty()) {
      auto middle = positive.begin() + static_cast<std::ptrdiff_t>(positive.size() / 2);
      std::nth_element(positive.begin(), middle, positive.end());
      log_scale = hi > 100.0 * *middle;
    }
  }
  const auto scaled = [&](double v) {
    return log_scale ? std::log10(1.0 + v - lo) / std::log10(1.0 + hi - lo) : (v - lo) / (hi - lo);
  };
  std::string long_name;
  if (h5::has_attribute(dataset.id(), "long_name")) {
    long_name = h5::read_string_attribute(dataset.id(), "long_name");
  }
  std::string json = "{\"name\":\"" + json_text(name) + "\",\"long_name\":\"" +
                     json_text(long_name) + "\",\"w\":" + std::to_string(shape[2]) +
                     ",\"h\":" + std::to_string(shape[1]) + ",\"categories\":[";
  for (std::size_t c = 0; c < categories.size(); ++c) {
    json += (c ? ",\"" : "\"") + json_text(categories[c]) + "\"";
  }
  json += std::string("],\"log\":") + (log_scale ? "true" : "false") + ",\"range\":[" +
          format_significant(categories.empty() ? lo : 0) + "," +
          format_significant(categories.empty() ? hi : 0) + "],\"times\":[";
  std::string frames_json;
  for (std::size_t k = 0; k < keep; ++k) {
    const std::size_t f = keep == 1 ? 0 : k * (frames - 1) / (keep - 1);
    json += (k ? "," : "") + std::to_string(f < times.size() ? times[f] : 0);
    frames_json += k ? ",\"" : "\"";
    static const char* hex = "0123456789abcdef";
    for (std::size_t c = 0; c < cells; ++c) {
      const double v = values[f * cells + c];
      int code;
      if (!std::isfinite(v)) {
        code = 255;
      } else if (!categories.empty()) {
        code = static_cast<int>(std::clamp(v, 0.0, 254.0));
      } else {
        code = static_cast<int>(std::lround(std::clamp(scaled(v), 0.0, 1.0) * 254.0));
      }
      frames_json += hex[code >> 4];
      frames_json += hex[code & 15];
    }
    frames_json += "\"";
  }
  json += "],\"frames\":[" + frames_json + "]}";
  return json;
}

// What a geographic file draws over its maps: region outlines (cells on a region's edge)
// and the towns, as JSON members; empty for files without a map of Mali.
std::string overlay_json(const ResultsFile& file) {
  const hid_t id = file.id();
  if (!h5::exists(id, "grid/region")) return {};
  h5::Handle grid(H5Gopen2(id, "grid", H5P_DEFAULT), "open grid");
  const auto w = static_cast<std::size_t>(h5::read_int_attribute(grid.id(), "width"));
  const auto h = static_cast<std::size_t>(h5::read_int_attribute(grid.id(), "height"));
  const auto region = h5::read_doubles(id, "grid/region");
  if (region.size() != w * h) throw h5::Error("HDF5: grid/region does not match the grid's size");
  std::string outline;
  for (std::size_t c = 0; c < w * h; ++c) {
    const std::size_t x = c % w, y = c / w;
    const bool edge =
        region[c] > 0 &&
        ((x + 1 < w && region[c + 1] != region[c]) || (y + 1 < h && region[c + w] != region[c]) ||
         (x > 0 && region[c - 1] != region[c]) || (y > 0 && region[c - w] != region[c]));
    outline += edge ? '1' : '0';
  }
  std::string towns;
  if (h5::exists(id, "places/towns/town")) {
    const auto names = h5::read_strings(id, "places/towns/town");
    const auto row = h5::read_doubles(id, "places/towns/row");
    const auto column = h5::read_doubles(id, "places/towns/column");
    const auto people = h5::read_doubles(id, "places/towns/population");
    if (row.size() != names.size() || column.size() != names.size() ||
        people.size() != names.size()) {
      throw h5::Error("HDF5: the columns of places/towns differ in length");
    }
    for (std::size_t t = 0; t < names.size(); ++t) {
      towns += std::string(towns.empty() ? "" : ",") + "[" + format_significant(column[t], 6) +
               "," + format_significant(row[t], 6) + ",\"" + json_text(names[t]) + "\"," +
               format_significant(people[t], 10) + "]";
    }
  }
  return "\"outline\":\"" + outline + "\",\"towns\":[" + towns + "]";
}

// Every map of a run file for the player: {"maps": [...], "outline": ..., "towns": ...}.
// The snapshots kept are shared out evenly between the maps.
std::string maps_json(const ResultsFile& file, std::size_t max_values) {
  const hid_t id = file.id();
  if (!h5::exists(id, "maps")) return {};
  const auto names = h5::member_names(id, "maps");
  if (names.empty()) return {};
  std::string json = "{\"maps\":[";
  for (std::size_t m = 0; m < names.size(); ++m) {
    json += (m ? "," : "") + map_json(file, names[m], max_values / names.size());
  }
  json += "]";
  const std::string overlay = overlay_json(file);
  if (!overlay.empty()) json += "," + overlay;
  return json + "}";
}

// A geography file (sahelsim geo -o) as a one-frame map: population on a log scale, with
// region outlines and towns.
std::string geography_json(const ResultsFile& file) {
  const hid_t id = file.id();
  h5::Handle grid(H5Gopen2(id, "grid", H5P_DEFAULT), "open grid");
  const auto w = static_cast<std::size_t>(h5::read_int_attribute(grid.id(), "width"));
  const auto h = static_cast<std::size_t>(h5::read_int_attribute(grid.id(), "height"));
  const auto population = h5::read_doubles(id, "grid/population");
  const auto land = h5::read_doubles(id, "grid/land");
  if (population.size() != w * h || land.size() != w * h) {
    throw h5::Error("HDF5: grid/population or grid/land does not match the grid's size");
  }
  double top = 1.0;
  for (double v : population) top = std::max(top, v);
  static const char* hex = "0123456789abcdef";
  std::string frame;
  for (std::size_t c = 0; c < w * h; ++c) {
    int code = 255;
    if (land[c] > 0) {
      code = static_cast<int>(
          std::lround(std::log10(1.0 + population[c]) / std::log10(1.0 + top) * 254.0));
    }
    frame += hex[code >> 4];
    frame += hex[code & 15];
  }
  return "{\"maps\":[{\"name\":\"population (log scale)\",\"long_name\":\"people on the "
         "cell\",\"w\":" +
         std::to_string(w) + ",\"h\":" + std::to_string(h) + ",\"categories\":[],\"range\":[0," +
         format_significant(top, 10) + "],\"times\":[0],\"frames\":[\"" + frame + "\"]}]," +
         overlay_json(file) + "}";
}

// The events of a run file, totalled by step and kind, for the hover box of the charts:
// {"kinds": [...], "steps": [[step, total of kind 0, total of kind 1, ...], ...]}.
constexpr std::size_t kMaxEventKinds = 4096;

std::string events_json(const ResultsFile& file) {
  const hid_t id = file.id();
  if (!h5::exists(id, "events/step")) return {};
  const auto steps = h5::read_int64s(id, "events/step");
  if (steps.empty()) return {};
  const auto kinds = h5::read_int64s(id, "events/kind");
  const auto counts = h5::read_int64s(id, "events/count");
  if (kinds.size() != steps.size() || counts.size() != steps.size()) {
    throw h5::Error("HDF5: the columns of events differ in length");
  }
  const h5::Handle kind(H5Dopen2(id, "events/kind", H5P_DEFAULT), "open events/kind");
  std::vector<std::string> names = flag_meanings(kind.id());
  std::map<std::int64_t, std::vector<std::int64_t>> totals;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const auto k = static_cast<std::size_t>(std::max<std::int64_t>(0, kinds[i]));
    if (k >= kMaxEventKinds) throw h5::Error("HDF5: events/kind out of range");
    while (names.size() <= k) names.push_back("kind" + std::to_string(names.size()));
    auto& row = totals[steps[i]];
    row.resize(names.size(), 0);
    row[k] += counts[i];
  }
  std::string json = "{\"kinds\":[";
  for (std::size_t k = 0; k < names.size(); ++k) {
    json.append(k ? ",\"" : "\"").append(json_text(names[k])).append("\"");
  }
  json += "],\"steps\":[";
  bool first = true;
  for (auto& [step, row] : totals) {
    row.resize(names.size(), 0);
    json.append(first ? "[" : ",[").append(std::to_string(step));
    for (auto v : row) json.append(",").append(std::to_string(v));
    json.append("]");
    first = false;
  }
  return json + "]}";
}

constexpr const char* kEventsScript = R"(
(function(){
  var data = JSON.parse(document.getElementById('events-data').textContent);
  var box = document.getElementById('events-box');
  var steps = data.steps.map(function(r){ return r[0]; });
  function nearest(step, tolerance) {
    var lo = 0, hi = steps.length - 1;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (steps[mid] < step) lo = mid + 1; else hi = mid; }
    var best = -1;
    [lo - 1, lo].forEach(function(i){
      if (i >= 0 && i < steps.length && Math.abs(steps[i] - step) <= tolerance &&
          (best < 0 || Math.abs(steps[i] - step) < Math.abs(steps[best] - step))) best = i;
    });
    return best;
  }
  document.querySelectorAll('svg.chart[data-x0]').forEach(function(svg){
    svg.addEventListener('mousemove', function(e){
      var rect = svg.getBoundingClientRect(), x0 = +svg.dataset.x0, x1 = +svg.dataset.x1;
      var vx = (e.clientX - rect.left) / rect.width * 680;
      var step = x0 + (vx - 64) / (680 - 64 - 12) * (x1 - x0);
      var i = nearest(step, (x1 - x0) / 150);
      if (i < 0) { box.textContent = 'step ' + Math.round(step) + ': no events'; return; }
      var row = data.steps[i], parts = [];
      for (var k = 0; k < data.kinds.length; k++) if (row[k + 1] > 0) parts.push(row[k + 1] + ' ' + data.kinds[k]);
      box.textContent = 'step ' + row[0] + ': ' + parts.join(', ');
    });
  });
  var totals = data.kinds.map(function(){ return 0; });
  data.steps.forEach(function(r){ for (var k = 0; k < data.kinds.length; k++) totals[k] += r[k + 1]; });
  box.textContent = 'Events over the run: ' + data.kinds.map(function(name, k){ return totals[k] + ' ' + name; }).join(', ') +
                    '. Point at a chart to see the events of that step.';
})();
)";

constexpr const char* kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1100px;padding:1em 1.5em;color:#222}
h1{font-size:1.5em} h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ddd}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(460px,1fr));gap:1em}
figure{margin:0} figcaption{font-weight:600;margin-bottom:.2em} figcaption small{font-weight:400;color:#666}
svg.chart{width:100%;height:auto;background:#fff} svg.tradeoff{max-width:720px}
.grid{stroke:#e5e5e5} .ytick{font-size:10px;text-anchor:end;fill:#555} .xtick{font-size:10px;text-anchor:middle;fill:#555}
.xlabel,.ylabel{font-size:11px;text-anchor:middle;fill:#333} .tradeoff-label{font-size:12px}
.legend span{display:inline-block;margin-right:1.2em} figcaption .legend{font-weight:400;font-size:.8em} .legend i{display:inline-block;width:1.2em;height:.5em;margin-right:.3em;vertical-align:middle}
table{border-collapse:collapse;font-size:.9em} td,th{padding:.15em .6em;border-bottom:1px solid #eee;text-align:left}
pre{background:#f6f6f6;padding:.6em;overflow:auto;font-size:.85em}
#map canvas{image-rendering:pixelated;border:1px solid #ccc} #map .controls{margin:.5em 0}
#events-box{position:sticky;top:0;background:#fffbe6;border:1px solid #eedc82;padding:.3em .6em;font-size:.9em;z-index:1}
)";

constexpr const char* kMapScript = R"(
(function(){
  var all = JSON.parse(document.getElementById('map-data').textContent);
  var canvas = document.getElementById('map-canvas'), ctx = canvas.getContext('2d');
  var slider = document.getElementById('map-slider'), label = document.getElementById('map-time');
  var button = document.getElementById('map-play'), select = document.getElementById('map-select');
  var legend = document.getElementById('map-legend');
  var data = all.maps[0];
  var scale = Math.max(1, Math.floor(520 / Math.max(data.w, data.h)));
  canvas.width = data.w * scale; canvas.height = data.h * scale;
  var palette = ['#ffffff','#9ecae1','#d62728','#2c2c2c','#ff7f0e','#2ca02c','#9467bd','#8c564b'];
  function colour(code) {
    if (code === 255) return null;
    if (data.categories.length) return palette[code % palette.length];
    var t = code / 254, r = Math.round(68 + t * 185), g = Math.round(1 + t * 230), b = Math.round(84 + t * (36 - 84));
    return 'rgb(' + r + ',' + g + ',' + b + ')';
  }
  function draw(k) {
    var frame = data.frames[k];
    ctx.fillStyle = '#eeeeee'; ctx.fillRect(0, 0, canvas.width, canvas.height);
    for (var y = 0; y < data.h; y++) for (var x = 0; x < data.w; x++) {
      var i = y * data.w + x, code = parseInt(frame.substr(2 * i, 2), 16), c = colour(code);
      if (c === null) continue;
      ctx.fillStyle = c; ctx.fillRect(x * scale, (data.h - 1 - y) * scale, scale, scale);
    }
    if (all.outline) {
      ctx.fillStyle = 'rgba(0,0,0,0.55)';
      for (var j = 0; j < all.outline.length; j++) if (all.outline.charAt(j) === '1')
        ctx.fillRect((j % data.w) * scale, (data.h - 1 - Math.floor(j / data.w)) * scale, scale, scale);
    }
    (all.towns || []).forEach(function(t){
      var cx = (t[0] + 0.5) * scale, cy = (data.h - 0.5 - t[1]) * scale;
      ctx.fillStyle = '#d62728'; ctx.beginPath(); ctx.arc(cx, cy, Math.max(2, scale), 0, 7); ctx.fill();
      if (t[3] >= 100000) { ctx.fillStyle = '#111'; ctx.font = '11px sans-serif'; ctx.fillText(t[2], cx + 4, cy - 4); }
    });
    label.textContent = data.frames.length > 1 ? data.name + ', step ' + data.times[k] : data.name;
  }
  function show(m) {
    data = all.maps[m];
    legend.textContent = '';
    if (data.categories.length) {
      data.categories.forEach(function(name, c){
        var span = document.createElement('span'), swatch = document.createElement('i');
        swatch.style.background = palette[c % palette.length]; span.appendChild(swatch);
        span.appendChild(document.createTextNode(name)); legend.appendChild(span);
      });
    } else {
      var span = document.createElement('span');
      span.textContent = (data.long_name || data.name) + ': ' + data.range[0] + ' (dark) to ' +
                         data.range[1] + ' (light)' + (data.log ? ', log scale' : '') + '; grey: no value';
      legend.appendChild(span);
    }
    slider.max = data.frames.length - 1;
    if (+slider.value > data.frames.length - 1) slider.value = data.frames.length - 1;
    draw(+slider.value);
  }
  all.maps.forEach(function(m, i){
    var option = document.createElement('option');
    option.value = i; option.textContent = m.name; select.appendChild(option);
  });
  if (all.maps.length < 2) select.style.display = 'none';
  select.addEventListener('change', function(){ show(+select.value); });
  slider.value = 0;
  slider.addEventListener('input', function(){ draw(+slider.value); });
  var timer = null;
  button.addEventListener('click', function(){
    if (timer) { clearInterval(timer); timer = null; button.textContent = 'Play'; return; }
    button.textContent = 'Pause';
    timer = setInterval(function(){
      slider.value = (+slider.value + 1) % data.frames.length; draw(+slider.value);
    }, 200);
  });
  show(0);
})();
)";

// Opened with #selftest, the page drives itself as a user would - the map's last frame by
// the slider, its second indicator by the menu, the pointer on the first chart - and writes
// what it then shows into <pre id="selftest">: for headless browser tests (--dump-dom).
constexpr const char* kSelfTestScript = R"(
(function(){
  if (location.hash !== '#selftest') return;
  var out = {};
  var slider = document.getElementById('map-slider'), select = document.getElementById('map-select');
  if (slider) {
    out.map_frames = +slider.max + 1;
    slider.value = slider.max; slider.dispatchEvent(new Event('input'));
    out.map_label_last = document.getElementById('map-time').textContent;
    if (select && select.options.length > 1) {
      select.value = '1'; select.dispatchEvent(new Event('change'));
      out.map_selected = select.options[1].textContent;
      out.map_label_second = document.getElementById('map-time').textContent;
    }
    var canvas = document.getElementById('map-canvas');
    var pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data, colours = {};
    for (var i = 0; i < pixels.length; i += 4 * 97) colours[pixels[i] + ',' + pixels[i + 1] + ',' + pixels[i + 2]] = 1;
    out.map_colours = Object.keys(colours).length;
    out.map_legend = document.getElementById('map-legend').textContent;
  }
  var svg = document.querySelector('svg.chart[data-x0]'), box = document.getElementById('events-box');
  if (svg && box) {
    var rect = svg.getBoundingClientRect();
    svg.dispatchEvent(new MouseEvent('mousemove', {clientX: rect.left + rect.width * 0.5,
                                                   clientY: rect.top + rect.height * 0.5, bubbles: true}));
    out.events_box = box.textContent;
  }
  out.charts = document.querySelectorAll('figure.indicator').length;
  var pre = document.createElement('pre');
  pre.id = 'selftest'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
)";

}  // namespace

std::string render_report(const std::vector<std::string>& files, const ReportOptions& options) {
  std::map<std::string, Chart> charts;
  std::vector<std::string> order, labels;
  std::vector<Source> sources;
  std::string map, events;
  int sweeps = 0;
  for (const auto& path : files) {
    // A damaged file: a UserError naming it (reading_results).
    reading_results(path, [&] {
      const ResultsFile file(path);
      Source source;
      source.path = path;
      for (const auto& name : file.attribute_names()) {
        source.attributes.emplace_back(name, file.attribute(name));
      }
      const std::string content = h5::has_attribute(file.id(), "content")
                                      ? h5::read_string_attribute(file.id(), "content")
                                      : "";
      std::string label = fs::path(path).stem().string();
      if (content == "sweep") {
        ++sweeps;
        label = h5::read_string_attribute(file.id(), "sweep_name");
        add_sweep(file, label, charts, order, labels);
        source.scenario = h5::read_text(file.id(), "sweep/text");
      } else if (h5::exists(file.id(), "step")) {
        if (h5::has_attribute(file.id(), "scenario_name")) {
          label = h5::read_string_attribute(file.id(), "scenario_name");
        }
        // Two files with one name stay apart.
        for (int n = 2; std::find(labels.begin(), labels.end(), label) != labels.end(); ++n) {
          label = label + " (" + std::to_string(n) + ")";
        }
        // An interrupted run says so in every chart's legend.
        if (!file.complete()) label.append(" (incomplete)");
        labels.push_back(label);
        add_run(file, label, charts, order);
        source.scenario = file.resolved_scenario();
        if (map.empty()) map = maps_json(file, options.max_map_values);
        if (events.empty()) events = events_json(file);
      } else if (content == "geography") {
        if (h5::has_attribute(file.id(), "scenario_name")) {
          label = h5::read_string_attribute(file.id(), "scenario_name");
        }
        source.scenario = h5::read_text(file.id(), "scenario/resolved");
        if (map.empty()) map = geography_json(file);
      } else {
        throw UserError({path, 0, 0}, "",
                        "holds no runs (expected a run file, a sweep index or a geography)");
      }
      source.label = label;
      sources.push_back(std::move(source));
    });
  }
  std::map<std::string, std::string> colour;
  for (std::size_t i = 0; i < labels.size(); ++i) colour[labels[i]] = kColours[i % 8];
  const bool one_run = labels.size() == 1 && sweeps == 0;
  if (one_run) group_charts(charts, order);

  const std::string title =
      options.title.empty()
          ? (sources.size() == 1 ? sources.front().label
                                 : std::to_string(sources.size()) + " results compared")
          : options.title;
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  h += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
       "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">";
  h += "<title>" + html_escape(title) + " - sahelsim report</title><style>" + kStyle +
       "</style></head><body>";
  h += "<h1>" + html_escape(title) + "</h1>";
  h += "<p>sahelsim " + html_escape(std::string(engine_version())) + " report of " +
       std::to_string(sources.size()) +
       " file(s). Lines are single runs; for sweeps, the "
       "median across replicates with its 10&ndash;90&nbsp;% band.</p>";
  h += "<div class=\"legend\">";
  for (const auto& l : labels) {
    h += "<span><i style=\"background:" + colour[l] + "\"></i>" + html_escape(l) + "</span>";
  }
  h += "</div>";
  if (!order.empty()) h += "<h2>Indicators</h2>";
  if (!events.empty() && !order.empty()) {
    h += "<div id=\"events-box\" aria-live=\"polite\"></div>";
  }
  h += "<div class=\"charts\">";
  for (const auto& name : order) {
    const Chart& chart = charts[name];
    if (one_run && !chart.lines.empty() && chart.lines.front().label != labels.front()) {
      // An indicator group: a line per series, with its own legend.
      std::map<std::string, std::string> series_colour;
      std::string legend;
      for (std::size_t k = 0; k < chart.lines.size(); ++k) {
        const std::string& series = chart.lines[k].label;
        series_colour[series] = kColours[k % 8];
        legend.append("<span><i style=\"background:")
            .append(kColours[k % 8])
            .append("\"></i>")
            .append(html_escape(series))
            .append("</span>");
      }
      h.append("<figure class=\"indicator group\" data-series=\"")
          .append(html_escape(chart.name))
          .append("\"><figcaption>")
          .append(html_escape(chart.name))
          .append(chart.units.empty() ? "" : " <small>[" + html_escape(chart.units) + "]</small>")
          .append("<div class=\"legend\">")
          .append(legend)
          .append("</div></figcaption>")
          .append(svg_chart(chart, series_colour))
          .append("</figure>");
      continue;
    }
    h += "<figure class=\"indicator\" data-series=\"" + html_escape(name) + "\"><figcaption>" +
         html_escape(name) + " <small>" + html_escape(chart.long_name) +
         (chart.units.empty() ? "" : " [" + html_escape(chart.units) + "]") +
         "</small></figcaption>" + svg_chart(chart, colour) + "</figure>";
  }
  h += "</div>";
  std::vector<std::string> pair = options.tradeoff;
  if (pair.empty() && labels.size() > 1 && order.size() > 1) pair = {order[0], order[1]};
  if (pair.size() == 2) {
    for (const auto& name : pair) {
      if (!charts.count(name)) {
        throw UserError({"--tradeoff", 0, 0}, "--tradeoff",
                        "no series '" + name + "'" + suggestion(name, order));
      }
    }
    const std::string view = svg_tradeoff(charts[pair[0]], charts[pair[1]], colour);
    if (!view.empty()) {
      h += "<h2>Trade-off</h2><p>Each run or scenario at the end: " + html_escape(pair[0]) +
           " against " + html_escape(pair[1]) +
           "; bars span the 10&ndash;90&nbsp;% range across replicates.</p><figure>" + view +
           "</figure>";
    }
  }
  if (!map.empty()) {
    h += "<h2>Map</h2><div id=\"map\"><div class=\"controls\"><select id=\"map-select\" "
         "aria-label=\"indicator\"></select> <button id=\"map-play\" "
         "type=\"button\">Play</button> <input id=\"map-slider\" type=\"range\" min=\"0\" "
         "value=\"0\" aria-label=\"time\"> <span id=\"map-time\"></span></div>"
         "<canvas id=\"map-canvas\"></canvas><div id=\"map-legend\" class=\"legend\"></div></div>";
    // JSON inside a script element: "<" never appears in it (names are escaped), so it
    // cannot close the element.
    h += "<script type=\"application/json\" id=\"map-data\">" + map + "</script>";
    h += std::string("<script>") + kMapScript + "</script>";
  }
  if (!events.empty() && !order.empty()) {
    h += "<script type=\"application/json\" id=\"events-data\">" + events + "</script>";
    h += std::string("<script>") + kEventsScript + "</script>";
  }
  h += std::string("<script>") + kSelfTestScript + "</script>";
  h += "<h2>Scenarios and provenance</h2>";
  for (const auto& s : sources) {
    h += "<details><summary>" + html_escape(s.label) + " <small>(" + html_escape(s.path) +
         ")</small></summary><table>";
    for (const auto& [k, v] : s.attributes) {
      h += "<tr><th>" + html_escape(k) + "</th><td>" + html_escape(v) + "</td></tr>";
    }
    h += "</table><pre>" + html_escape(s.scenario) + "</pre></details>";
  }
  h += "</body></html>\n";
  return h;
}

}  // namespace sahelsim
