#include "results_writer.hpp"

#include <cassert>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "core/version.hpp"
#include "geography_writer.hpp"

namespace sahelsim {

namespace fs = std::filesystem;

namespace {

constexpr hsize_t kRecordChunk = 1024;
constexpr std::size_t kEventFlush = 1 << 16;
constexpr int kGzipLevel = 4;

std::string kind_name(SeriesKind kind) {
  return kind == SeriesKind::stock ? "stock" : "flow";
}

// Fails early, with a message for people, when the results cannot go where asked.
void prepare_destination(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    throw UserError({path, 0, 0}, "",
                    "is a directory (expected a results file name such as out.h5)");
  }
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty() && !fs::exists(parent, ec)) {
    fs::create_directories(parent, ec);
    if (ec) {
      throw UserError({path, 0, 0}, "",
                      "cannot create the folder " + parent.string() + " (" + ec.message() + ")");
    }
  }
  const std::string partial = path + ".partial";
  std::ofstream probe(partial, std::ios::binary | std::ios::trunc);
  if (!probe) {
    throw UserError({partial, 0, 0}, "",
                    std::string("cannot write the results file (") + std::strerror(errno) + ")");
  }
  // An earlier run's results at the same path go now: whatever happens to this run, a
  // NAME.h5 that is there belongs to it and is complete.
  fs::remove(path, ec);
}

}  // namespace

void write_provenance(hid_t root, const std::string& content, const std::string& title) {
  h5::write_attribute(root, "format", std::string("sahelsim"));
  h5::write_attribute(root, "format_version", std::int32_t{kResultsFormatVersion});
  h5::write_attribute(root, "content", content);
  h5::write_attribute(root, "engine_version", std::string(engine_version()));
  h5::write_attribute(root, "git_commit", std::string(git_commit()));
  h5::write_attribute(root, "created_utc", h5::utc_timestamp());
  h5::write_attribute(root, "complete", std::int32_t{0});
  h5::write_attribute(root, "Conventions", std::string("CF-1.8"));
  h5::write_attribute(root, "title", title);
}

void write_scenario_group(hid_t root, const std::string& resolved,
                          const std::vector<SourceText>& sources) {
  h5::Handle scenario = h5::create_group(root, "scenario");
  h5::write_text(scenario.id(), "resolved", resolved);
  std::vector<std::string> paths, texts;
  for (const auto& s : sources) {
    paths.push_back(s.path);
    texts.push_back(s.text);
  }
  h5::write_texts(scenario.id(), "source_files", paths);
  h5::write_texts(scenario.id(), "source_texts", texts);
}

namespace {

// A model's own places (not a geography's regions): names as the dimension scale, then the
// columns along it.
void write_places(hid_t root, const std::string& group, const std::string& dimension,
                  const PlaceTable& places) {
  h5::Handle g = h5::create_group(root, group);
  h5::write_texts(g.id(), dimension, places.names);
  h5::Handle scale(H5Dopen2(g.id(), dimension.c_str(), H5P_DEFAULT), "open " + dimension);
  h5::make_scale(scale.id(), dimension);
  h5::describe(scale.id(), "1", dimension + " name");
  for (const auto& c : places.columns) {
    if (!c.texts.empty()) {
      h5::write_text_column(g.id(), c.name, c.texts, scale.id(), c.long_name);
    } else {
      h5::write_column(g.id(), c.name, H5T_NATIVE_DOUBLE, c.numbers.size(), c.numbers.data(),
                       scale.id(), c.units, c.long_name);
    }
  }
}

}  // namespace

ResultsWriter::ResultsWriter(std::string path) : path_(std::move(path)) {
  h5::quiet_errors();
}

ResultsWriter::~ResultsWriter() {
  close_all();
}

void ResultsWriter::begin(const RunHeader& header) {
  header_ = &header;
  const ModelInfo& model = *header.model;
  const ScenarioSpec& spec = *header.spec;
  const Grid& grid = *header.grid;
  calendar_ = spec.calendar;

  prepare_destination(path_);
  file_ = h5::create_file(partial_path());
  if (!file_.valid()) throw h5::Error("HDF5: cannot create " + partial_path());
  const hid_t root = file_.id();

  // Provenance. `complete` turns to 1 only in finish().
  h5::write_attribute(root, "format", std::string("sahelsim"));
  h5::write_attribute(root, "format_version", std::int32_t{kResultsFormatVersion});
  h5::write_attribute(root, "engine_version", std::string(engine_version()));
  h5::write_attribute(root, "git_commit", std::string(git_commit()));
  h5::write_attribute(root, "model", model.name);
  h5::write_attribute(root, "scenario_name", spec.name);
  h5::write_attribute(root, "seed", static_cast<std::uint64_t>(spec.seed));
  h5::write_attribute(root, "steps", spec.steps);
  h5::write_attribute(root, "steps_done", std::int64_t{0});
  h5::write_attribute(root, "threads", std::int32_t{header.threads});
  h5::write_attribute(root, "created_utc", h5::utc_timestamp());
  h5::write_attribute(root, "complete", std::int32_t{0});
  h5::write_attribute(root, "Conventions", std::string("CF-1.8"));
  h5::write_attribute(root, "title", spec.name);
  h5::write_attribute(root, "source",
                      "sahelsim " + std::string(engine_version()) + ", model " + model.name);

  for (const auto& [name, value] : attributes_) h5::write_attribute(root, name, value);

  write_scenario_group(root, spec.resolved_yaml, spec.sources);
  if (!scenario_texts_.empty()) {
    const h5::Handle scenario = h5::open_or_create_group(root, "scenario");
    for (const auto& [name, text] : scenario_texts_) h5::write_text(scenario.id(), name, text);
  }

  // Time axis: steps completed; with a calendar also days since the start (CF time).
  time_ = h5::Appendable(root, "time", H5T_NATIVE_INT64, {}, kRecordChunk, 0);
  h5::make_scale(time_.id(), "time");
  if (calendar_) {
    h5::describe(time_.id(), "days since " + format_date(calendar_->start), "time");
    h5::write_attribute(time_.id(), "calendar", std::string("proleptic_gregorian"));
    h5::write_attribute(time_.id(), "standard_name", std::string("time"));
  } else {
    h5::describe(time_.id(), "1", "steps completed");
  }
  step_ = h5::Appendable(root, "step", H5T_NATIVE_INT64, {}, kRecordChunk, 0);
  h5::describe(step_.id(), "1", "steps completed");
  h5::attach_scale(step_.id(), time_.id(), 0);
  if (calendar_) {
    h5::Handle date_type = h5::string_type(10, H5T_STR_NULLPAD);  // exactly YYYY-MM-DD
    date_ = h5::Appendable(root, "date", date_type.id(), {}, kRecordChunk, 0);
    h5::describe(date_.id(), "1", "date at the record time (YYYY-MM-DD)");
    h5::attach_scale(date_.id(), time_.id(), 0);
  }

  series_group_ = h5::create_group(root, "series");
  for (const auto& s : model.series) {
    series_.emplace_back(series_group_.id(), s.name, H5T_NATIVE_DOUBLE, std::vector<hsize_t>{},
                         kRecordChunk, kGzipLevel);
    h5::describe(series_.back().id(), s.unit, s.long_name);
    h5::write_attribute(series_.back().id(), "kind", kind_name(s.kind));
    for (const auto& [name, text] : model.formulas) {
      if (name == s.name) h5::write_attribute(series_.back().id(), "comment", text);
    }
    for (const auto& group : model.groups) {
      for (const auto& member : group.series) {
        if (member == s.name) h5::write_attribute(series_.back().id(), "group", group.title);
      }
    }
    h5::attach_scale(series_.back().id(), time_.id(), 0);
  }
  pending_values_.assign(model.series.size(), {});

  // Space: cell-centre coordinates along y (rows) and x (columns).
  const bool geo = grid.geo().has_value();
  {
    const Eigen::ArrayXd xs = grid.x_coordinates();
    const Eigen::ArrayXd ys = grid.y_coordinates();
    h5::write_vector(root, "y", std::vector<double>(ys.data(), ys.data() + ys.size()));
    h5::write_vector(root, "x", std::vector<double>(xs.data(), xs.data() + xs.size()));
    h5::Handle y(H5Dopen2(root, "y", H5P_DEFAULT), "open y");
    h5::Handle x(H5Dopen2(root, "x", H5P_DEFAULT), "open x");
    h5::make_scale(y.id(), "y");
    h5::make_scale(x.id(), "x");
    h5::describe(y.id(), geo ? "degrees_north" : "1",
                 geo ? "latitude of cell centres" : "row index");
    h5::describe(x.id(), geo ? "degrees_east" : "1",
                 geo ? "longitude of cell centres" : "column index");
    if (geo) {
      h5::write_attribute(y.id(), "standard_name", std::string("latitude"));
      h5::write_attribute(x.id(), "standard_name", std::string("longitude"));
    }
    h5::Handle grid_group = h5::create_group(root, "grid");
    h5::write_attribute(grid_group.id(), "width", std::int32_t{grid.width()});
    h5::write_attribute(grid_group.id(), "height", std::int32_t{grid.height()});
    h5::write_attribute(grid_group.id(), "topology", std::string(to_string(grid.topology())));
    if (geo) {
      h5::write_attribute(grid_group.id(), "west", grid.geo()->west);
      h5::write_attribute(grid_group.id(), "south", grid.geo()->south);
      h5::write_attribute(grid_group.id(), "cell_deg", grid.geo()->cell_deg);
    }
  }

  if (header.geography != nullptr) write_geography(root, *header.geography);
  const std::string& dimension = model.regional_dimension;
  const std::string group = dimension + "s";
  if (header.places != nullptr) write_places(root, group, dimension, *header.places);
  if (header.regions > 0 && !model.regional.empty() && h5::exists(root, group + "/" + dimension)) {
    // Per-place series: /regions/series/NAME (time, region), or /<dimension>s/series/NAME.
    // Inside the places' group, so that netCDF readers see the dimension (a netCDF dimension
    // is visible in its group and the groups below it).
    h5::Handle places = h5::open_or_create_group(root, group);
    regional_group_ = h5::create_group(places.id(), "series");
    h5::Handle scale(H5Dopen2(root, (group + "/" + dimension).c_str(), H5P_DEFAULT),
                     "open " + dimension);
    for (const auto& s : model.regional) {
      regional_.emplace_back(regional_group_.id(), s.name, H5T_NATIVE_DOUBLE,
                             std::vector<hsize_t>{static_cast<hsize_t>(header.regions)},
                             kRecordChunk, kGzipLevel);
      h5::describe(regional_.back().id(), s.unit, s.long_name);
      h5::write_attribute(regional_.back().id(), "kind", kind_name(s.kind));
      h5::attach_scale(regional_.back().id(), time_.id(), 0);
      h5::attach_scale(regional_.back().id(), scale.id(), 1);
    }
    pending_regional_.assign(model.regional.size(), {});
  }

  if (spec.output.maps_every > 0 && !model.maps.empty()) {
    map_time_ = h5::Appendable(root, "map_time", H5T_NATIVE_INT64, {}, kRecordChunk, 0);
    h5::make_scale(map_time_.id(), "map_time");
    h5::describe(map_time_.id(), "1", "steps completed at the map snapshot");
    maps_group_ = h5::create_group(root, "maps");
    h5::Handle y(H5Dopen2(root, "y", H5P_DEFAULT), "open y");
    h5::Handle x(H5Dopen2(root, "x", H5P_DEFAULT), "open x");
    const std::vector<hsize_t> shape{static_cast<hsize_t>(grid.height()),
                                     static_cast<hsize_t>(grid.width())};
    for (const auto& m : model.maps) {
      const hid_t type = m.type == MapType::u8 ? H5T_NATIVE_UINT8 : H5T_NATIVE_FLOAT;
      maps_.emplace_back(maps_group_.id(), m.name, type, shape, 1, kGzipLevel);
      const hid_t id = maps_.back().id();
      h5::describe(id, m.unit, m.long_name);
      if (!m.categories.empty()) {
        std::vector<std::int32_t> codes;
        std::string meanings;
        for (std::size_t c = 0; c < m.categories.size(); ++c) {
          codes.push_back(static_cast<std::int32_t>(c));
          meanings += (c ? " " : "") + m.categories[c];
        }
        h5::write_attribute(id, "flag_values", codes);
        h5::write_attribute(id, "flag_meanings", meanings);
      }
      h5::attach_scale(id, map_time_.id(), 0);
      h5::attach_scale(id, y.id(), 1);
      h5::attach_scale(id, x.id(), 2);
    }
  }

  if (spec.output.events) {
    events_group_ = h5::create_group(root, "events");
    const hid_t g = events_group_.id();
    event_index_ = h5::Appendable(g, "event", H5T_NATIVE_INT64, {}, 16384, kGzipLevel);
    h5::make_scale(event_index_.id(), "event");
    h5::describe(event_index_.id(), "1", "event number");
    event_step_ = h5::Appendable(g, "step", H5T_NATIVE_INT64, {}, 16384, kGzipLevel);
    h5::describe(event_step_.id(), "1", "step at which the event happened");
    event_kind_ = h5::Appendable(g, "kind", H5T_NATIVE_INT32, {}, 16384, kGzipLevel);
    h5::describe(event_kind_.id(), "1", "kind of event");
    std::vector<std::int32_t> codes;
    std::string meanings;
    for (std::size_t k = 0; k < model.events.size(); ++k) {
      codes.push_back(static_cast<std::int32_t>(k));
      meanings += (k ? " " : "") + model.events[k].name;
    }
    if (!codes.empty()) {
      h5::write_attribute(event_kind_.id(), "flag_values", codes);
      h5::write_attribute(event_kind_.id(), "flag_meanings", meanings);
    }
    event_cell_ = h5::Appendable(g, "cell", H5T_NATIVE_INT32, {}, 16384, kGzipLevel);
    h5::describe(event_cell_.id(), "1", "cell index y * width + x (-1: none)");
    event_actor_ = h5::Appendable(g, "actor", H5T_NATIVE_INT64, {}, 16384, kGzipLevel);
    h5::describe(event_actor_.id(), "1", "id of the acting agent (-1: none)");
    event_target_ = h5::Appendable(g, "target", H5T_NATIVE_INT64, {}, 16384, kGzipLevel);
    h5::describe(event_target_.id(), "1", "id of the agent acted upon (-1: none)");
    event_count_ = h5::Appendable(g, "count", H5T_NATIVE_INT32, {}, 16384, kGzipLevel);
    h5::describe(event_count_.id(), "1", "people affected");
    for (const h5::Appendable* column :
         {&event_step_, &event_kind_, &event_cell_, &event_actor_, &event_target_, &event_count_}) {
      h5::attach_scale(column->id(), event_index_.id(), 0);
    }
  }

  timeline_group_ = h5::create_group(root, "timeline");
  {
    const hid_t g = timeline_group_.id();
    h5::Handle text = h5::string_type(0);
    change_index_ = h5::Appendable(g, "change", H5T_NATIVE_INT64, {}, 256, 0);
    h5::make_scale(change_index_.id(), "change");
    h5::describe(change_index_.id(), "1", "change number");
    change_step_ = h5::Appendable(g, "step", H5T_NATIVE_INT64, {}, 256, 0);
    h5::describe(change_step_.id(), "1", "step before which the change took effect");
    change_key_ = h5::Appendable(g, "key", text.id(), {}, 256, 0);
    h5::describe(change_key_.id(), "1", "parameter changed");
    change_value_ = h5::Appendable(g, "value", text.id(), {}, 256, 0);
    h5::describe(change_value_.id(), "1", "new value, as YAML text");
    change_note_ = h5::Appendable(g, "note", text.id(), {}, 256, 0);
    h5::describe(change_note_.id(), "1", "note of the timeline entry");
    for (const h5::Appendable* column :
         {&change_step_, &change_key_, &change_value_, &change_note_}) {
      h5::attach_scale(column->id(), change_index_.id(), 0);
    }
  }
  h5::check(H5Fflush(root, H5F_SCOPE_GLOBAL), "flush results file");
}

void ResultsWriter::record(std::int64_t time, std::span<const double> values) {
  // Flush a full chunk before the next record, not after this one: the per-place values of
  // a record arrive after its series (record_regional), and a flush between the two wrote
  // one per-place row short (read past the buffer) and shifted the rest by one.
  if (pending_times_.size() >= kRecordChunk) flush_records();
  pending_times_.push_back(time);
  for (std::size_t i = 0; i < values.size(); ++i) pending_values_[i].push_back(values[i]);
}

void ResultsWriter::record_regional(std::int64_t, std::span<const double> values) {
  const std::size_t regions = header_->regions;
  for (std::size_t i = 0; i < pending_regional_.size(); ++i) {
    const auto begin = values.begin() + static_cast<std::ptrdiff_t>(i * regions);
    pending_regional_[i].insert(pending_regional_[i].end(), begin,
                                begin + static_cast<std::ptrdiff_t>(regions));
  }
}

void ResultsWriter::flush_records() {
  const auto n = static_cast<hsize_t>(pending_times_.size());
  if (n == 0) return;
  std::vector<std::int64_t> axis(pending_times_);
  if (calendar_) {
    for (auto& t : axis) t *= calendar_->step_days;
  }
  time_.append(axis.data(), n);
  step_.append(pending_times_.data(), n);
  if (calendar_) {
    std::string dates;
    for (std::int64_t t : pending_times_) dates += format_date(calendar_->date_after(t));
    date_.append(dates.data(), n);
  }
  for (std::size_t i = 0; i < series_.size(); ++i) {
    series_[i].append(pending_values_[i].data(), n);
    pending_values_[i].clear();
  }
  for (std::size_t i = 0; i < regional_.size(); ++i) {
    assert(pending_regional_[i].size() == n * header_->regions);
    regional_[i].append(pending_regional_[i].data(), n);
    pending_regional_[i].clear();
  }
  pending_times_.clear();
}

void ResultsWriter::map(std::int64_t time, std::size_t map, const MapBuffer& buffer) {
  if (map == 0) map_time_.append(&time, 1);
  const bool u8 = header_->model->maps[map].type == MapType::u8;
  maps_[map].append(
      u8 ? static_cast<const void*>(buffer.u8.data()) : static_cast<const void*>(buffer.f32.data()),
      1);
}

void ResultsWriter::events(std::span<const Event> batch) {
  if (!events_group_.valid()) return;
  pending_events_.insert(pending_events_.end(), batch.begin(), batch.end());
  if (pending_events_.size() >= kEventFlush) flush_events();
}

void ResultsWriter::flush_events() {
  const std::size_t n = pending_events_.size();
  if (n == 0 || !events_group_.valid()) return;
  std::vector<std::int64_t> index(n), step(n), actor(n), target(n);
  std::vector<std::int32_t> kind(n), cell(n), count(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Event& e = pending_events_[i];
    index[i] = events_written_ + static_cast<std::int64_t>(i);
    step[i] = e.step;
    kind[i] = e.kind;
    cell[i] = e.cell;
    actor[i] = e.actor;
    target[i] = e.target;
    count[i] = e.count;
  }
  event_index_.append(index.data(), n);
  event_step_.append(step.data(), n);
  event_kind_.append(kind.data(), n);
  event_cell_.append(cell.data(), n);
  event_actor_.append(actor.data(), n);
  event_target_.append(target.data(), n);
  event_count_.append(count.data(), n);
  events_written_ += static_cast<std::int64_t>(n);
  pending_events_.clear();
}

void ResultsWriter::timeline(std::span<const AppliedChange> changes) {
  std::vector<std::int64_t> index, step;
  std::vector<std::string> keys, values, notes;
  for (const auto& c : changes) {
    index.push_back(changes_written_++);
    step.push_back(c.step);
    keys.push_back(c.key);
    values.push_back(c.value);
    notes.push_back(c.note);
  }
  change_index_.append(index.data(), index.size());
  change_step_.append(step.data(), step.size());
  change_key_.append_strings(keys);
  change_value_.append_strings(values);
  change_note_.append_strings(notes);
}

void ResultsWriter::finish(const RunStats& stats) {
  flush_records();
  flush_events();
  const hid_t root = file_.id();
  h5::write_attribute(root, "steps_done", stats.steps_done);
  h5::write_attribute(root, "wall_seconds", stats.seconds);
  h5::write_attribute(root, "complete", std::int32_t{stats.complete ? 1 : 0});
  close_all();
  if (stats.complete) {
    std::error_code ec;
    fs::rename(partial_path(), path_, ec);
    if (ec) {
      throw UserError(
          {path_, 0, 0}, "",
          "cannot rename the finished results from " + partial_path() + " (" + ec.message() + ")");
    }
  }
}

void ResultsWriter::close_all() {
  for (auto& s : series_) s = h5::Appendable();
  for (auto& s : regional_) s = h5::Appendable();
  for (auto& m : maps_) m = h5::Appendable();
  time_ = h5::Appendable();
  step_ = h5::Appendable();
  date_ = h5::Appendable();
  map_time_ = h5::Appendable();
  for (h5::Appendable* a : {&event_index_, &event_step_, &event_kind_, &event_cell_, &event_actor_,
                            &event_target_, &event_count_, &change_index_, &change_step_,
                            &change_key_, &change_value_, &change_note_}) {
    *a = h5::Appendable();
  }
  series_group_.close();
  regional_group_.close();
  maps_group_.close();
  events_group_.close();
  timeline_group_.close();
  if (file_.valid()) {
    H5Fflush(file_.id(), H5F_SCOPE_GLOBAL);
    file_.close();
  }
}

}  // namespace sahelsim
